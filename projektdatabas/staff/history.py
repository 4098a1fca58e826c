"""A project's field-level history for staff: the project's own fields, its partners,
its financing, its links and its decisions, merged into one timeline (django-simple-history
keeps a row per save of each)."""

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from projektdatabas.core.money import grouped
from projektdatabas.finance.models import Funding
from projektdatabas.governance.models import Decision
from projektdatabas.projects.editing import display_name
from projektdatabas.projects.models import InterestKind, Project, ProjectLink, ProjectPartner

HIDDEN = {"version", "updated_at", "created_at", "id", "project"}

# Fields shown on the "as it was on a day" page, in reading order.
SNAPSHOT_FIELDS = [
    "title_sv",
    "title_en",
    "kind",
    "status",
    "lead_department",
    "municipal_role",
    "start_date",
    "end_date",
    "internal_description_sv",
    "public_summary_sv",
    "results_sv",
    "total_budget",
    "budget_currency",
    "participants",
    "young_participants",
    "is_published",
    "submitted_at",
    "archived_at",
]


def display_value(model, name: str, value) -> str:
    """A stored value as people read it: labels for choices, names for foreign keys,
    local time as "30 nov 2026 01:34", amounts as "1 160 000"."""
    if value is None or value == "":
        return "–"
    field = model._meta.get_field(name)
    if name == "interest_kinds" and isinstance(value, list):  # a list of choices, in JSON
        labels = [str(InterestKind(v).label) for v in value if v in InterestKind.values]
        return ", ".join(labels) or "–"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        related = field.related_model.objects.filter(pk=value).first()
        if related is not None and field.related_model is get_user_model():
            return display_name(related)  # the person, not the user name ("utbildning")
        return str(related) if related else f"#{value}"
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.DateTimeField):
        return when(value)
    if isinstance(field, models.DateField):
        return formats.date_format(value, "j b Y")
    if isinstance(field, models.DecimalField):
        return grouped(value, 0 if value == int(value) else 2)
    return str(value)


def when(moment) -> str:
    """A moment in the municipality's time, as people write it: "30 nov 2026 01:34"."""
    return formats.date_format(timezone.localtime(moment), "j b Y H:i")


def field_rows(instance, names=SNAPSHOT_FIELDS) -> list[tuple[str, str]]:
    model = type(instance)
    return [
        (
            str(model._meta.get_field(name).verbose_name),
            display_value(model, name, getattr(instance, model._meta.get_field(name).attname)),
        )
        for name in names
    ]


def _entries(records, model, label_of):
    for record in records:
        changes = []
        if record.history_type == "~" and record.prev_record is not None:
            delta = record.diff_against(record.prev_record, excluded_fields=sorted(HIDDEN))
            changes = [
                (
                    str(model._meta.get_field(c.field).verbose_name),
                    display_value(model, c.field, c.old),
                    display_value(model, c.field, c.new),
                )
                for c in delta.changes
            ]
            if not changes:
                continue  # a save that changed nothing a person would see
        what = label_of(record)
        yield {
            "when": record.history_date,
            "who": display_name(record.history_user),
            "what": what,
            # One sentence per kind, so a language can put the verb where it belongs:
            # "Projektet ändrades", "Partner: Oulu lades till".
            "sentence": {
                "+": _("%(what)s was added"),
                "~": _("%(what)s was changed"),
                "-": _("%(what)s was removed"),
            }[record.history_type]
            % {"what": what},
            "changes": changes,
        }


def project_timeline(project: Project) -> list[dict]:
    related = "history_user"
    entries = [
        *_entries(project.history.select_related(related), Project, lambda r: _("The project")),
        *_entries(
            ProjectPartner.history.filter(project_id=project.pk).select_related(related),
            ProjectPartner,
            lambda r: (
                _("Partner: %(name)s")
                % {"name": display_value(ProjectPartner, "organisation", r.organisation_id)}
            ),
        ),
        *_entries(
            Funding.history.filter(project_id=project.pk).select_related(related),
            Funding,
            lambda r: (
                _("Financing: %(source)s") % {"source": display_value(Funding, "source", r.source)}
            ),
        ),
        *_entries(
            ProjectLink.history.filter(project_id=project.pk).select_related(related),
            ProjectLink,
            lambda r: _("Link: %(text)s") % {"text": r.label_sv},
        ),
        *_entries(
            Decision.history.filter(project_id=project.pk).select_related(related),
            Decision,
            lambda r: _("Decision %(case)s") % {"case": r.case_number},
        ),
    ]
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries


def timeline(*sources) -> list[dict]:
    """The history of other records, e.g. a payment or an allocation and its lines: each
    source is (historical records, model, label_of), merged newest first."""
    related = "history_user"
    entries = [
        entry
        for records, model, label_of in sources
        for entry in _entries(records.select_related(related), model, label_of)
    ]
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries
