"""The strategy's review once every electoral term: recorded by the coordinator, and until
then on the calendar and, when due or late, on the coordinator's start page. Before, the
calendar listed the review's date every term, done or not, and nothing could record it."""

import datetime as dt

import pytest
from django.utils import timezone

from projektdatabas.planning import calendar as gc
from projektdatabas.planning import terms
from projektdatabas.planning.models import StrategyReview
from projektdatabas.planning.reviews import review_of_term
from projektdatabas.strategy.models import Strategy
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(world):
    strategy = world["plan"].strategy
    strategy.status, strategy.adopted_on = "adopted", dt.date(2019, 5, 1)
    strategy.save()
    return strategy


@pytest.fixture
def on(monkeypatch):
    """Sets today (10:00 UTC on `day`)."""

    def set_day(day: dt.date):
        moment = dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_day


def review_events(municipality, first=dt.date(2026, 1, 1), last=dt.date(2031, 12, 31)):
    events = gc.governance_calendar(municipality, first, last)
    return [e for e in events if e.kind == gc.Kind.STRATEGY_REVIEW]


@pytest.mark.parametrize(
    "day, election",
    [
        (dt.date(2026, 10, 14), 2022),  # elected in September, the old council sits on
        (dt.date(2026, 10, 15), 2026),
        (dt.date(2030, 1, 1), 2026),
        (dt.date(1995, 3, 1), 1994),
    ],
)
def test_the_term_a_day_falls_in(day, election):
    assert terms.current_election(day) == terms.election_day(election)


def test_the_coordinator_records_the_review_and_it_leaves_the_calendar(world, strategy, client, on):
    on(dt.date(2027, 3, 20))
    municipality = strategy.municipality
    (event,) = [e for e in review_events(municipality) if e.date.year == 2027]
    assert event.remind_when_overdue  # stays on the calendar until done, however late

    sign_in(client, world["users"]["coordinator"])
    plans = client.get("/intern/handlingsplaner/").content.decode()
    assert "för 2026–2030 senast 14 oktober 2027. Ingen översyn är registrerad än." in plans
    url = f"/intern/strategi/{strategy.pk}/oversyn/"
    assert f'href="{url}"' in plans

    response = client.post(
        url,
        {
            "reviewed_on": "2027-03-12",
            "decision_reference": "KS 2027/45",
            "outcome": "kept",
            "summary": "Strategin står sig; handlingsplanen revideras som vanligt.",
        },
    )
    assert response.status_code == 302
    message = client.get(response["Location"]).content.decode()
    assert "Strategins översyn för mandatperioden 2026–2030 är registrerad." in message
    review = StrategyReview.objects.get(strategy=strategy)
    assert review.electoral_term == 2026 and review.recorded_by == world["users"]["coordinator"]

    plans = client.get("/intern/handlingsplaner/").content.decode()
    assert (
        "Översynen för mandatperioden 2026–2030 beslutades den 12 mars 2027: "
        "strategin står fast." in plans
    )
    assert "KS 2027/45" in plans and f'href="{url}"' not in plans
    assert [e.date for e in review_events(municipality)] == [dt.date(2031, 10, 14)]
    # Residents read it on the action plan's page.
    public = client.get("/handlingsplan/").content.decode()
    assert (
        "Vid den senaste översynen, den 12 mars 2027, beslutades att strategin står fast." in public
    )
    assert "är ingen översyn registrerad än" not in public


def test_a_second_review_in_the_same_term_is_refused_with_the_first(world, strategy, client, on):
    on(dt.date(2027, 6, 1))
    sign_in(client, world["users"]["coordinator"])
    url = f"/intern/strategi/{strategy.pk}/oversyn/"
    data = {"reviewed_on": "2027-03-12", "outcome": "kept", "summary": "Står sig."}
    client.post(url, data)
    html = client.post(url, {**data, "reviewed_on": "2027-05-30"}).content.decode()
    assert (
        "Översynen för mandatperioden 2026–2030 är redan registrerad (beslutad 12 mars 2027)."
        in html
    )
    assert StrategyReview.objects.filter(strategy=strategy).count() == 1


@pytest.mark.parametrize(
    "day, message",
    [
        ("2027-06-02", "Skriv ett datum senast i dag, 2027-06-01"),
        ("2019-04-30", "Översynen kan inte ligga före den dag strategin antogs."),
    ],
)
def test_a_review_date_outside_what_can_be_is_refused(world, strategy, client, on, day, message):
    on(dt.date(2027, 6, 1))
    sign_in(client, world["users"]["coordinator"])
    response = client.post(
        f"/intern/strategi/{strategy.pk}/oversyn/",
        {"reviewed_on": day, "outcome": "revised", "summary": "Ska revideras."},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not StrategyReview.objects.exists()


def test_a_strategy_adopted_during_the_term_is_its_review(
    world, strategy, municipality, client, on
):
    on(dt.date(2027, 12, 1))
    public = client.get("/handlingsplan/").content.decode()
    assert "för 2026–2030 är ingen översyn registrerad än" in public
    Strategy.objects.create(
        municipality=municipality,
        title="Ny internationell strategi",
        status="adopted",
        adopted_on=dt.date(2027, 9, 1),
    )
    assert [e.date for e in review_events(municipality)] == [dt.date(2031, 10, 14)]
    public = client.get("/handlingsplan/").content.decode()
    assert "Ny internationell strategi</span>, antagen 1 september 2027." in public
    assert "ingen översyn registrerad" not in public


def test_a_strategy_known_to_the_month_counts_in_its_own_term(world, strategy, municipality):
    """ "Oktober 2022" is stored as 1 October, before the term began on the 15th."""
    Strategy.objects.create(
        municipality=municipality,
        title="Strategi antagen i oktober",
        status="adopted",
        adopted_on=dt.date(2022, 10, 1),
        adopted_on_precision="month",
        electoral_term=2022,
    )
    assert review_of_term(municipality, terms.election_day(2022)).done
    assert review_of_term(municipality, terms.election_day(2018)).adopted == strategy


def test_a_review_decided_in_an_earlier_term_counts_for_that_term(world, strategy, client, on):
    on(dt.date(2026, 12, 1))
    sign_in(client, world["users"]["coordinator"])
    form = client.get(f"/intern/strategi/{strategy.pk}/oversyn/").content.decode()
    assert 'name="reviewed_on" value=' not in form  # no date filled in for the coordinator
    client.post(
        f"/intern/strategi/{strategy.pk}/oversyn/",
        # Decided by the old council on 5 October, before the new term began on the 15th.
        {"reviewed_on": "2026-10-05", "outcome": "revised", "summary": "Ska revideras."},
    )
    assert StrategyReview.objects.get().electoral_term == 2022
    plans = client.get("/intern/handlingsplaner/").content.decode()
    assert "för 2026–2030 senast 14 oktober 2027. Ingen översyn är registrerad än." in plans


def test_no_review_date_without_a_strategy_in_force(municipality):
    """Kungälv, with no strategy registered, had a review date and an overdue reminder
    for something it had nowhere to record."""
    assert review_events(municipality) == []


def test_a_superseded_strategy_is_not_reviewed(world, strategy, client, on):
    on(dt.date(2027, 6, 1))
    strategy.status = "superseded"
    strategy.save()
    sign_in(client, world["users"]["coordinator"])
    html = client.post(
        f"/intern/strategi/{strategy.pk}/oversyn/",
        {"reviewed_on": "2027-03-12", "outcome": "kept", "summary": "Står sig."},
    ).content.decode()
    assert "Bara den gällande strategin ses över." in html
    assert not StrategyReview.objects.exists()


def test_another_municipalitys_coordinator_cannot_record_it(world, strategy, client):
    from projektdatabas.organisations.models import Municipality
    from tests.conftest import coordinator_of

    kungalv = Municipality.objects.create(name="Kungälvs kommun", slug="kungalv")
    sign_in(client, coordinator_of(kungalv))
    response = client.post(
        f"/intern/strategi/{strategy.pk}/oversyn/",
        {"reviewed_on": "2026-11-01", "outcome": "kept", "summary": "Står sig."},
    )
    assert response.status_code == 404
    assert not StrategyReview.objects.exists()


def test_the_calendar_keeps_a_late_review_until_the_term_ends(world, strategy, client, on):
    on(dt.date(2030, 3, 1))  # two and a half years after it was due
    sign_in(client, world["users"]["coordinator"])
    assert "skulle ha setts över" in client.get("/intern/").content.decode()
    calendar = client.get("/intern/kalender/").content.decode()
    assert "2027-10-14" in calendar and "Översyn av den internationella strategin" in calendar


def test_the_start_page_names_the_review_when_due_and_when_late(world, strategy, client, on):
    coordinator = world["users"]["coordinator"]
    on(dt.date(2027, 3, 1))  # seven months before it is due: not yet
    sign_in(client, coordinator)
    assert 'id="review-home-heading"' not in client.get("/intern/").content.decode()

    on(dt.date(2027, 8, 1))
    sign_in(client, coordinator)  # months later: signed out for being idle
    home = client.get("/intern/").content.decode()
    assert "Strategin ska ses över för mandatperioden 2026–2030 senast 14 oktober 2027." in home

    on(dt.date(2027, 11, 1))
    sign_in(client, coordinator)
    home = client.get("/intern/").content.decode()
    assert "Strategin skulle ha setts över för mandatperioden 2026–2030 senast 14 oktober" in home
    panel = home.split('id="review-home-heading"')[1].split("</section>")[0]
    assert "tag-late" in panel
    calendar = client.get("/intern/kalender/").content.decode()
    assert "Översyn av den internationella strategin" in calendar

    # Departments are not asked: the review is the coordinator's.
    sign_in(client, world["users"]["rep"])
    assert 'id="review-home-heading"' not in client.get("/intern/").content.decode()


def test_only_the_coordinator_records_the_review(world, strategy, client):
    sign_in(client, world["users"]["rep"])
    response = client.post(
        f"/intern/strategi/{strategy.pk}/oversyn/",
        {"reviewed_on": "2026-11-01", "outcome": "kept", "summary": "Står sig."},
    )
    assert response.status_code == 403
    assert "Bara samordnaren registrerar strategins översyn." in response.content.decode()
    assert not StrategyReview.objects.exists()
