"""What the semi-annual report says about funding calls (wired in by the reporting app)."""

import datetime as dt
from dataclasses import dataclass

from .models import Answer, Call, Routing


@dataclass(frozen=True)
class HalfYearFigures:
    calls_registered: int  # calls entered in the register (typed or imported) in the period
    calls_routed: int  # calls sent to at least one department in the period
    departments_reached: int  # departments that were sent a call in the period
    applying_answers: int  # "vi söker" answers given in the period
    project_ideas: int  # project ideas registered from calls in the period


def half_year_figures(municipality, start: dt.date, end: dt.date) -> HalfYearFigures:
    """Counted by the day each thing happened (Swedish time), `start` and `end` included.
    Archived calls count: they were registered and sent all the same."""
    routed = Routing.objects.filter(
        call__municipality=municipality, routed_at__date__range=(start, end)
    )
    answered = Routing.objects.filter(
        call__municipality=municipality,
        answer=Answer.APPLYING,
        answered_at__date__range=(start, end),
    )
    return HalfYearFigures(
        calls_registered=Call.objects.for_municipality(municipality)
        .filter(created_at__date__range=(start, end))
        .count(),
        calls_routed=routed.values("call").distinct().count(),
        departments_reached=routed.values("department").distinct().count(),
        applying_answers=answered.count(),
        project_ideas=answered.filter(project__isnull=False).count(),
    )
