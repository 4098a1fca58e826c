"""Writes to interest registrations. A resident registers (no account, so no actor: the
audit entry has none); staff who may change the project mark a registration handled or
remove it (on request, when a resident withdraws their consent); the daily job removes
those past their retention. Each leaves an audit entry that names no person."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from projektdatabas.accounts import permissions as perms
from projektdatabas.accounts.models import Membership
from projektdatabas.core import versioning
from projektdatabas.core.models import log_action
from projektdatabas.core.notify import notify
from projektdatabas.projects.models import Project

from .consent import CONSENT_VERSION
from .models import InterestRegistration, RegistrationStatus


class InterestClosed(ValidationError):
    def __init__(self):
        super().__init__(
            _("This project no longer takes registrations of interest."), code="closed"
        )


@transaction.atomic
def register_interest(
    *,
    project: Project,
    name: str,
    email: str = "",
    phone: str = "",
    kinds: Sequence[str],
    message: str = "",
    consent_version: str = CONSENT_VERSION,
    example: bool = False,
) -> InterestRegistration:
    if not project.takes_interest():
        raise InterestClosed()
    if not kinds or not set(kinds) <= set(project.interest_kinds):
        raise ValidationError(
            {"kinds": _("Choose what you are interested in from this project's choices.")}
        )
    registration = InterestRegistration(
        project=project,
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        kinds=[kind for kind in project.interest_kinds if kind in kinds],
        message=message.strip(),
        consent_version=consent_version,
        is_example_data=example,
    )
    registration.full_clean()
    registration.save()
    log_action(
        actor=None,
        action="participation.registered",
        target=registration,
        data={"project": project.pk},
    )
    # The mail says only that there is a registration and where to read it: the resident's
    # name, contact details and message stay in the database, where the daily job removes
    # them on time. Copied into mailboxes (and their backups) they would outlive the
    # retention the privacy notice promises, beyond anyone's reach to remove.
    notify(
        recipients=_recipients(project),
        subject=_("New registration of interest: %(title)s") % {"title": project.title_sv},
        template="participation/mail/registered.txt",
        context={
            "project": project,
            "waiting": project.interest_registrations.unhandled().count(),
        },
    )
    return registration


def _recipients(project: Project) -> list[str]:
    """The project's contact persons and its department's representatives; the
    coordinators if the project has neither, so that no registration goes unnoticed."""
    recipients = [
        *project.contacts.exclude(email="").values_list("email", flat=True),
        *Membership.objects.representatives(project.lead_department).recipients(),
    ]
    if not recipients:
        recipients = [
            *Membership.objects.coordinators(project.municipality).recipients(),
            project.municipality.coordinator_email,
        ]
    return recipients


@transaction.atomic
def mark_handled(*, registration: InterestRegistration, actor) -> InterestRegistration:
    perms.require(perms.can_edit_project(actor, registration.project))
    if registration.status != RegistrationStatus.HANDLED:
        registration.status = RegistrationStatus.HANDLED
        registration.handled_at = timezone.now()
        registration.handled_by = actor
        registration.save(update_fields=["status", "handled_at", "handled_by"])
        log_action(actor=actor, action="participation.handled", target=registration)
    return registration


@transaction.atomic
def remove_registration(*, registration: InterestRegistration, actor) -> None:
    """At the resident's request (consent withdrawn): removed at once, not kept until the
    daily job would have."""
    perms.require(perms.can_edit_project(actor, registration.project))
    log_action(
        actor=actor,
        action="participation.removed",
        target=registration,
        data={"project": registration.project_id},
    )
    registration.delete()


@transaction.atomic
def purge_expired(*, today: dt.date | None = None) -> int:
    """Deletes the registrations past their retention (retention.py) and returns how many.

    Deleted, not archived: they are personal data given with consent for one purpose, and
    GDPR's storage limitation (art. 5.1 e) says they go once that purpose is served. They are
    not the public records that the rest of the database is (those are archived, never
    deleted). The audit entry per project counts them and names nobody."""
    today = today or timezone.localdate()
    expired = InterestRegistration.objects.past_retention(today)
    counts = {row["project"]: row["n"] for row in expired.values("project").annotate(n=Count("id"))}
    if not counts:
        return 0
    expired_ids = list(expired.values_list("pk", flat=True))
    InterestRegistration.objects.filter(pk__in=expired_ids).delete()
    for project in Project.objects.filter(pk__in=counts):
        log_action(
            actor=None,
            action="participation.purged",
            target=project,
            data={"count": counts[project.pk]},
        )
    return sum(counts.values())


def note_closed_calls(*, today: dt.date | None = None) -> bool:
    """A project's "Anmäl intresse" section leaves its public page the day after its last
    day, though nothing was saved: the cached pages (public/caching.py) follow the content
    version, so it is moved on that day. (The form refuses late registrations regardless.)"""
    today = today or timezone.localdate()
    closed = Project.objects.public().filter(interest_until=today - dt.timedelta(days=1))
    if closed.exclude(interest_kinds=[]).exists():
        versioning.bump()
        return True
    return False
