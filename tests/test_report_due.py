"""When the semi-annual report is due, and the coordinator told so: on 1 December 2026 the
January–June report, due by 31 August, was a draft and nothing said so (the calendar looks
back 90 days, the report list had no dates)."""

import datetime as dt

import pytest
from django.utils import timezone

from projektdatabas.planning.calendar import report_due
from projektdatabas.planning.models import BoardMeeting
from projektdatabas.reporting.periods import HalfYear
from projektdatabas.reporting.services import finalise_report
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db
H1_2026 = HalfYear(2026, 1)


@pytest.fixture
def on_day(monkeypatch):
    def set_today(day: dt.date):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_today


def test_a_report_is_due_at_the_boards_meeting_or_by_default_two_months_after(municipality, board):
    assert report_due(municipality, H1_2026.end) == dt.date(2026, 8, 31)
    assert report_due(municipality, HalfYear(2026, 2).end) == dt.date(2027, 2, 28)
    BoardMeeting.objects.create(committee=board, date=dt.date(2026, 9, 14))  # not for it
    BoardMeeting.objects.create(
        committee=board, date=dt.date(2026, 9, 21), takes_semiannual_report=True
    )
    assert report_due(municipality, H1_2026.end) == dt.date(2026, 9, 21)


def test_the_coordinators_start_page_says_the_report_is_late_until_it_is_finalised(
    world, client, on_day
):
    coordinator = world["users"]["coordinator"]
    sign_in(client, coordinator)
    on_day(dt.date(2026, 7, 10))
    page = client.get("/intern/").content.decode()
    assert (
        "Rapporten för januari–juni 2026 ska lämnas till kommunstyrelsen senast 31 augusti "
        "2026; den kan fastställas nu." in page
    )

    on_day(dt.date(2026, 12, 1))
    page = client.get("/intern/").content.decode()
    assert (
        "Rapporten för januari–juni 2026 skulle ha lämnats till kommunstyrelsen senast "
        "31 augusti 2026 och är inte fastställd." in page
    )
    assert 'href="/intern/rapporter/2026/1/"' in page

    listing = client.get("/intern/rapporter/").content.decode()
    row = listing.split("januari–juni 2026</a>")[1].split("</tr>")[0]
    assert "31 augusti 2026" in row and "försenad" in row
    current = listing.split("juli–december 2026</a>")[1].split("</tr>")[0]
    assert "28 februari 2027" in current and "försenad" not in current

    sign_in(client, world["users"]["rep"])
    assert "Halvårsrapporten" not in client.get("/intern/").content.decode()

    finalise_report(municipality=world["board"].municipality, period=H1_2026, actor=coordinator)
    sign_in(client, coordinator)
    assert "Halvårsrapporten" not in client.get("/intern/").content.decode()
    listing = client.get("/intern/rapporter/").content.decode()
    assert "försenad" not in listing.split("januari–juni 2026</a>")[1].split("</tr>")[0]


def test_the_calendar_gives_each_report_the_day_the_report_list_does(municipality, board):
    """One meeting marked for the January–June report had removed every default date from
    the calendar, while the report list still said 28 February 2027 for the next."""
    from projektdatabas.planning.calendar import governance_calendar

    BoardMeeting.objects.create(
        committee=board, date=dt.date(2026, 9, 21), takes_semiannual_report=True
    )
    events = governance_calendar(municipality, dt.date(2026, 7, 1), dt.date(2027, 6, 30))
    reports = [(e.date, e.description) for e in events if e.kind == "report"]
    assert reports == [
        (dt.date(2026, 9, 21), "januari–juni 2026"),
        (dt.date(2027, 2, 28), "juli–december 2026"),
    ]
    assert [report_due(municipality, d) for d in (H1_2026.end, HalfYear(2026, 2).end)] == [
        dt.date(2026, 9, 21),
        dt.date(2027, 2, 28),
    ]
