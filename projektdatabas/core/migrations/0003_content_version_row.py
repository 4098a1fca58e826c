"""The content version's single row exists from the start, so that public caching works
on a fresh database before the first save (the middleware reads it with plain SQL and
skips caching when it is missing)."""

from django.db import migrations
from django.utils import timezone


def create_row(apps, schema_editor):
    ContentVersion = apps.get_model("core", "ContentVersion")
    ContentVersion.objects.get_or_create(pk=1, defaults={"counter": 0, "changed_at": timezone.now()})


class Migration(migrations.Migration):
    dependencies = [("core", "0002_content_version")]
    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
