"""Money kept by the coordinator in the staff pages: EU payments received, the yearly
allocations and what they were spent on. Field history, the audit trail, Swedish
labels, errors that keep the input, and nothing deleted."""

import datetime as dt
from decimal import Decimal

import pytest

from projektdatabas.core.models import AuditEntry
from projektdatabas.finance.models import AllocationSpending, AnnualAllocation, Receipt
from projektdatabas.projects.models import Programme
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode().replace("\xa0", " ")


@pytest.fixture
def coordinator(world, client):
    return sign_in(client, world["users"]["coordinator"])


@pytest.fixture
def interreg(db):
    return Programme.objects.create(name="Interreg Östersjön", is_eu=True)


def receipt_data(**changes):
    data = {
        "received_on": "2026-05-04",
        "amount": "20000",
        "currency": "EUR",
        "exchange_rate": "11.20",
        "programme": "",
        "note": "Första delutbetalningen",
    }
    data.update(changes)
    return data


def test_the_coordinator_records_a_payment_from_the_project_page(world, coordinator, interreg):
    project = world["project"]
    page = text(coordinator.get(f"/intern/projekt/{project.pk}/"))
    assert f'href="/intern/projekt/{project.pk}/utbetalningar/ny/"' in page
    assert "Registrera mottagen utbetalning" in page

    response = coordinator.post(
        f"/intern/projekt/{project.pk}/utbetalningar/ny/", receipt_data(programme=interreg.pk)
    )
    receipt = Receipt.objects.get(project=project)
    assert response["Location"] == f"/intern/utbetalningar/{receipt.pk}/"
    assert receipt.amount_sek == Decimal("224000.00") and receipt.source == "eu_grant"
    assert AuditEntry.objects.filter(action="receipt.created", object_id=str(receipt.pk))

    page = text(coordinator.get("/intern/utbetalningar/"))
    assert "Mottagna utbetalningar" in page and "EU-medel mottagna per år" in page
    assert "2026-05-04" in page and "224 000 kr" in page
    for english in ("Received on", "payments received", "Amount"):
        assert english not in page
    assert "4 maj 2026" in text(coordinator.get(f"/intern/projekt/{project.pk}/"))


def test_the_list_of_payments_shows_an_amount_with_its_oren(world, coordinator):
    """1 000,50 EUR had read "1 001 EUR" in the list while the payment's own page said
    1 000,50."""
    url = f"/intern/projekt/{world['project'].pk}/utbetalningar/ny/"
    coordinator.post(url, receipt_data(amount="1000,50", exchange_rate="11"))
    page = text(coordinator.get("/intern/utbetalningar/"))
    assert "<td>1 000,50 EUR</td>" in page and "11 005,50 kr" in page
    assert "1 001 EUR" not in page


def test_a_payment_of_nothing_an_implausible_rate_or_a_resend_is_refused(world, coordinator):
    url = f"/intern/projekt/{world['project'].pk}/utbetalningar/ny/"
    page = text(coordinator.post(url, receipt_data(amount="0")))
    assert "Beloppet måste vara större än 0." in page
    # 99 999 kr a euro had put 99 999 000 086 302 500 kr of EU money in the statistics.
    page = text(coordinator.post(url, receipt_data(exchange_rate="99999")))
    assert "kronor per euro, mellan 5 och 20" in page
    page = text(coordinator.post(url, receipt_data(exchange_rate="0,089")))
    assert "kronor per euro, mellan 5 och 20" in page
    assert not Receipt.all_objects.exists()
    assert coordinator.post(url, receipt_data()).status_code == 302
    page = text(coordinator.post(url, receipt_data()))  # Back and Spara again
    assert "Utbetalningen är redan registrerad" in page
    assert Receipt.objects.count() == 1
    assert coordinator.post(url, receipt_data(note="Andra delutbetalningen")).status_code == 302
    assert Receipt.objects.count() == 2


def test_an_error_is_named_in_swedish_and_the_input_kept(world, coordinator):
    project = world["project"]
    url = f"/intern/projekt/{project.pk}/utbetalningar/ny/"
    page = text(coordinator.post(url, receipt_data(exchange_rate="1", received_on="")))
    assert "Ange växelkursen som användes: kronor per euro" in page
    assert "Detta fält måste fyllas i." in page  # the date
    assert 'value="Första delutbetalningen"' in page and 'value="20000"' in page
    assert not Receipt.all_objects.exists()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_date_written_day_slash_month_is_refused_not_read_as_month_day(
    world, coordinator, prefix
):
    """ "1/11/2026" is 1 November to a Swede; Django's formats had read it as 11 January and
    saved the payment ten months off without a word."""
    url = f"{prefix}/intern/projekt/{world['project'].pk}/utbetalningar/ny/"
    page = text(coordinator.post(url, receipt_data(received_on="1/11/2026")))
    assert "Skriv datumet som 2026-03-31." in page or "Write the date as 2026-03-31." in page
    assert 'value="1/11/2026"' in page
    assert not Receipt.all_objects.exists()
    coordinator.post(url, receipt_data(received_on="2026-11-01"))
    assert Receipt.objects.get().received_on.isoformat() == "2026-11-01"


def test_a_payment_is_corrected_with_its_history_or_voided_never_deleted(world, coordinator):
    project = world["project"]
    coordinator.post(f"/intern/projekt/{project.pk}/utbetalningar/ny/", receipt_data())
    receipt = Receipt.objects.get()
    url = f"/intern/utbetalningar/{receipt.pk}/"

    coordinator.post(url + "andra/", receipt_data(amount="21000"))
    page = text(coordinator.get(url))
    assert "Historik" in page and ">20 000<" in page and ">21 000<" in page
    assert "Belopp" in page  # the changed field, by its Swedish name
    assert Receipt.objects.eu().total_sek() == Decimal("235200.00")

    page = text(coordinator.post(url + "makulera/", {"void_reason": ""}))
    assert "Detta fält måste fyllas i." in page
    response = coordinator.post(url + "makulera/", {"void_reason": "Registrerad två gånger"})
    assert response["Location"] == url
    receipt = Receipt.all_objects.get(pk=receipt.pk)
    assert receipt.is_voided and receipt.voided_by == world["users"]["coordinator"]
    # Out of every sum, still in the records.
    assert not Receipt.objects.exists() and Receipt.objects.eu().total_sek() == 0
    page = text(coordinator.get(url))
    assert "Makulerad" in page and "Registrerad två gånger" in page
    assert "makulerad" in text(coordinator.get("/intern/utbetalningar/"))
    assert coordinator.get(url + "andra/").status_code == 403
    assert AuditEntry.objects.filter(action="receipt.voided").count() == 1
    # Voided once: the void form is not offered again, asking for a reason in vain.
    response = coordinator.get(url + "makulera/", follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "Den är redan makulerad." in text(response)
    # Its name reads as an amount: "2026-05-04: 21 000 EUR", not "21000.00 EUR".
    assert str(receipt) == "2026-05-04: 21\xa0000 EUR"


def test_allocations_set_spent_and_remaining(world, coordinator, municipality):
    response = coordinator.post(
        "/intern/budget/ny/",
        {"year": "2026", "purpose": "twinning", "amount": "150000", "decision_reference": ""},
    )
    allocation = AnnualAllocation.objects.get()
    assert response["Location"] == f"/intern/budget/{allocation.pk}/"
    page = text(
        coordinator.post(
            "/intern/budget/ny/",
            {"year": "2026", "purpose": "twinning", "amount": "5", "decision_reference": "X"},
        )
    )
    assert "Det finns redan en budgetpost för detta ändamål och år." in page
    assert 'value="X"' in page
    page = text(coordinator.post("/intern/budget/ny/", {"year": "tjugo", "purpose": "twinning"}))
    assert "Skriv året med siffror, till exempel 2026." in page and "till exempel 40" not in page

    url = f"/intern/budget/{allocation.pk}/"
    spend = url + "utgifter/ny/"
    project = world["project"]
    coordinator.post(
        spend,
        {
            "spent_on": "2026-05-10",
            "amount": "42000",
            "description": "Delegation till Kaufungen",
            "project": project.pk,
        },
    )
    page = text(
        coordinator.post(spend, {"spent_on": "2025-12-31", "amount": "1", "description": "Fel år"})
    )
    assert "Datumet måste ligga inom budgetpostens år." in page and 'value="Fel år"' in page

    page = text(coordinator.get(url))
    assert "Delegation till Kaufungen" in page and project.title_sv in page
    assert "Avsatt" in page and "Använt" in page and "Kvar" in page
    assert "108 000 kr" in page
    page = text(coordinator.get("/intern/budget/"))
    assert "2026: vänortsarbete" in page and "150 000 kr" in page and "108 000 kr" in page

    spending = AllocationSpending.objects.get()
    coordinator.post(f"/intern/utgifter/{spending.pk}/makulera/", {"void_reason": "Fel post"})
    assert AnnualAllocation.objects.with_spending().get().remaining == Decimal("150000")
    page = text(coordinator.get(url))
    assert "makulerad" in page and "Fel post" in page and "Använt till" in page
    assert "Utgift: Delegation till Kaufungen" in page  # the spending's history
    assert AllocationSpending.all_objects.count() == 1


def test_readers_read_the_money_pages_but_change_nothing(world, client, municipality):
    allocation = AnnualAllocation.objects.create(
        municipality=municipality, year=2026, purpose="twinning", amount=Decimal("1")
    )
    sign_in(client, world["users"]["reader"])
    page = text(client.get(f"/intern/budget/{allocation.pk}/"))
    assert "Registrera en utgift" not in page and "Ändra budgetposten" not in page
    response = client.post(
        "/intern/budget/ny/", {"year": "2027", "purpose": "twinning", "amount": "9"}
    )
    assert response.status_code == 403
    assert "Din roll låter dig läsa allt men inte ändra." in text(response)
    assert AnnualAllocation.objects.count() == 1
    assert "Pengar" in text(client.get("/intern/"))  # in the menu


def test_the_admin_cannot_delete_a_payment(world, admin_client):
    receipt = Receipt.objects.create(
        project=world["project"], received_on=dt.date(2026, 1, 5), amount=Decimal("1")
    )
    assert admin_client.get(f"/admin/finance/receipt/{receipt.pk}/delete/").status_code == 403
    assert Receipt.objects.filter(pk=receipt.pk).exists()


def test_a_budget_year_or_a_payment_date_out_of_range_is_refused_in_plain_swedish(
    world, coordinator, interreg
):
    """Year 1800 was saved as a budget post with no way to remove it, and a payment dated
    3000-01-01 would count in the received-per-year sums."""
    for year in ("1800", "3000"):
        page = text(
            coordinator.post(
                "/intern/budget/ny/", {"year": year, "purpose": "twinning", "amount": "1"}
            )
        )
        assert "Skriv ett tal från 1990 till 2100." in page and f'value="{year}"' in page
    page = text(
        coordinator.post(
            "/intern/budget/ny/", {"year": "2 026", "purpose": "twinning", "amount": "1"}
        )
    )
    assert not AnnualAllocation.objects.exclude(year=2026).exists()
    url = f"/intern/projekt/{world['project'].pk}/utbetalningar/ny/"
    for day in ("3000-01-01", "1800-05-04"):
        page = text(coordinator.post(url, receipt_data(received_on=day, programme=interreg.pk)))
        assert "Skriv ett datum från år 1900 till 2100." in page
    page = text(coordinator.post(url, receipt_data(received_on="4 maj", programme=interreg.pk)))
    assert "Skriv datumet som 2026-03-31." in page
    assert not Receipt.objects.exists()


def test_a_comma_in_a_whole_number_is_refused_not_read_as_another_number(world, client):
    """A browser's number field sent "5,5" as 55, saved as 55 %: the field is a text field
    that refuses it and says what to write."""
    measure = world["measure"]
    sign_in(client, world["users"]["coordinator"])
    url = f"/intern/atgarder/{measure.pk}/framsteg/"
    form = client.get(url).content.decode()
    assert 'name="progress"' in form and 'type="number"' not in form
    assert 'inputmode="numeric"' in form
    page = client.post(url, {"status": "ongoing", "progress": "5,5"}).content.decode()
    assert "Skriv ett heltal med siffror, till exempel 40." in page and 'value="5,5"' in page
    measure.refresh_from_db()
    assert measure.progress == 0
    page = client.post(url, {"status": "ongoing", "progress": "150"}).content.decode()
    assert "Skriv ett tal från 0 till 100." in page
    client.post(url, {"status": "ongoing", "progress": " 55 "})
    measure.refresh_from_db()
    assert measure.progress == 55


def test_the_payments_list_shows_one_years_payments_from_the_table_of_years(world, coordinator):
    project = world["project"]
    create = f"/intern/projekt/{project.pk}/utbetalningar/ny/"
    coordinator.post(create, receipt_data(received_on="2025-09-01", note="Hösten 2025"))
    coordinator.post(create, receipt_data(received_on="2026-02-01", note="Våren 2026"))
    page = text(coordinator.get("/intern/utbetalningar/"))
    assert "2025-09-01" in page and "2026-02-01" in page
    assert 'href="?ar=2025"' in page  # the table of years leads to each year
    page = text(coordinator.get("/intern/utbetalningar/?ar=2025"))
    assert "Utbetalningar mottagna 2025" in page
    assert "2025-09-01" in page and "2026-02-01" not in page
    assert "Visa alla års utbetalningar" in page
    # A year that is no year lists everything, as without one.
    assert "2026-02-01" in text(coordinator.get("/intern/utbetalningar/?ar=tjugo"))
