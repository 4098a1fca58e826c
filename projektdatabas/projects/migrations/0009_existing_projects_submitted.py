from importlib import import_module

from django.db import migrations
from django.db.models import F

# SQLite rebuilt projects_project to add `version` (a column with a default) in 0008,
# which drops the table's triggers, the full-text index's among them.
search_index = import_module("projektdatabas.projects.migrations.0002_search_index")


def restore_search_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in search_index.SQLITE_FORWARD:
        if statement.startswith("CREATE TRIGGER"):
            schema_editor.execute(statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))
    schema_editor.execute("INSERT INTO project_fts(project_fts) VALUES ('rebuild')")


def mark_submitted(apps, schema_editor):
    # Projects registered before the staff interface existed were entered by the
    # coordinator; they are not drafts.
    Project = apps.get_model("projects", "Project")
    Project.objects.filter(submitted_at__isnull=True).update(submitted_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("projects", "0008_project_submitted_at_project_version_and_more")]

    operations = [
        migrations.RunPython(restore_search_triggers, migrations.RunPython.noop),
        migrations.RunPython(mark_submitted, migrations.RunPython.noop),
    ]
