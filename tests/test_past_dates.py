"""Dates of what has happened are never later than today: a decision dated 2030 cleared a
breach of the decision rule on the compliance page, and a payment "received" in 2099
counted in the sums. Each form says so at the field, in Swedish, and keeps what was typed."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from projektdatabas.finance.models import Receipt
from projektdatabas.governance.models import Decision
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def field_error(html: str, name: str) -> str:
    """The error shown above the field `name`, or ""."""
    found = re.search(
        r'class="field field-error">(?:(?!class="field).)*?<p class="error-message" '
        rf'id="id_{name}_error">(.*?)</p>(?:(?!class="field).)*?name="{name}"',
        html,
        re.S,
    )
    return re.sub(r"<[^>]+>", "", found.group(1)) if found else ""


def tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


def decision_form(project, **fields) -> dict:
    """A committee's approval of the project's co-financing, as the decision form posts it."""
    return {
        "committee": project.lead_department.committee_id,
        "kind": "committee",
        "outcome": "approved",
        "approved_cofinancing_sek": "100 000",
        **fields,
    }


def test_a_decision_cannot_be_dated_after_today(world, client):
    project = world["project"]
    sign_in(client, world["users"]["secretary"])
    url = f"/intern/projekt/{project.pk}/beslut/nytt/"
    data = decision_form(project, decided_on=tomorrow(), case_number="KS 2030/1", paragraph="12")
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    today = timezone.localdate().isoformat()
    assert field_error(html, "decided_on") == (
        f"Fel: Skriv ett datum senast i dag, {today}: här registreras bara det som har hänt."
    )
    assert 'value="KS 2030/1"' in html  # what was typed comes back
    assert not Decision.objects.filter(case_number="KS 2030/1").exists()
    data["decided_on"] = today
    assert client.post(url, data).status_code == 302
    assert Decision.objects.filter(case_number="KS 2030/1").exists()


def test_a_payment_is_recorded_once_received(world, client):
    project = world["project"]
    sign_in(client, world["users"]["coordinator"])
    data = {"received_on": tomorrow(), "amount": "12 000", "currency": "SEK", "exchange_rate": "1"}
    response = client.post(f"/intern/projekt/{project.pk}/utbetalningar/ny/", data)
    assert response.status_code == 200
    assert "Skriv ett datum senast i dag" in field_error(response.content.decode(), "received_on")
    assert not Receipt.objects.filter(project=project).exists()


def test_a_plan_is_evaluated_on_a_day_that_has_come(world, client):
    plan = world["plan"]
    sign_in(client, world["users"]["coordinator"])
    response = client.post(
        f"/intern/handlingsplaner/{plan.pk}/utvardera/",
        {"rating": "achieved", "summary": "Det mesta blev gjort.", "evaluated_on": tomorrow()},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skriv ett datum senast i dag" in field_error(html, "evaluated_on")
    assert "Det mesta blev gjort." in html
    plan.refresh_from_db()
    assert plan.status == "adopted"


def test_a_negative_training_cost_is_refused_at_the_field(world, client):
    """The database's check had spoken for itself: "Begränsningen
    “training_cost_not_negative” överträds.", in the summary only."""
    sign_in(client, world["users"]["coordinator"])
    response = client.post(
        "/intern/kompetensutveckling/ny/",
        {"title": "Studieresa", "kind": "training", "starts_on": "2026-03-02", "cost_sek": "-100"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert field_error(html, "cost_sek") == "Fel: Skriv 0 eller mer."
    assert "training_cost_not_negative" not in html and 'value="Studieresa"' in html


def test_a_decision_sent_twice_is_recorded_once(world, client):
    """Back and "Registrera beslutet" again had recorded the same decision twice."""
    project = world["project"]
    sign_in(client, world["users"]["secretary"])
    url = f"/intern/projekt/{project.pk}/beslut/nytt/"
    data = decision_form(
        project,
        decided_on=timezone.localdate().isoformat(),
        case_number="KS 2026/120",
        paragraph="7",
    )
    assert client.post(url, data).status_code == 302
    again = client.post(url, {**data, "case_number": "ks 2026/120 "})
    assert again.status_code == 200
    assert "Det här beslutet är redan registrerat för projektet" in field_error(
        again.content.decode(), "case_number"
    )
    assert Decision.objects.filter(project=project).count() == 1
    # Another paragraph of the same meeting is another decision.
    assert client.post(url, {**data, "paragraph": "8"}).status_code == 302
    assert Decision.objects.filter(project=project).count() == 2
