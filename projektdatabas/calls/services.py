"""Writes to funding calls. Keyword-only, with the acting user, each checking its
permission, in one transaction and leaving an entry in the audit trail (`call.*`).

The coordinator registers a call (or imports it, calls/imports.py) and sends it to
departments; each department's representatives get an e-mail after the commit and see the
call on their start page until they answer. "Vi söker" registers a project idea through the
projects' own service, pre-filled from the call, and links it to the routing here: the
projects app knows nothing of calls."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from projektdatabas.accounts.models import Membership
from projektdatabas.accounts.permissions import can_answer_call, can_manage_calls, require
from projektdatabas.core import editing
from projektdatabas.core.models import log_action
from projektdatabas.core.notify import notify
from projektdatabas.projects.models import ProjectKind
from projektdatabas.projects.services import create_project

from .models import Answer, Call, CallStatus, Routing

M2M = ("themes", "departments")
PROJECT_TITLE_MAX = 250  # Project.title_sv


class CallEditConflict(ValidationError):
    def __init__(self):
        super().__init__(
            _(
                "Someone else saved this call after you opened it, so your change has not "
                "been saved."
            ),
            code="edit_conflict",
        )


def deadline_text(call: Call) -> str:
    """ "17 september 2026 kl. 17.00", in Swedish whatever the page: it is written into
    records (a project's internal description) and e-mails, which are Swedish."""
    if call.closes_on is None:
        return _("open until further notice")
    day = formats.date_format(call.closes_on, "j F Y")
    if call.closes_at_time is None:
        return day
    return _("%(day)s at %(time)s") % {
        "day": day,
        "time": formats.time_format(call.closes_at_time, "H.i"),
    }


def _apply(call: Call, changes: dict[str, Any]) -> dict[str, Any]:
    later = {name: changes[name] for name in M2M if name in changes}
    for name, value in changes.items():
        if name not in M2M:
            setattr(call, name, value)
    return later


def _save(call: Call, later: dict[str, Any], *, actor, reason: str) -> None:
    call._history_user = actor
    call._change_reason = reason
    call.full_clean()
    call.save()
    for name, value in later.items():
        current = set(getattr(call, name).values_list("pk", flat=True))
        if current != {obj.pk for obj in value}:
            getattr(call, name).set(value)


@transaction.atomic
def create_call(*, actor, municipality, changes: dict[str, Any], example: bool = False) -> Call:
    require(can_manage_calls(actor, municipality.pk))
    call = Call(municipality=municipality, created_by=actor, is_example_data=example)
    later = _apply(call, changes)
    _save(call, later, actor=actor, reason="created")
    log_action(actor=actor, action="call.created", target=call)
    return call


def _may_manage(actor, call: Call) -> None:
    require(can_manage_calls(actor, call.municipality_id))


# Who may (the coordinator), and no silent overwrites (core/editing.py): a save, an
# archiving or a restoring on top of one made since the form was read is refused with
# CallEditConflict, and nothing is written.
versioned = editing.versioned("call", check=_may_manage, conflict=CallEditConflict)


@versioned
def save_call(*, call: Call, actor, changes: dict[str, Any]) -> Call:
    if call.archived_at:
        raise ValidationError(_("An archived call cannot be changed. Restore it first."))
    later = _apply(call, changes)
    _save(call, later, actor=actor, reason="edited")
    log_action(actor=actor, action="call.edited", target=call)
    return call


@versioned
def archive_call(*, call: Call, actor) -> Call:
    """Archiving replaces deletion: the call and its routings stay, out of every list."""
    if call.archived_at:
        raise ValidationError(_("The call is already archived."))
    return _set_archived(call, actor=actor, when=timezone.now(), action="archived")


@versioned
def restore_call(*, call: Call, actor) -> Call:
    if not call.archived_at:
        raise ValidationError(_("The call is not archived."))
    return _set_archived(call, actor=actor, when=None, action="restored")


def _set_archived(call: Call, *, actor, when, action: str) -> Call:
    call.archived_at = when
    call._history_user = actor
    call._change_reason = action
    call.save(update_fields=["archived_at", "version", "updated_at"])
    log_action(actor=actor, action=f"call.{action}", target=call)
    return call


@transaction.atomic
def route_call(*, call: Call, actor, departments, note: str = "") -> list[Routing]:
    """Send the call to `departments`. A department it was sent to before is left as it is
    (its answer stands); each new one's representatives get an e-mail after the commit.
    Returns the new routings."""
    require(can_manage_calls(actor, call.municipality_id))
    if call.archived_at:
        raise ValidationError(_("An archived call cannot be sent to departments."))
    if call.status == CallStatus.CLOSED:
        raise ValidationError(_("The call has closed; there is nothing left to apply for."))
    foreign = [d for d in departments if d.municipality_id != call.municipality_id]
    if foreign:
        raise ValidationError(_("%(department)s is not ours.") % {"department": foreign[0]})
    already = set(call.routings.values_list("department_id", flat=True))
    new = []
    for department in departments:
        if department.pk in already:
            continue
        routing = Routing(call=call, department=department, note=note.strip(), routed_by=actor)
        routing._history_user = actor
        routing.save()
        new.append(routing)
        _tell_department(routing, actor=actor)
    if new:
        log_action(
            actor=actor,
            action="call.routed",
            target=call,
            data={"departments": [r.department_id for r in new]},
        )
    return new


def _tell_department(routing: Routing, *, actor) -> None:
    call = routing.call
    with translation.override("sv"):  # the mail is Swedish, whoever sends it
        deadline = deadline_text(call)
        path = reverse("staff:call", kwargs={"pk": call.pk})
        subject = _("Funding call for %(department)s: %(title)s") % {
            "department": routing.department,
            "title": call,
        }
    notify(
        recipients=Membership.objects.representatives(routing.department).recipients(),
        subject=subject,
        template="calls/mail/routed.txt",
        context={
            "routing": routing,
            "call": call,
            "deadline": deadline,
            "actor": actor,
            "path": path,
        },
    )


@transaction.atomic
def answer_call(*, routing: Routing, actor, applying: bool, reason: str = "") -> Routing:
    """The department's answer. "Vi söker" registers a project idea for the department,
    pre-filled from the call (programme, title, themes; the call's identifier, deadline and
    link in the internal description) and linked to the routing; the idea is then the
    department's to complete. An answer may change until the call closes, except that a
    project idea once made stays: it is withdrawn as a project, not here."""
    require(can_answer_call(actor, routing))
    routing = (
        Routing.objects.select_for_update().select_related("call", "department").get(pk=routing.pk)
    )
    call = routing.call
    if call.archived_at:
        raise ValidationError(_("The call is archived."))
    if call.status == CallStatus.CLOSED:
        raise ValidationError(_("The call has closed; it can no longer be answered."))
    if routing.project_id:
        raise ValidationError(
            _(
                "A project idea has already been registered from this call. If you do not "
                "apply after all, withdraw the project."
            )
        )
    routing.answer = Answer.APPLYING if applying else Answer.NOT_APPLYING
    routing.reason = "" if applying else reason.strip()
    routing.answered_by = actor
    routing.answered_at = timezone.now()
    if applying:
        routing.project = create_project(actor=actor, changes=_project_from(routing))
    routing._history_user = actor
    routing.save()
    _tell_coordinators(routing, actor=actor)
    log_action(
        actor=actor,
        action="call.answered",
        target=call,
        data={
            "department": routing.department_id,
            "answer": routing.answer,
            "project": routing.project_id,
        },
    )
    return routing


def _tell_coordinators(routing: Routing, *, actor) -> None:
    """The coordinator follows up the answers (and helps with the application)."""
    call = routing.call
    with translation.override("sv"):
        subject = _("%(department)s answered the funding call %(title)s: %(answer)s") % {
            "department": routing.department,
            "title": call,
            "answer": routing.get_answer_display(),
        }
        path = reverse("staff:call", kwargs={"pk": call.pk})
    notify(
        recipients=[
            *Membership.objects.coordinators(call.municipality).recipients(),
            call.municipality.coordinator_email,
        ],
        subject=subject,
        template="calls/mail/answered.txt",
        context={"routing": routing, "call": call, "actor": actor, "path": path},
    )


def _project_from(routing: Routing) -> dict[str, Any]:
    call = routing.call
    with translation.override("sv"):
        description = _("Funding call: %(identifier)s “%(title)s”, last day %(deadline)s.") % {
            "identifier": call.identifier or call.programme_label,
            "title": call,
            "deadline": deadline_text(call),
        }
        if call.link:
            description += "\n" + _("The call: %(link)s") % {"link": call.link}
    programme = call.programme
    return {
        "title_sv": (call.title_sv or call.title_en)[:PROJECT_TITLE_MAX],
        "title_en": call.title_en[:PROJECT_TITLE_MAX],
        "kind": ProjectKind.EU_PROJECT if programme and programme.is_eu else ProjectKind.OTHER,
        "lead_department": routing.department,
        "internal_description_sv": description,
        "programmes": [programme] if programme else [],
        "themes": list(call.themes.all()),
    }
