"""The groups' open follow-up points in the governance calendar (planning/calendar.py): each
on its due date, reminded to its owner as well as the coordinators, and again a week late
while it is still open (a done point leaves the calendar). Internal: not in the public feed."""

import datetime as dt

from django.utils.translation import gettext as _

from projektdatabas.planning.calendar import Event, Kind

from .models import FollowUp


def calendar_events(municipality, start: dt.date, end: dt.date) -> list[Event]:
    points = (
        FollowUp.objects.open()
        .filter(meeting__group__municipality=municipality, due_on__range=(start, end))
        .select_related("meeting__group", "owner_member__user", "owner_user")
    )
    events = []
    for point in points:
        address = point.owner_address
        events.append(
            Event(
                point.due_on,
                Kind.FOLLOW_UP,
                _("Follow-up: %(group)s") % {"group": point.meeting.group},
                f"{point.text} ({point.owner_name})",
                f"follow-up-{point.pk}",
                recipients=(address,) if address else (),
                remind_when_overdue=True,
                internal=True,
            )
        )
    return events
