"""The report's distribution list: kept by the coordinator in the staff pages, and the
finalised PDF sent to it, after commit, as the very file that was stored."""

import hashlib
import logging
import re
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from projektdatabas.core.models import AuditEntry
from projektdatabas.reporting.models import Recipient, SemiAnnualReport
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db
LIST = "/intern/rapporter/sandlista/"


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses one address."""

    def send_messages(self, messages):
        for message in messages:
            if "nej@" in message.to[0]:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def recipients(municipality):
    return [
        Recipient.objects.create(
            municipality=municipality,
            name="Kim Sekreterare",
            email="kim@example.org",
            role="Kommunstyrelsens sekreterare",
        ),
        Recipient.objects.create(
            municipality=municipality,
            name="Ola Chef",
            email="ola@example.org",
            role="Förvaltningschef, utbildning",
        ),
    ]


def test_the_coordinator_keeps_the_list_in_swedish(world, client, municipality):
    sign_in(client, world["users"]["coordinator"])
    page = client.get(LIST).content.decode()
    assert "Rapportens sändlista" in page
    for label in ("Namn", "E-postadress", "Roll"):
        assert re.search(
            rf">{label}( <span class=\"required\">\(obligatoriskt\)</span>)?</label>", page
        )

    data = {"name": "Kim Sekreterare", "email": "kim@example.org", "role": "KS sekreterare"}
    assert client.post(LIST, data).status_code == 302
    kim = Recipient.objects.get(municipality=municipality)
    again = client.post(LIST, data | {"email": "KIM@example.org"}).content.decode()
    assert "Adressen finns redan på listan." in again
    client.post(f"{LIST}{kim.pk}/", data | {"role": "Kommunstyrelsens sekreterare"})
    kim.refresh_from_db()
    assert kim.role == "Kommunstyrelsens sekreterare"
    assert "Kommunstyrelsens sekreterare" in client.get(LIST).content.decode()
    client.post(f"{LIST}{kim.pk}/ta-bort/")
    assert not Recipient.objects.exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "report.recipient_added",
        "report.recipient_changed",
        "report.recipient_removed",
    } <= actions


def test_only_the_coordinator_sees_the_list(world, client, recipients):
    sign_in(client, world["users"]["reader"])
    response = client.get(LIST)
    assert response.status_code == 403
    assert "Bara samordnaren" in response.content.decode()
    assert "kim@example.org" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_finalising_sends_the_stored_pdf_to_everyone_on_the_list(
    world, client, municipality, recipients
):
    sign_in(client, world["users"]["coordinator"])
    page = client.get("/intern/rapporter/2026/1/").content.decode()
    assert "skicka den som PDF till sändlistan (2 mottagare)" in page
    response = client.post("/intern/rapporter/2026/1/faststall/", {"send": "1"}, follow=True)

    report = SemiAnnualReport.objects.get()
    stored = report.file_checksums()["pdf"]
    assert sorted(m.to[0] for m in mail.outbox) == ["kim@example.org", "ola@example.org"]
    for message in mail.outbox:
        ((name, content, kind),) = message.attachments
        assert (name, kind) == ("halvarsrapport-2026-1.pdf", "application/pdf")
        assert hashlib.sha256(content).hexdigest() == stored
        assert "januari–juni 2026" in message.subject and stored in message.body
    assert "Rapporten skickades som PDF till 2 mottagare" in response.content.decode()
    entry = AuditEntry.objects.get(action="report.sent")
    assert entry.data["recipients"] == [
        "Kim Sekreterare <kim@example.org>",
        "Ola Chef <ola@example.org>",
    ]
    assert entry.data["pdf_sha256"] == stored


@pytest.mark.django_db(transaction=True)
def test_a_refused_address_is_logged_and_shown(
    world, client, municipality, recipients, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.test_report_distribution.RefusingBackend"
    Recipient.objects.create(municipality=municipality, name="Nej", email="nej@example.org")
    sign_in(client, world["users"]["coordinator"])
    client.post("/intern/rapporter/2026/1/faststall/")  # finalised, not sent
    assert not mail.outbox and not AuditEntry.objects.filter(action__startswith="report.sen")

    with caplog.at_level(logging.ERROR, logger="projektdatabas.reporting.distribution"):
        response = client.post("/intern/rapporter/2026/1/skicka/", follow=True)
    html = response.content.decode()
    assert "E-postservern tog inte emot rapporten för nej@example.org" in html
    assert "Rapporten skickades som PDF till 2 mottagare" in html
    assert sorted(m.to[0] for m in mail.outbox) == ["kim@example.org", "ola@example.org"]
    assert "nej@example.org" in caplog.text
    entry = AuditEntry.objects.get(action="report.sending_failed")
    assert entry.data["failed"] == ["nej@example.org"] and len(entry.data["recipients"]) == 3


def test_a_draft_is_not_sent(world, client, recipients):
    sign_in(client, world["users"]["coordinator"])
    response = client.post("/intern/rapporter/2026/1/skicka/")
    assert response.status_code == 404
    assert not mail.outbox
