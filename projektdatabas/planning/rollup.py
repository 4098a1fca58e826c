"""Progress rolled up per orientation and per plan. Cancelled measures are left out of
the averages: a measure dropped on purpose is not a measure behind. A measure past its
deadline and still not started or ongoing counts as late (Measure.is_late)."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from .models import ActionPlan, Measure, MeasureStatus


@dataclass
class Progress:
    measures: int = 0
    counted: int = 0  # measures in the average (not cancelled)
    total: int = 0
    late: int = 0
    by_status: Counter = field(default_factory=Counter)

    def add(self, measure: Measure) -> None:
        self.measures += 1
        self.late += measure.late
        self.by_status[measure.status] += 1
        if measure.status != MeasureStatus.CANCELLED:
            self.counted += 1
            self.total += measure.progress

    @property
    def percent(self) -> int | None:
        return round(self.total / self.counted) if self.counted else None

    @property
    def done(self) -> int:
        return self.by_status[MeasureStatus.DONE]


@dataclass
class OrientationProgress:
    orientation: object
    progress: Progress
    measures: list


def rollup(
    plan: ActionPlan, measures=None, today=None
) -> tuple[Progress, list[OrientationProgress]]:
    """(the whole plan, then each orientation in the strategy's order). Each measure gets
    `late` for the pages to mark, as of `today` (default: the local date)."""
    today = today or timezone.localdate()
    if measures is None:
        measures = plan.measures.select_related(
            "orientation__area", "responsible_department"
        ).prefetch_related("projects")
    whole, groups = Progress(), {}
    for measure in measures:
        measure.late = measure.is_late(today)
        whole.add(measure)
        group = groups.setdefault(
            measure.orientation_id, OrientationProgress(measure.orientation, Progress(), [])
        )
        group.progress.add(measure)
        group.measures.append(measure)
    ordered = sorted(
        groups.values(), key=lambda g: (g.orientation.area.position, g.orientation.number)
    )
    return whole, ordered


# What a measure's history keeps that the roll-up reads.
STANDING = ("status", "progress", "progress_note", "deadline")


def as_they_stood(plan: ActionPlan, moment) -> list[Measure]:
    """The plan's measures as they stood at `moment`, from their history: a report on a
    half-year that ended in June, drafted in December, had counted a measure finished in
    the autumn as done while judging lateness at the end of June. Each measure gets the
    status, progress, comment and deadline of its last record up to `moment`. A measure
    first recorded after it is taken as first recorded: the plan is older than the
    register (a coordinator types in the plan adopted last year, then the overdue report),
    and leaving the measure out would tell the board the plan had none; its first record
    is the nearest to `moment` there is. One with no history at all is taken as it stands."""
    measures = list(plan.measures.select_related("orientation__area", "responsible_department"))
    if moment >= timezone.now():  # the half-year still running: as they stand
        return measures
    stood = {}
    for record in (
        Measure.history.filter(plan_id=plan.pk)
        .order_by("id", "history_date", "history_id")
        .values("id", "history_date", *STANDING)
    ):
        # Ordered: the last record up to `moment` wins, else the first one after it.
        if record["history_date"] <= moment or record["id"] not in stood:
            stood[record["id"]] = record
    for measure in measures:
        for name in STANDING if measure.pk in stood else ():
            setattr(measure, name, stood[measure.pk][name])
    return measures
