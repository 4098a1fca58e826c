"""Writes to projects. Keyword-only, with the acting user, each in one transaction
and leaving an entry in the audit trail."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projektdatabas.accounts.models import Membership
from projektdatabas.core.models import log_action
from projektdatabas.core.notify import notify

from .models import Project


@transaction.atomic
def publish_project(*, project: Project, actor) -> Project:
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
    project.is_published = False
    project.save(update_fields=["is_published", "updated_at"])
    log_action(actor=actor, action="project.unpublished", target=project, data={"reason": reason})
    return project


@transaction.atomic
def archive_project(*, project: Project, actor, reason: str = "") -> Project:
    """Archiving replaces deletion: the record stays, hidden from the public."""
    if project.archived_at is not None:
        raise ValidationError(_("The project is already archived."))
    project.is_published = False
    project.archived_at = timezone.now()
    project.save(update_fields=["is_published", "archived_at", "updated_at"])
    log_action(actor=actor, action="project.archived", target=project, data={"reason": reason})
    return project


@transaction.atomic
def restore_project(*, project: Project, actor) -> Project:
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
