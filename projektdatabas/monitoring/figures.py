"""EU monitoring's figures for the semi-annual report ("EU items handled, answered on time
or not"). Read by reporting; computed from the register as it stands.

The answers are counted by their answer date: a department's answer belongs to the
half-year in which it was due, so the three answer figures split what fell due in the
period (on time, late, still unanswered, not yet due: the four add up to every answer due in
the period), and a concern due after the period waits for the next report."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from .models import Concern, EUItem, ItemStatus


@dataclass(frozen=True)
class HalfYearFigures:
    items_registered: int  # EU items registered in the period (not archived)
    concerns_routed: int  # departments asked in the period
    answered_on_time: int  # of those due in the period: answered by the date
    answered_late: int  # of those due in the period: answered after it (so far)
    unanswered_past_due: int  # of those due in the period: the date has passed, no answer
    not_yet_due: int  # of those due in the period: no answer, the date still to come


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def half_year_figures(municipality, start: dt.date, end: dt.date) -> HalfYearFigures:
    today = timezone.localdate()
    items = EUItem.objects.for_municipality(municipality).exclude(status=ItemStatus.ARCHIVED)
    registered = sum(
        1 for moment in items.values_list("created_at", flat=True) if start <= _day(moment) <= end
    )
    concerns = Concern.objects.filter(item__in=items)
    routed = sum(
        1 for moment in concerns.values_list("routed_at", flat=True) if start <= _day(moment) <= end
    )
    on_time = late = unanswered = waiting = 0
    for due, answered_at in concerns.filter(answer_due__range=(start, end)).values_list(
        "answer_due", "answered_at"
    ):
        if answered_at is None:
            unanswered += due < today
            waiting += due >= today
        elif _day(answered_at) <= due:
            on_time += 1
        else:
            late += 1
    return HalfYearFigures(
        items_registered=registered,
        concerns_routed=routed,
        answered_on_time=on_time,
        answered_late=late,
        unanswered_past_due=unanswered,
        not_yet_due=waiting,
    )
