"""Writes to projects. Keyword-only, with the acting user, each checking its permission,
in one transaction and leaving an entry in the audit trail.

Creating and saving take plain data: the fields' new values and, for the partner and money
sections, the rows as they should be afterwards (PartnerRow, FundingRow). The staff forms
turn a request into that data; a script or an API could call the same functions."""

from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from projektdatabas.accounts import permissions as perms
from projektdatabas.accounts.models import Membership
from projektdatabas.accounts.permissions import can_archive_project, can_edit_project, require
from projektdatabas.core.models import log_action
from projektdatabas.core.notify import notify
from projektdatabas.organisations.models import Department, Organisation

from .editing import locked_for_edit
from .models import MunicipalRole, PartnerRole, Programme, Project


@dataclass(frozen=True)
class PartnerRow:
    """A partner of the project as it should be after the save. `id` names an existing
    partnership (None: a new one); `delete` removes it."""

    organisation: Organisation
    role: str
    id: int | None = None
    delete: bool = False


@dataclass(frozen=True)
class FundingRow:
    """A line of the financing plan as it should be after the save (see PartnerRow)."""

    source: str
    amount: Decimal | None = None
    currency: str = "SEK"
    exchange_rate: Decimal = Decimal("1")
    programme: Programme | None = None
    funder: Organisation | None = None
    staff_hours: Decimal | None = None
    note: str = ""
    id: int | None = None
    delete: bool = False


@dataclass(frozen=True)
class LinkRow:
    """A link on the project's public page as it should be after the save (see PartnerRow).
    The form never removes one: it is taken off the website with `is_public`."""

    url: str
    label_sv: str
    label_en: str = ""
    is_public: bool = True
    id: int | None = None
    delete: bool = False


def _apply(project: Project, changes: dict[str, Any]) -> dict[str, Any]:
    """Set the project's own fields; return the many-to-many ones, set after saving."""
    later = {}
    for name, value in changes.items():
        if Project._meta.get_field(name).many_to_many:
            later[name] = value
        else:
            setattr(project, name, value)
    if "title_sv" in changes:
        project.slug = slugify(project.title_sv)[:80] or "projekt"
    return later


@transaction.atomic
def create_project(*, actor, changes: dict[str, Any]) -> Project:
    """Register a draft from the basics: title, kind, lead department and so on."""
    perms.require(perms.can_create_project(actor))
    project = Project(version=1)
    later = _apply(project, changes)
    department = project.lead_department if project.lead_department_id else None
    if department is None or not perms.departments_for(actor, Department).filter(pk=department.pk):
        raise PermissionDenied(_("You can only register projects for your own department."))
    project.municipality = department.municipality
    project._history_user = actor
    project.full_clean()
    project.save()
    for name, value in later.items():
        getattr(project, name).set(value)
    log_action(actor=actor, action="project.created", target=project)
    return project


@transaction.atomic
def save_project(
    *,
    project: Project,
    actor,
    expected_version: int,
    section: str,
    changes: dict[str, Any],
    partners: Sequence[PartnerRow] | None = None,
    fundings: Sequence[FundingRow] | None = None,
    links: Sequence[LinkRow] | None = None,
) -> Project:
    """Save a section of the project unless someone saved it since the form was read
    (EditConflict). `section` names what was edited, for the history. Rows not named in
    `partners`, `fundings` or `links` are left as they are; None leaves them all alone."""
    perms.require(perms.can_edit_project(actor, project))
    stored = locked_for_edit(project, expected_version=expected_version)
    later = _apply(project, changes)
    project.version = stored.version
    project._history_user = actor
    project._change_reason = section
    project.full_clean(exclude=["slug"])
    project.save()
    for name, value in later.items():
        getattr(project, name).set(value)
    if partners is not None:
        _save_rows(project, project.partnerships, partners, actor=actor)
    if fundings is not None:
        on_lines = _line_programme_ids(project)
        standalone = set(project.programmes.values_list("pk", flat=True)) - on_lines
        _save_rows(project, project.fundings, fundings, actor=actor)
        # The programme is asked once, on the financing lines; the project's programmes
        # (public filters, statistics) follow from them. Programmes recorded before that,
        # with no line of their own, are kept rather than silently dropped.
        project.programmes.set(_line_programme_ids(project) | standalone)
    if links is not None:
        _save_rows(project, project.links, links, actor=actor)
    _check_one_lead(project)
    log_action(actor=actor, action="project.edited", target=project, data={"section": section})
    return project


def _check_one_lead(project: Project) -> None:
    """A project has one lead (huvudman): the municipality when it owns the project, else
    at most one partner. The decision rule reads the municipality's role, so a project
    both owned and led by Stadt Kassel could not say which committee must decide."""
    leads = project.partnerships.filter(role=PartnerRole.LEAD).count()
    if project.municipal_role == MunicipalRole.OWNER and leads:
        raise ValidationError(
            {
                "municipal_role": _(
                    "The municipality owns the project (lead), so no partner can be the lead "
                    "partner too. Change the municipality's role or the partner's."
                )
            }
        )
    if leads > 1:
        raise ValidationError(_("Only one partner can be the lead partner."))


def _line_programme_ids(project: Project) -> set[int]:
    return set(
        project.fundings.filter(programme__isnull=False).values_list("programme_id", flat=True)
    )


def _save_rows(project: Project, manager, rows: Sequence, *, actor) -> None:
    """Bring a project's partner, financing or link rows to `rows`: removals first (so an
    organisation removed and added again in one save does not collide with itself),
    then changes, then new rows. A row is saved only if something in it changed, so the
    history shows real changes only."""
    existing = {row.pk: row for row in manager.all()}
    unknown = [row.id for row in rows if row.id is not None and row.id not in existing]
    if unknown:
        raise ValidationError(_("A row does not belong to this project any more. Reload."))
    for row in rows:
        if row.id is not None and row.delete:
            existing[row.id]._history_user = actor
            existing[row.id].delete()
    changed = []
    for row in sorted(rows, key=lambda r: r.id is None):
        if row.delete:
            continue
        instance = existing[row.id] if row.id is not None else manager.model(project=project)
        values = {
            f.name: getattr(row, f.name) for f in fields(row) if f.name not in ("id", "delete")
        }
        if instance.pk and all(_same(getattr(instance, k), v) for k, v in values.items()):
            continue
        changed.append((instance, values))
    for instance, values in _without_collisions(changed):
        for name, value in values.items():
            setattr(instance, name, value)
        instance._history_user = actor
        instance.full_clean(exclude=["project"])
        if hasattr(instance, "organisation_id"):  # once per project (partners)
            instance.validate_constraints()
        instance.save()


def _without_collisions(changed: list) -> list:
    """The saved rows in an order in which none takes an organisation another still holds:
    row 1 X→Y and row 2 Y→Z is saved as row 2, then row 1 (in the form's order it had been
    a server error; a partner is in a project once). Two rows trading organisations can
    be saved in no order: said so."""
    if not changed or not hasattr(changed[0][0], "organisation_id"):
        return changed
    pending, ordered = list(changed), []
    while pending:
        held = {instance.organisation_id for instance, _values in pending if instance.pk}
        free = [
            (instance, values)
            for instance, values in pending
            if _organisation_id(values) not in held - {instance.organisation_id}
        ]
        if not free:
            raise ValidationError(
                _(
                    "Two rows cannot trade organisations in one save: change their roles "
                    "instead, or remove one of the rows, save, and add it again."
                )
            )
        ordered.append(free[0])
        pending.remove(free[0])
    return ordered


def _organisation_id(values: dict):
    organisation = values.get("organisation")
    return getattr(organisation, "pk", organisation)


def _same(stored, new) -> bool:
    if isinstance(stored, models.Model) or isinstance(new, models.Model):
        return getattr(stored, "pk", None) == getattr(new, "pk", None)
    if isinstance(stored, Decimal) and new is not None:
        return stored == Decimal(new)
    return stored == new


@transaction.atomic
def publish_project(*, project: Project, actor) -> Project:
    require(can_edit_project(actor, project))
    if project.archived_at is not None:
        raise ValidationError(_("An archived project cannot be published. Restore it first."))
    if not project.public_summary_sv.strip():
        raise ValidationError(_("A published project needs a public summary in Swedish."))
    now = timezone.now()
    project.is_published = True
    project.published_at = now
    project.first_published_at = project.first_published_at or now
    project.save(update_fields=["is_published", "published_at", "first_published_at", "updated_at"])
    log_action(actor=actor, action="project.published", target=project)
    return project


@transaction.atomic
def unpublish_project(*, project: Project, actor, reason: str = "") -> Project:
    require(can_edit_project(actor, project))
    project.is_published = False
    project.save(update_fields=["is_published", "updated_at"])
    log_action(actor=actor, action="project.unpublished", target=project, data={"reason": reason})
    return project


@transaction.atomic
def archive_project(*, project: Project, actor, reason: str = "") -> Project:
    """Archiving replaces deletion: the record stays, hidden from the public."""
    require(can_archive_project(actor, project))
    if project.archived_at is not None:
        raise ValidationError(_("The project is already archived."))
    project.is_published = False
    project.archived_at = timezone.now()
    project.save(update_fields=["is_published", "archived_at", "updated_at"])
    log_action(actor=actor, action="project.archived", target=project, data={"reason": reason})
    return project


@transaction.atomic
def restore_project(*, project: Project, actor) -> Project:
    require(can_archive_project(actor, project))
    if project.archived_at is None:
        raise ValidationError(_("The project is not archived."))
    project.archived_at = None
    project.save(update_fields=["archived_at", "updated_at"])
    log_action(actor=actor, action="project.restored", target=project)
    return project


# What a project needs before the coordinator sees it as submitted.
SUBMISSION_FIELDS = ("title_sv", "kind", "lead_department", "start_date", "public_summary_sv")


def missing_for_submission(project: Project) -> list[str]:
    return [
        str(Project._meta.get_field(name).verbose_name)
        for name in SUBMISSION_FIELDS
        if not getattr(project, name if name != "lead_department" else "lead_department_id")
    ]


@transaction.atomic
def submit_project(*, project: Project, actor) -> Project:
    """The department hands the project to the coordinator; it is no longer a draft."""
    require(can_edit_project(actor, project))
    if project.submitted_at is not None:
        raise ValidationError(_("The project has already been submitted."))
    missing = missing_for_submission(project)
    if missing:
        raise ValidationError(
            _("Fill in before submitting: %(fields)s.") % {"fields": ", ".join(missing)}
        )
    project.submitted_at = timezone.now()
    project._history_user = actor
    project.save(update_fields=["submitted_at", "updated_at"])
    log_action(actor=actor, action="project.submitted", target=project)
    notify(
        recipients=[
            *Membership.objects.coordinators(project.municipality).recipients(),
            project.municipality.coordinator_email,
        ],
        subject=_("Project submitted: %(title)s") % {"title": project.title_sv},
        template="projects/mail/submitted.txt",
        context={"project": project, "actor": actor},
    )
    return project
