"""The governance calendar, computed from the data: semi-annual reports to the executive
board, the two-year evaluation of each action plan, the strategy's review in the first
year of each electoral term (terms.py), and the measures' deadlines."""

import calendar as _calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from projektdatabas.organisations.models import Municipality

from .models import ActionPlan, BoardMeeting, Measure, MeasureStatus, PlanStatus
from .reviews import review_of_term, strategy_in_force
from .terms import elections_between, strategy_review_due


class Kind:
    REPORT = "report"
    EVALUATION = "evaluation"
    STRATEGY_REVIEW = "strategy_review"
    DEADLINE = "deadline"
    ELECTION = "election"
    EU_ITEM = "eu_item"  # a date that matters in an EU item, or a department's answer due
    CALL = "call"  # a funding call closes
    FOLLOW_UP = "follow_up"  # a follow-up point of a group's meeting is due


@dataclass(frozen=True)
class Event:
    date: dt.date
    kind: str
    title: str
    description: str = ""
    key: str = ""  # stable: the same event keeps its iCalendar UID and reminder key
    # Who is reminded besides the coordinators (a measure's responsible person, the
    # representatives of a department that has not answered yet …).
    recipients: tuple[str, ...] = ()
    # A reminder a week after the date too: only for what the calendar stops listing once
    # it is done (an open measure, an unanswered question), so "overdue" is true.
    remind_when_overdue: bool = False
    # Kept out of the public iCalendar feed: the staff's own work (who answers what by when).
    internal: bool = False
    # The site's path where it is acted on (a department's answer form): a link on the
    # calendar page, the full address in a reminder and in the calendar file.
    path: str = ""
    # The department whose representatives act there: the calendar page links to the form
    # for them only (anyone else was sent to "Inte tillgängligt för dig").
    acting_department: int | None = None


# Dates other apps keep (an EU item's answer due, a call closing, a group's follow-up):
# each adds its source from its AppConfig.ready(), so that this calendar, which they build
# on, need not know them. A source is called as source(municipality, start, end) and
# returns a list of Event.
_SOURCES: list[Callable[[Municipality, dt.date, dt.date], list[Event]]] = []


def add_source(source: Callable[[Municipality, dt.date, dt.date], list[Event]]) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, _calendar.monthrange(year, month)[1])


def default_report_dates(year: int) -> list[tuple[dt.date, str]]:
    """Without board meetings marked for it: the report on each half-year falls due at
    the end of the second month after it (February for July–December, August for
    January–June)."""
    return [
        (_last_day(year, 2), _("July–December %(year)s") % {"year": year - 1}),
        (_last_day(year, 8), _("January–June %(year)s") % {"year": year}),
    ]


def report_due(municipality: Municipality, half_year_end: dt.date) -> dt.date:
    """When the report on the half-year ending on `half_year_end` is due: the executive
    board's first meeting marked for a report within the next half-year, else the default
    date (as the calendar lists them)."""
    if half_year_end.month == 6:  # January–June: due in August of the same year
        default = default_report_dates(half_year_end.year)[1][0]
    else:  # July–December: due in February of the next
        default = default_report_dates(half_year_end.year + 1)[0][0]
    meeting = (
        BoardMeeting.objects.filter(
            committee__municipality=municipality,
            committee__is_executive_board=True,
            takes_semiannual_report=True,
            date__gt=half_year_end,
            date__lte=half_year_end + dt.timedelta(days=183),
        )
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )
    return meeting or default


def report_events(municipality: Municipality, start: dt.date, end: dt.date) -> list[Event]:
    """Each half-year's report on the day `report_due` gives it, so that the calendar and
    the report list never disagree (a meeting marked for one report had removed every
    other report's default date from the calendar)."""
    title = _("Semi-annual report to the executive board")
    events = []
    for year in range(start.year - 1, end.year + 1):
        for half_year_end, period in (
            (dt.date(year, 6, 30), _("January–June %(year)s") % {"year": year}),
            (dt.date(year, 12, 31), _("July–December %(year)s") % {"year": year}),
        ):
            due = report_due(municipality, half_year_end)
            if start <= due <= end:
                events.append(Event(due, Kind.REPORT, title, period, f"report-{due:%Y%m%d}"))
    return events


def governance_calendar(municipality: Municipality, start: dt.date, end: dt.date) -> list[Event]:
    events = report_events(municipality, start, end)
    # A municipality with no strategy registered has nothing to review (and no page to
    # record it on): no date, no reminder.
    reviewed = strategy_in_force(municipality) is not None
    for election in elections_between(dt.date(start.year - 1, 1, 1), end):
        if start <= election <= end:
            events.append(
                Event(
                    election, Kind.ELECTION, _("General election"), "", f"election-{election.year}"
                )
            )
        due = strategy_review_due(election)
        # Once done (reviewed, or a new strategy adopted in the term) it leaves the
        # calendar, as a measure done does; until then it stays however late it is.
        if reviewed and start <= due <= end and not review_of_term(municipality, election).done:
            events.append(
                Event(
                    due,
                    Kind.STRATEGY_REVIEW,
                    _("Review of the international strategy"),
                    _("In the first year of the electoral term %(first)s–%(last)s.")
                    % {"first": election.year, "last": election.year + 4},
                    f"strategy-review-{election.year}",
                    remind_when_overdue=True,
                )
            )
    plans = ActionPlan.objects.for_municipality(municipality).filter(
        status=PlanStatus.ADOPTED, ends_on__range=(start, end)
    )
    for plan in plans:
        events.append(
            Event(
                plan.ends_on,
                Kind.EVALUATION,
                _("Evaluation of the action plan"),
                str(plan),
                f"evaluation-{plan.pk}",
                remind_when_overdue=True,
            )
        )
    measures = (
        Measure.objects.filter(
            plan__strategy__municipality=municipality,
            plan__status=PlanStatus.ADOPTED,
            deadline__range=(start, end),
        )
        .exclude(status__in=[MeasureStatus.DONE, MeasureStatus.CANCELLED])
        .select_related("responsible_department", "responsible_person")
    )
    for measure in measures:
        person = measure.responsible_person
        events.append(
            Event(
                measure.deadline,
                Kind.DEADLINE,
                _("Deadline: measure %(number)s") % {"number": measure.number},
                f"{measure.description_sv} ({measure.responsible_department})",
                f"measure-{measure.pk}",
                recipients=(person.email,) if person and person.email else (),
                remind_when_overdue=True,
            )
        )
    for source in _SOURCES:
        events += source(municipality, start, end)
    return sorted(events, key=lambda e: (e.date, e.kind, e.key))
