"""Funding calls' closing days in the governance calendar (planning/calendar.py), and so in
its reminders (planning/reminders.py).

Only calls the municipality has acted on enter it: those marked for residents (a public
event, also in the public calendar feed) and those sent to departments (internal). An
imported list of a hundred EU topics would otherwise remind the coordinator a hundred
times. The representatives of each department that has not answered yet are reminded with
the coordinators; once every department has answered, the coordinators alone. No reminder
after the closing day: then it is moot."""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from projektdatabas.accounts.models import Membership, Role
from projektdatabas.planning.calendar import Event, Kind

from .models import Answer, Call
from .services import deadline_text


def calendar_events(municipality, start: dt.date, end: dt.date) -> list[Event]:
    calls = (
        Call.objects.for_municipality(municipality)
        .current()
        .filter(closes_on__range=(start, end))
        .filter(Q(is_public=True) | Q(routings__isnull=False))
        .distinct()
        .select_related("programme")
        .prefetch_related("routings")
    )
    events = []
    for call in calls:
        waiting = [r.department_id for r in call.routings.all() if r.answer == Answer.PENDING]
        recipients = Membership.objects.filter(
            department_id__in=waiting, role=Role.DEPARTMENT_REP
        ).active()
        events.append(
            Event(
                call.closes_on,
                Kind.CALL,
                _("Funding call closes: %(title)s") % {"title": call},
                " ".join(
                    part
                    for part in (
                        call.programme_label,
                        call.identifier,
                        _("Last day %(deadline)s.") % {"deadline": deadline_text(call)},
                    )
                    if part
                ),
                f"call-{call.pk}",
                recipients=tuple(recipients.recipients()) if waiting else (),
                internal=not call.is_public,
            )
        )
    return events
