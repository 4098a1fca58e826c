"""Every figure the system shows, defined once.

A `Definition` is a key, the label a reader sees, an explanation of what it counts, and the
function that computes it. The start page, the statistics pages (and their CSV and JSON), the
semi-annual report and its stored figures all take their numbers from here, and the
statistics pages and the report's appendix print the same labels and explanations, so what a
coordinator reads is what the code does.

Figures are computed over a `Scope`: one municipality's projects, either the public ones (the
public site) or all that are not archived (the staff pages and the report), and for the
report's figures a period. `OVERVIEW` holds the figures of the data as it stands; `PERIOD`
those of a half-year."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from projektdatabas.core import money
from projektdatabas.finance.models import (
    AllocationPurpose,
    AnnualAllocation,
    Funding,
    Receipt,
    every_year,
)
from projektdatabas.governance.models import Decision
from projektdatabas.governance.rules import (
    STATUSES_NEEDING_DECISION,
    has_begun,
    projects_lacking_decision,
)
from projektdatabas.organisations.models import TwinningEvent
from projektdatabas.projects.models import (
    STARTED_STATUSES,
    Project,
    ProjectPartner,
    ProjectStatus,
)

COUNT, SEK, HOURS = "count", "SEK", "hours"


def whole(value) -> int:
    """Figures are shown in whole kronor and whole hours, rounded half up as every page
    rounds (core.money.whole); half to even had put a report's 12 500,50 kr 1 kr apart
    from the staff page's."""
    return money.whole(value or 0)


@dataclass(frozen=True)
class Scope:
    municipality: object
    public: bool = False
    start: dt.date | None = None
    end: dt.date | None = None

    @cached_property
    def projects(self):
        projects = Project.objects.for_municipality(self.municipality)
        return projects.public() if self.public else projects.filter(archived_at__isnull=True)

    @cached_property
    def eu_receipts(self):
        return Receipt.objects.eu().filter(project__in=self.projects)

    # The report's sets of projects: each is one QuerySet method on Project.
    @cached_property
    def ongoing(self):
        return self.projects.ongoing_during(self.start, self.end)

    @cached_property
    def new(self):
        return self.projects.started_during(self.start, self.end)

    @cached_property
    def completed(self):
        return self.projects.completed_during(self.start, self.end)

    @cached_property
    def applications(self):
        return self.projects.applied_during(self.start, self.end)

    @cached_property
    def lacking_decision(self) -> list:
        """(project, need) for each project lacking a required decision, or begun before
        it was made, as things stand; in a period's report, only what belonged to the
        period: a project started in October 2026 was no breach in the first half of 2024,
        though it lacks its decision today, and an idea registered in December 2026 was not
        waiting for one then. Finished projects count for the periods they ran in."""
        statuses = STATUSES_NEEDING_DECISION
        if self.start is not None:  # a period: also the projects that have finished since
            statuses = (*statuses, *STARTED_STATUSES)
        found = projects_lacking_decision(
            self.projects.select_related("lead_department"), statuses=statuses
        )
        return [(p, need) for p, need in found if self._belongs_to_period(p, need)]

    def _belongs_to_period(self, project, need) -> bool:
        if self.start is None or self.end is None:
            return True
        if not has_begun(project):  # waiting, if registered by the period's end
            return timezone.localdate(project.created_at) <= self.end
        # A breach from the day it began until the decision came or the project ended.
        if project.began_on is not None and project.began_on > self.end:
            return False
        if project.status != ProjectStatus.ONGOING:
            ended = project.completed_on or project.end_date
            if ended is None:  # finished, no one knows when: the half-year it began
                return project.began_on is not None and project.began_on >= self.start
            if ended < self.start:
                return False
        return need.late is None or need.late.decided_on > self.start

    @property
    def description(self) -> str:
        if self.public:
            return str(_("Published projects only."))
        return str(_("All projects, published or not; archived projects are left out."))


def fundings(projects):
    return Funding.objects.filter(project__in=projects)


@dataclass(frozen=True)
class Definition:
    key: str
    label: Promise
    explanation: Promise
    compute: Callable[[Scope], int]
    unit: str = COUNT

    def value(self, scope: Scope) -> int:
        return self.compute(scope)


def _partner_countries(scope: Scope) -> int:
    partners = ProjectPartner.objects.filter(project__in=scope.projects)
    return partners.values("organisation__country").distinct().count()


def _sum(projects, field: str) -> int:
    return projects.aggregate(n=Sum(field))["n"] or 0


OVERVIEW = (
    Definition(
        "projects",
        _("Projects and exchanges"),
        _("Projects and exchanges at every stage, from idea to final report."),
        lambda s: s.projects.count(),
    ),
    Definition(
        "ongoing_today",
        _("Ongoing today"),
        _("Projects whose status is ongoing now, with or without dates."),
        lambda s: s.projects.ongoing_today().count(),
    ),
    Definition(
        "partner_countries",
        _("Partner countries"),
        _(
            "The countries of the projects' partner organisations, each counted once; "
            "Sweden too, when a partner is Swedish."
        ),
        _partner_countries,
    ),
    Definition(
        "eu_granted_sek",
        _("EU grants awarded (SEK)"),
        _(
            "EU grants in the financing plans of projects that have been approved, are ongoing "
            "or are completed; not those of ideas, applications, or rejected or withdrawn "
            "projects. Granted is not yet received."
        ),
        lambda s: whole(fundings(s.projects.granted()).eu().total_sek()),
        SEK,
    ),
    Definition(
        "eu_received_sek",
        _("EU money received (SEK)"),
        _("Every payment of an EU grant recorded as received, whenever it came."),
        lambda s: whole(s.eu_receipts.total_sek()),
        SEK,
    ),
    Definition(
        "cofinancing_money_sek",
        _("Municipal co-financing in money (SEK)"),
        _("Municipal money in the financing plans of approved, ongoing and completed projects."),
        lambda s: whole(fundings(s.projects.granted()).money().total_sek()),
        SEK,
    ),
    Definition(
        "cofinancing_staff_time_sek",
        _("Municipal co-financing in own staff time (SEK)"),
        _("The value of the own staff time in the same projects' financing plans."),
        lambda s: whole(fundings(s.projects.granted()).staff_time().total_sek()),
        SEK,
    ),
    Definition(
        "cofinancing_staff_hours",
        _("Municipal co-financing in own staff time (hours)"),
        _("The hours of own staff time in the same projects' financing plans."),
        lambda s: whole(fundings(s.projects.granted()).staff_time().total_hours()),
        HOURS,
    ),
    Definition(
        "youth_exchanges",
        _("School and youth exchanges, ongoing and completed"),
        _("School and youth exchanges that are ongoing or completed."),
        lambda s: s.projects.started().youth_exchanges().count(),
    ),
    Definition(
        "participants",
        _("Participants"),
        _("Participants in ongoing and completed projects, as given on each project."),
        lambda s: _sum(s.projects.started(), "participants"),
    ),
    Definition(
        "young_participants",
        # Said "where given": a project that gives its participants but not how many were
        # young adds none, and "252, of whom 20 young" read as 8 %.
        _("Of whom young people, where given"),
        _(
            "Young participants in the same projects, where the project gives it; a project "
            "that gives its participants but not how many were young adds none here."
        ),
        lambda s: _sum(s.projects.started(), "young_participants"),
    ),
    Definition(
        "twin_town_exchanges",
        # Not "exchanges": the list's "Vänortsutbyte" is a kind of project (2 in the demo),
        # this any project with a twin town among its partners (5).
        _("Projects with a twin town as partner"),
        _("Ongoing and completed projects with one of the twin towns as a partner."),
        lambda s: s.projects.started().with_twin_town(s.municipality).count(),
    ),
)


def _events(scope: Scope):
    return TwinningEvent.objects.filter(
        twinning__municipality=scope.municipality, date__range=(scope.start, scope.end)
    )


def _started_without_decision(scope: Scope) -> int:
    return sum(1 for p, _need in scope.lacking_decision if has_begun(p))


PERIOD = (
    Definition(
        "ongoing",
        _("Ongoing during the period"),
        _(
            "Projects that ran at some time in the period: begun by its last day (the day they "
            "were started in the system, else their planned start) and still ongoing, or "
            "completed on or after its first day. A project marked ongoing without a start date "
            "counts; its status says it runs."
        ),
        lambda s: s.ongoing.count(),
    ),
    Definition(
        "new",
        _("New in the period"),
        _(
            "Projects that started in the period: the day they were started in the system or, "
            "where that day is not recorded, their planned start date. Only projects that did "
            "start (ongoing or completed) count."
        ),
        lambda s: s.new.count(),
    ),
    Definition(
        "applications",
        _("Applications sent in the period"),
        _(
            "Projects whose application for funding was sent in the period (the day they were "
            "marked as applied for, or the date given on them), whatever became of them since."
        ),
        lambda s: s.applications.count(),
    ),
    Definition(
        "completed",
        _("Completed in the period"),
        _(
            "Projects marked completed in the period or, where that day is not recorded, whose "
            "planned end falls in it; only projects now completed or with their final report done."
        ),
        lambda s: s.completed.count(),
    ),
    Definition(
        "decisions",
        _("Decisions in the period"),
        _("Decisions on projects dated in the period, whatever their outcome."),
        lambda s: decisions(s).count(),
    ),
    Definition(
        "started_without_decision",
        _("Started without a required decision"),
        _(
            "Projects with municipal co-financing (money or own staff time), or owned by the "
            "municipality, that began without the decision the strategy requires: still "
            "without it, or with it made only after they began. In a period's report, those "
            "that ran without it at some time in the period; otherwise those still running."
        ),
        _started_without_decision,
    ),
    Definition(
        "eu_granted_new_sek",
        _("EU grants awarded to new projects (SEK)"),
        _("EU grants in the financing plans of the projects new in the period."),
        lambda s: whole(fundings(s.new).eu().total_sek()),
        SEK,
    ),
    Definition(
        "eu_granted_ongoing_sek",
        _("EU grants awarded to projects ongoing in the period (SEK)"),
        _("EU grants in the financing plans of the projects ongoing during the period."),
        lambda s: whole(fundings(s.ongoing).eu().total_sek()),
        SEK,
    ),
    Definition(
        "eu_received_period_sek",
        _("EU money received in the period (SEK)"),
        _("Payments of EU grants received on a day in the period."),
        lambda s: whole(s.eu_receipts.received_during(s.start, s.end).total_sek()),
        SEK,
    ),
    Definition(
        "eu_received_total_sek",
        _("EU money received up to the end of the period (SEK)"),
        _("Every payment of an EU grant received on or before the period's last day."),
        lambda s: whole(s.eu_receipts.received_by(s.end).total_sek()),
        SEK,
    ),
    Definition(
        "cofinancing_money_sek",
        _("Municipal co-financing in money, ongoing projects (SEK)"),
        _("Municipal money in the financing plans of the projects ongoing during the period."),
        lambda s: whole(fundings(s.ongoing).money().total_sek()),
        SEK,
    ),
    Definition(
        "cofinancing_staff_time_sek",
        _("Municipal co-financing in own staff time, ongoing projects (SEK)"),
        _("The value of the own staff time in the same projects' financing plans."),
        lambda s: whole(fundings(s.ongoing).staff_time().total_sek()),
        SEK,
    ),
    Definition(
        "cofinancing_staff_hours",
        _("Municipal co-financing in own staff time, ongoing projects (hours)"),
        _("The hours of own staff time in the same projects' financing plans."),
        lambda s: whole(fundings(s.ongoing).staff_time().total_hours()),
        HOURS,
    ),
    Definition(
        "youth_exchanges",
        _("School and youth exchanges ongoing in the period"),
        _("School and youth exchanges among the projects ongoing during the period."),
        lambda s: s.ongoing.youth_exchanges().count(),
    ),
    Definition(
        "participants",
        _("Participants in projects ongoing in the period"),
        _("Participants as given on each project ongoing during the period."),
        lambda s: _sum(s.ongoing, "participants"),
    ),
    Definition(
        "young_participants",
        # Said "where given": a project that gives its participants but not how many were
        # young adds none, and "252, of whom 20 young" read as 8 %.
        _("Of whom young people, where given"),
        _(
            "Young participants in the same projects, where the project gives it; a project "
            "that gives its participants but not how many were young adds none here."
        ),
        lambda s: _sum(s.ongoing, "young_participants"),
    ),
    Definition(
        "twin_town_exchanges",
        _("Projects with a twin town as partner, ongoing in the period"),
        _("Projects ongoing during the period with one of the twin towns as a partner."),
        lambda s: s.ongoing.with_twin_town(s.municipality).count(),
    ),
    Definition(
        "twin_town_events",
        _("Twin-town events in the period"),
        _("Events in the twin towns' timelines dated in the period."),
        lambda s: _events(s).count(),
    ),
)


def decisions(scope: Scope):
    return Decision.objects.filter(
        project__in=scope.projects, decided_on__range=(scope.start, scope.end)
    )


def values(definitions, scope: Scope) -> dict[str, int]:
    return {d.key: d.value(scope) for d in definitions}


OVERVIEW_BY_KEY = {d.key: d for d in OVERVIEW}
PERIOD_BY_KEY = {d.key: d for d in PERIOD}


# Tables: a row per something, each column a figure.
EU_PER_YEAR = Definition(
    "eu_per_year",
    _("EU money received per year"),
    _("Payments of EU grants summed by the calendar year they were received in."),
    lambda s: every_year(s.eu_receipts.per_year(), until=timezone.localdate().year),
)


def allocation_rows(municipality, *, year: int | None = None, up_to=None) -> list[dict]:
    """The year's (or every year's) allocations per purpose: set aside, spent up to `up_to`
    (all of it without), remaining."""
    allocations = AnnualAllocation.objects.filter(municipality=municipality)
    if year is not None:
        allocations = allocations.filter(year=year)
    return [
        {
            "year": a.year,
            "purpose": str(AllocationPurpose(a.purpose).label),
            "set": whole(a.amount),
            "spent": whole(a.spent),
            "remaining": whole(a.remaining),
        }
        for a in allocations.with_spending(up_to).order_by("-year", "purpose")
    ]


ALLOCATIONS = Definition(
    "allocations",
    _("Annual allocations"),
    _(
        "What the budget sets aside each year for twin-town work and for preparing "
        "international projects (set aside), what has been used of it (spent; in the report, "
        "up to the period's last day) and the difference (remaining). Municipal accounts; not "
        "shown on the public site."
    ),
    lambda s: allocation_rows(s.municipality),
)
