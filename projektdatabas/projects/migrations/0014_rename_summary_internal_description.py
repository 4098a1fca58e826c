# The internal description was called summary_sv/en beside public_summary_sv/en, one word
# away from being published by mistake. A rename keeps every row and its history.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0013_project_started_on_completed_on"),
    ]

    operations = [
        migrations.RenameField("project", "summary_sv", "internal_description_sv"),
        migrations.RenameField("project", "summary_en", "internal_description_en"),
        migrations.RenameField("historicalproject", "summary_sv", "internal_description_sv"),
        migrations.RenameField("historicalproject", "summary_en", "internal_description_en"),
    ]
