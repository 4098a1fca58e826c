"""Answers that contradict each other are refused at the field that is wrong, in Swedish,
with what was typed kept: hours on an EU grant, an amount approved by a rejection, a
measure "not started" at 40 %. They had been saved, or refused by a database check whose
message stood in the summary only."""

import re
from decimal import Decimal

import pytest

from projektdatabas.governance.models import Decision
from tests.conftest import sign_in
from tests.test_past_dates import field_error
from tests.test_staff_forms import money_data, url

pytestmark = pytest.mark.django_db


def test_hours_on_a_financing_line_that_is_not_staff_time(world, client):
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    data = money_data(project, **{"fundings-0-staff_hours": "10"})
    response = client.post(url(project, "pengar"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert field_error(html, "fundings-0-staff_hours") == (
        "Fel: Timmar anges bara för egen arbetstid: välj den källan eller töm fältet."
    )
    assert re.search(r'name="fundings-0-staff_hours" value="10"', html)
    assert project.fundings.get().staff_hours is None
    data = money_data(project, **{"fundings-0-exchange_rate": "11,20"})
    html = client.post(url(project, "pengar"), data).content.decode()
    assert field_error(html, "fundings-0-exchange_rate") == (
        "Fel: Ett belopp i SEK har växelkursen 1."
    )


def test_a_co_financier_on_a_line_that_is_not_other_co_financing(world, client):
    """Stadt Kassel, chosen while the line was other co-financing, stayed on it when the
    source became the municipality's money, and was saved as its financier."""
    from projektdatabas.organisations.models import Organisation

    kassel = Organisation.objects.create(name="Stadt Kassel", kind="municipality", country="DE")
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    data = money_data(project, **{"fundings-0-funder": kassel.pk})
    html = client.post(url(project, "pengar"), data).content.decode()
    assert field_error(html, "fundings-0-funder") == (
        "Fel: En medfinansiär anges bara för annan medfinansiering: välj den källan eller "
        "töm fältet."
    )
    assert project.fundings.get().funder is None


def decision_data(project, **changes):
    return {
        "committee": project.lead_department.committee_id,
        "kind": "committee",
        "decided_on": "2026-03-10",
        "case_number": "KS 2026/4",
        "paragraph": "12",
        "outcome": "approved",
        "approved_cofinancing_sek": "100 000",
        **changes,
    }


def test_a_rejection_approves_no_money_and_the_paragraph_sign_is_written_once(world, client):
    project = world["project"]
    sign_in(client, world["users"]["secretary"])
    create = f"/intern/projekt/{project.pk}/beslut/nytt/"
    data = decision_data(project, outcome="rejected", approved_cofinancing_sek="50 000")
    html = client.post(create, data).content.decode()
    assert field_error(html, "approved_cofinancing_sek") == (
        "Fel: Ett avslag beviljar ingen medfinansiering: lämna beloppet tomt."
    )
    assert not Decision.objects.exists()
    # Left empty, as the form now allows for a rejection: saved as nothing approved.
    data = decision_data(project, outcome="rejected", approved_cofinancing_sek="")
    assert client.post(create, data).status_code == 302
    rejection = Decision.objects.get()
    assert rejection.approved_cofinancing_sek == Decimal("0")
    # An approval with the amount left empty is a slip, not an approval of nothing.
    data = decision_data(project, case_number="KS 2026/6", approved_cofinancing_sek="")
    html = client.post(create, data).content.decode()
    assert field_error(html, "approved_cofinancing_sek") == (
        "Fel: Skriv den beviljade medfinansieringen i kronor (0 om ingen)."
    )
    # "§ 12" typed where the page adds the sign itself.
    data = decision_data(project, case_number="KS 2026/5", paragraph="§ 12")
    assert client.post(create, data).status_code == 302
    assert Decision.objects.get(case_number="KS 2026/5").reference == "KS 2026/5 § 12"


def test_a_measure_not_started_has_no_progress(world, client):
    measure = world["measure"]
    sign_in(client, world["users"]["coordinator"])
    response = client.post(
        f"/intern/atgarder/{measure.pk}/framsteg/",
        {"status": "not_started", "progress": "40", "progress_note": "Vi har börjat planera."},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert field_error(html, "progress") == (
        "Fel: En åtgärd som inte har påbörjats har inga framsteg än: skriv 0 eller välj den "
        "status som säger hur långt den har kommit."
    )
    assert "Vi har börjat planera." in html
    measure.refresh_from_db()
    assert measure.progress != 40


def test_an_eu_items_dates_are_asked_for_the_kinds_they_belong_to(world, client):
    """A transposition deadline is a directive's, a closing date a consultation's: with
    JavaScript each shows for its kind only (staff/shown-when.js, tried in Chromium on the
    financing rows); without it, both show as before."""
    sign_in(client, world["users"]["coordinator"])
    page = client.get("/intern/eu-bevakning/ny/").content.decode()
    deadline = re.search(r'<input[^>]*name="transposition_deadline"[^>]*>', page).group(0)
    closes = re.search(r'<input[^>]*name="consultation_closes"[^>]*>', page).group(0)
    assert 'data-shown-when="kind:legislation"' in deadline
    assert 'data-shown-when="kind:consultation"' in closes
