from django.db import migrations, models
from django.db.models.functions import TruncDate

HELP = (
    "The day the application for funding was sent. Set when the project is marked as applied "
    "for; correct it here if it was sent earlier."
)


def date_open_applications(apps, schema_editor):
    # For a project waiting on its application the day it was registered is the best date
    # known; projects past that stage keep none rather than an invented one.
    Project = apps.get_model("projects", "Project")
    Project.objects.filter(status="application", applied_on__isnull=True).update(
        applied_on=TruncDate("created_at")
    )


class Migration(migrations.Migration):
    dependencies = [("projects", "0010_feed_index")]

    operations = [
        migrations.AddField(
            model_name="historicalproject",
            name="applied_on",
            field=models.DateField(
                blank=True, help_text=HELP, null=True, verbose_name="application sent"
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="applied_on",
            field=models.DateField(
                blank=True, help_text=HELP, null=True, verbose_name="application sent"
            ),
        ),
        migrations.RunPython(date_open_applications, migrations.RunPython.noop),
    ]
