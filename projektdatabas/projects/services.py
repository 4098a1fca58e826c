"""Writes to projects. Keyword-only, with the acting user, each in one transaction
and leaving an entry in the audit trail."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projektdatabas.core.models import log_action

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
