"""Competence development counted for a period: the semi-annual report's figures and the
staff page's per half-year are this one function, so they cannot disagree."""

import datetime as dt
from dataclasses import dataclass, field

from projektdatabas.core import money

from .models import Training


@dataclass(frozen=True)
class TrainingFigures:
    events: int  # trainings, study visits and conferences begun in the period
    staff: int  # places taken by staff (a person at two events counts twice)
    elected: int  # places taken by elected members
    cost_sek: int  # in whole kronor
    trainings: list[dict] = field(default_factory=list)  # each event, oldest first

    @property
    def people(self) -> int:
        return self.staff + self.elected


def half_year_figures(municipality, start: dt.date, end: dt.date) -> TrainingFigures:
    held = Training.objects.for_municipality(municipality).held_between(start, end)
    totals = held.totals()
    return TrainingFigures(
        events=totals["events"],
        staff=totals["staff"],
        elected=totals["elected"],
        cost_sek=money.whole(totals["cost"]),
        trainings=[
            {
                "date": t.starts_on.isoformat(),
                "title": t.title,
                "kind": t.get_kind_display(),
                "organiser": t.organiser,
                "staff": t.staff_count,
                "elected": t.elected_count,
                "cost_sek": money.whole(t.cost_sek),
            }
            for t in held.order_by("starts_on", "pk")
        ],
    )
