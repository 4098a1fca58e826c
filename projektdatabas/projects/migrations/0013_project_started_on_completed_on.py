from importlib import import_module

from django.db import migrations, models
from django.utils import timezone

# SQLite rebuilds projects_project to add the constraint, which drops the full-text index's
# triggers (as in 0008); 0009's step puts them back and rebuilds the index.
restore_search_triggers = import_module(
    "projektdatabas.projects.migrations.0009_existing_projects_submitted"
).restore_search_triggers

STARTED_HELP = (
    "The day the project actually started. Set when the project is started; correct it here if "
    "it started on another day."
)
COMPLETED_HELP = (
    "The day the project was completed. Set when the project is marked completed; correct it "
    "here if it ended on another day."
)


def date_starts_and_completions(apps, schema_editor):
    """Dates only what the audit trail records: the day the lifecycle's "Start the project"
    or "Mark as completed" was pressed. A project made ongoing or completed any other way
    (loaded, or edited in the admin) keeps no date rather than an invented one, and the
    figures fall back to its planned period."""
    AuditEntry = apps.get_model("core", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Project = apps.get_model("projects", "Project")
    content_type = ContentType.objects.filter(app_label="projects", model="project").first()
    if content_type is None:
        return  # a new database: nothing has happened yet
    field_for = {"ongoing": "started_on", "completed": "completed_on"}
    days = {}
    entries = AuditEntry.objects.filter(
        action="project.status_changed", content_type=content_type
    ).order_by("at", "id")
    for entry in entries.iterator():
        field = field_for.get((entry.data or {}).get("to"))
        if field:  # the latest entry wins: the step that still stands
            days[(int(entry.object_id), field)] = timezone.localdate(entry.at)
    for (pk, field), day in days.items():
        Project.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(**{field: day})


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_content_version_row"),
        ("projects", "0012_programme_years"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalproject",
            name="completed_on",
            field=models.DateField(
                blank=True, help_text=COMPLETED_HELP, null=True, verbose_name="completed on"
            ),
        ),
        migrations.AddField(
            model_name="historicalproject",
            name="started_on",
            field=models.DateField(
                blank=True, help_text=STARTED_HELP, null=True, verbose_name="started on"
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="completed_on",
            field=models.DateField(
                blank=True, help_text=COMPLETED_HELP, null=True, verbose_name="completed on"
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="started_on",
            field=models.DateField(
                blank=True, help_text=STARTED_HELP, null=True, verbose_name="started on"
            ),
        ),
        migrations.RunPython(date_starts_and_completions, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("started_on__isnull", True),
                    ("completed_on__isnull", True),
                    ("completed_on__gte", models.F("started_on")),
                    _connector="OR",
                ),
                name="project_completed_after_started",
                violation_error_message="The project cannot be completed before it started.",
            ),
        ),
        migrations.RunPython(restore_search_triggers, migrations.RunPython.noop),
    ]
