"""The database refuses what the domain forbids, and model validation says why in Swedish."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from projektdatabas.finance.models import Funding, FundingSource, Receipt
from projektdatabas.organisations.models import Committee, Department, Municipality, Twinning
from projektdatabas.projects.models import Project

pytestmark = pytest.mark.django_db


def refused_by_database(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def swedish_errors(instance) -> list[str]:
    with translation.override("sv"), pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return [message for messages in excinfo.value.message_dict.values() for message in messages]


def test_project_cannot_end_before_it_starts(make_project, municipality, department):
    assert refused_by_database(
        lambda: make_project(start_date=dt.date(2025, 6, 1), end_date=dt.date(2025, 5, 31))
    )
    project = Project(
        municipality=municipality,
        lead_department=department,
        kind="eu_project",
        title_sv="Baklänges",
        slug="baklanges",
        start_date=dt.date(2025, 6, 1),
        end_date=dt.date(2025, 5, 31),
    )
    assert "Projektet kan inte sluta innan det börjar." in swedish_errors(project)


def test_one_day_project_is_allowed(make_project):
    project = make_project(start_date=dt.date(2025, 6, 1), end_date=dt.date(2025, 6, 1))
    project.full_clean()


def test_unknown_status_is_refused(make_project):
    assert refused_by_database(lambda: make_project(status="half-done"))


def test_young_participants_within_participants(make_project):
    assert refused_by_database(lambda: make_project(participants=10, young_participants=11))
    assert make_project(participants=10, young_participants=10).young_participants == 10


def test_negative_budget_is_refused(make_project):
    assert refused_by_database(lambda: make_project(total_budget=Decimal("-1")))


def test_amount_in_sek_has_rate_one(make_project):
    project = make_project()
    assert refused_by_database(
        lambda: Funding.objects.create(
            project=project,
            source=FundingSource.EU_GRANT,
            amount=Decimal("100"),
            currency="SEK",
            exchange_rate=Decimal("11"),
        )
    )
    funding = Funding(
        project=project,
        source=FundingSource.EU_GRANT,
        amount=Decimal("100"),
        currency="SEK",
        exchange_rate=Decimal("11"),
    )
    assert "Ett belopp i SEK har växelkursen 1." in swedish_errors(funding)


def test_eur_amount_keeps_its_rate_and_converts_to_sek(make_project):
    project = make_project()
    funding = Funding.objects.create(
        project=project,
        source=FundingSource.EU_GRANT,
        amount=Decimal("1000"),
        currency="EUR",
        exchange_rate=Decimal("11.4500"),
    )
    funding.refresh_from_db()
    assert funding.amount == Decimal("1000")
    assert funding.currency == "EUR"
    assert funding.amount_sek == Decimal("11450")


def test_negative_receipt_is_refused(make_project):
    project = make_project()
    assert refused_by_database(
        lambda: Receipt.objects.create(
            project=project, received_on=dt.date(2025, 3, 1), amount=Decimal("-5")
        )
    )


def test_own_staff_time_needs_hours_and_hours_need_staff_time(make_project):
    project = make_project()
    staff_time = Funding(
        project=project, source=FundingSource.MUNICIPAL_STAFF_TIME, amount=Decimal("45000")
    )
    assert "Ange antalet timmar egen tid." in swedish_errors(staff_time)
    assert refused_by_database(
        lambda: Funding.objects.create(
            project=project,
            source=FundingSource.EU_GRANT,
            amount=Decimal("1"),
            staff_hours=Decimal("10"),
        )
    )
    staff_time.staff_hours = Decimal("100")
    staff_time.full_clean()


def test_one_executive_board_per_municipality(board, municipality):
    assert refused_by_database(
        lambda: Committee.objects.create(
            municipality=municipality, name="Andra styrelsen", is_executive_board=True
        )
    )


def test_department_answers_to_a_committee_of_its_own_municipality(board):
    other = Municipality.objects.create(name="Grannkommun", slug="granne")
    department = Department(municipality=other, name="Fel förvaltning", committee=board)
    assert "Nämnden måste tillhöra samma kommun." in swedish_errors(department)


def test_twinning_dates_in_order_and_ended_status_has_end_date(municipality, partner_abroad):
    def twinning(**fields):
        return Twinning.objects.create(
            municipality=municipality, partner=partner_abroad, slug="kaufungen", **fields
        )

    assert refused_by_database(
        lambda: twinning(first_contact=dt.date(1992, 1, 1), agreement_signed=dt.date(1989, 1, 1))
    )
    assert refused_by_database(lambda: twinning(status="ended"))
    assert refused_by_database(lambda: twinning(ended=dt.date(2020, 1, 1)))
    ended = twinning(
        first_contact=dt.date(1989, 1, 1),
        agreement_signed=dt.date(1992, 1, 1),
        status="ended",
        ended=dt.date(2020, 1, 1),
    )
    assert ended.status == "ended"


def test_twin_town_must_be_a_municipality(municipality):
    from projektdatabas.organisations.models import Organisation

    university = Organisation.objects.create(name="Uni", kind="university", country="GB")
    twinning = Twinning(municipality=municipality, partner=university, slug="uni")
    assert "En vänort måste vara en kommun." in swedish_errors(twinning)
