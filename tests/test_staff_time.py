"""Own staff time entered in hours and valued at the municipality's hourly rate for the
year, unless an amount is given; the rate kept by the coordinator, with its history."""

import datetime as dt
from decimal import Decimal

import pytest

from projektdatabas.core.models import AuditEntry
from projektdatabas.finance.models import Funding, FundingSource, StaffTimeRate
from projektdatabas.projects.models import Project
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The page as read: Swedish numbers group with a no-break space."""
    return response.content.decode().replace("\xa0", " ")


def money_section(project, *rows):
    data = {
        "version": Project.objects.get(pk=project.pk).version,
        "budget_currency": "SEK",
        "budget_exchange_rate": "1",
        "fundings-TOTAL_FORMS": len(rows),
        "fundings-INITIAL_FORMS": 0,
    }
    for n, row in enumerate(rows):
        values = {"currency": "SEK", "exchange_rate": "1", "amount": "", "staff_hours": ""}
        values.update(row)
        data.update({f"fundings-{n}-{key}": value for key, value in values.items()})
    return data


def money_url(project):
    return f"/intern/projekt/{project.pk}/redigera/pengar/"


def set_rate(client, year, sek, *, pk=None):
    url = f"/intern/timpris/{pk}/andra/" if pk else "/intern/timpris/ny/"
    return client.post(url, {"year": year, "hourly_rate_sek": sek, "basis": "Snittlön 2025"})


@pytest.fixture
def project(world):
    return world["project"]  # starts 2025-01-01


@pytest.fixture
def rep(world, client):
    return sign_in(client, world["users"]["rep"])


def test_hours_without_an_amount_are_valued_at_the_years_rate(world, project, rep):
    StaffTimeRate.objects.create(
        municipality=project.municipality, year=2025, hourly_rate_sek=Decimal("450")
    )
    page = text(rep.get(money_url(project)))
    assert "timpriset för 2025, 450 kr i timmen" in page

    response = rep.post(
        money_url(project),
        money_section(project, {"source": "municipal_staff_time", "staff_hours": "40"}),
    )
    assert response.status_code == 302, text(response)  # before: "Belopp: Detta fält …"
    line = Funding.objects.get(project=project, source=FundingSource.MUNICIPAL_STAFF_TIME)
    assert line.amount is None and line.amount_sek == Decimal("18000.00")
    # The value reaches every sum that reads amount_sek: 100 000 kr in money + 18 000 kr.
    assert Funding.objects.filter(project=project).municipal().total_sek() == Decimal("118000")

    derivation = "40 h × 450 kr = 18 000 kr, timpris 2025"
    assert derivation in text(rep.get(f"/intern/projekt/{project.pk}/"))
    assert f"Värde: {derivation}" in text(rep.get(money_url(project)))


def test_without_a_rate_the_hours_are_kept_and_shown_as_not_valued(project, rep):
    assert "Det finns inget timpris för 2025 ännu" in text(rep.get(money_url(project)))
    response = rep.post(
        money_url(project),
        money_section(project, {"source": "municipal_staff_time", "staff_hours": "40"}),
    )
    assert response.status_code == 302
    page = text(rep.get(f"/intern/projekt/{project.pk}/"))
    assert "40 h, ej värderade: inget timpris för 2025" in page
    assert "ej värderad" in page
    assert "Kommunstyrelsen måste själv besluta" in page  # the decision panel


def test_money_without_an_amount_is_refused_in_swedish_and_keeps_the_input(project, rep):
    response = rep.post(
        money_url(project),
        money_section(project, {"source": "municipal_money", "note": "Resebidrag"}),
    )
    page = text(response)
    assert response.status_code == 200
    assert "Ange beloppet. Bara egen tid får lämna det tomt" in page
    assert 'value="Resebidrag"' in page
    assert not Funding.objects.filter(project=project, note="Resebidrag").exists()


def test_a_new_or_changed_rate_values_the_lines_again_with_history(world, project, client):
    Funding.objects.create(
        project=project,
        source=FundingSource.MUNICIPAL_STAFF_TIME,
        staff_hours=Decimal("40"),
    )
    line = Funding.objects.get(project=project, staff_hours=40)
    assert line.amount_sek is None
    coordinator = world["users"]["coordinator"]
    sign_in(client, coordinator)

    response = set_rate(client, 2025, "450")
    assert response["Location"] == "/intern/timpris/"
    line.refresh_from_db()
    assert line.amount_sek == Decimal("18000.00")
    rate = StaffTimeRate.objects.get(year=2025)
    response = set_rate(client, 2025, "500", pk=rate.pk)
    line.refresh_from_db()
    assert line.amount_sek == Decimal("20000.00")
    page = text(client.get("/intern/timpris/", follow=True))
    assert "Timpriset för 2025 är sparat; 1 rad med egen tid värderades om." in page
    assert "Timpris 2025 ändrades" in page and ">450<" in page and ">500<" in page  # history
    assert coordinator.first_name in page
    assert AuditEntry.objects.filter(action="staff_time_rate.changed").count() == 1
    # The line's own history records the new value, as the coordinator's change.
    last = line.history.first()
    assert last.staff_time_value_sek == Decimal("20000.00")
    assert last.history_user == coordinator


def test_moving_the_start_year_takes_that_years_rate(world, project, client):
    for year, sek in ((2025, "450"), (2026, "500")):
        StaffTimeRate.objects.create(
            municipality=project.municipality, year=year, hourly_rate_sek=Decimal(sek)
        )
    line = Funding.objects.create(
        project=project, source=FundingSource.MUNICIPAL_STAFF_TIME, staff_hours=Decimal("10")
    )
    assert line.amount_sek == Decimal("4500.00")
    project.start_date = dt.date(2026, 2, 1)
    project.save()
    line.refresh_from_db()
    assert line.amount_sek == Decimal("5000.00") and line.staff_time_rate.year == 2026
    project.start_date, project.end_date = dt.date(2027, 2, 1), None  # no rate for 2027
    project.save()
    line.refresh_from_db()
    assert line.amount_sek is None and line.is_unvalued_staff_time


def test_an_amount_given_wins_over_the_rate(project):
    StaffTimeRate.objects.create(
        municipality=project.municipality, year=2025, hourly_rate_sek=Decimal("450")
    )
    line = Funding.objects.create(
        project=project,
        source=FundingSource.MUNICIPAL_STAFF_TIME,
        staff_hours=Decimal("40"),
        amount=Decimal("0"),
    )
    assert line.amount_sek == Decimal("0") and line.staff_time_rate is None
    assert line.valuation_text() == ""


def test_a_second_rate_for_the_year_is_refused_and_keeps_the_input(world, client, municipality):
    StaffTimeRate.objects.create(municipality=municipality, year=2026, hourly_rate_sek=450)
    sign_in(client, world["users"]["coordinator"])
    response = client.post(
        "/intern/timpris/ny/", {"year": "2026", "hourly_rate_sek": "612", "basis": ""}
    )
    page = text(response)
    assert response.status_code == 200
    assert "Det finns redan ett timpris för det här året." in page
    assert 'value="612"' in page
    response = client.post("/intern/timpris/ny/", {"year": "2027", "hourly_rate_sek": "0"})
    assert "Skriv 0,01 eller mer." in text(response)
    assert "Kontrollera att" not in text(response)
    assert StaffTimeRate.objects.count() == 1


def test_the_public_page_counts_staff_time_valued_at_nothing(world, project, client, publish):
    """Hours are co-financing even at 0 kr: the page says so rather than nothing."""
    Funding.objects.filter(project=project).delete()
    Funding.objects.create(
        project=project,
        source=FundingSource.MUNICIPAL_STAFF_TIME,
        staff_hours=Decimal("40"),
        amount=Decimal("0"),
    )
    publish(project)
    page = text(client.get(f"/projekt/{project.pk}-{project.slug}/"))
    assert "Kommunal medfinansiering" in page and "varav 40 timmar egen tid" in page


def test_hours_beyond_any_project_are_refused_as_a_typing_mistake(project, rep):
    """A reviewer's 99 999 999 hours of own staff time went public as 46 499 999 535 kr."""
    response = rep.post(
        money_url(project),
        money_section(project, {"source": "municipal_staff_time", "staff_hours": "99 999 999"}),
    )
    assert response.status_code == 200
    assert "Skriv ett tal från 0 till 100 000." in text(response)
    assert not Funding.objects.filter(project=project, staff_hours__isnull=False).exists()
