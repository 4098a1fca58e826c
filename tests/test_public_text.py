"""A text published to everyone holds no identity number and no contact details: the
publication section says "Never personal data", and the privacy notice promises that
contact persons are never shown."""

import pytest
from django.core.exceptions import ValidationError

from projektdatabas.staff.public_text import no_personal_details
from tests.conftest import sign_in
from tests.test_past_dates import field_error
from tests.test_project_links import NO_LINKS

FINE = [
    "Elever från Ale möter elever i Bertinoro 2026–2027, 1 160 000 kr i EU-bidrag.",
    "Projektet pågick 2025-03-01 till 2026-02-28 med 40 deltagare, varav 30 unga.",
    "Program 2021-2027; diarienummer KS 2026/0042; 0,5 miljoner kronor.",
    # Dates with a time or a number after them, and project numbers (a reviewer's cases:
    # each had been refused as a telephone number).
    "Träff 2026-03-31 18:00 i Alafors, 449 80.",
    "2026-02-01 40 elever reste; 2026-11-05 100 000 kr.",
    "Projektperiod: 2024-09-01 2026-08-31.",
    "Projektnummer 2024-1-SE01-KA121-SCH-000201234, ERASMUS-EDU-2027-PI-ALL-INNO.",
    "Poäng 0 50 100 150.",
    "Avresa (at) 10.00 från Alafors; möte (at) kommunhuset.",
    "Partner i Wien (AT) Stadtverwaltung. Sedan 2024 i projektet.",
    "",
]
REFUSED = {
    "19800101-1234": "personnummer",
    "800101-1234": "personnummer",
    "Kontakt: anna.svensson@ale.se": "e-postadressen anna.svensson@ale.se",
    "Ring 070-123 45 67": "telefonnumret 070-123 45 67",
    "Ring +46 70 123 45 67": "telefonnumret +46 70 123 45 67",
    "Växel 0303-33 00 00": "telefonnumret 0303-33 00 00",
    "Ring 070–123 45 67": "telefonnumret 070–123 45 67",
    "Ring +46 (0)70 123 45 67": "telefonnumret +46 (0)70 123 45 67",
    # Written past harvesters, as on web pages; a reader still mails them.
    "Kontakta anna(at)ale.se": "e-postadressen anna(at)ale.se",
    "Skriv till info [at] kaufungen [dot] de.": "e-postadressen info [at] kaufungen [dot] de",
    "anna (snabel-a) ale.se": "e-postadressen anna (snabel-a) ale.se",
}


@pytest.mark.parametrize("text", FINE)
def test_ordinary_project_text_passes(text):
    no_personal_details(text)


@pytest.mark.parametrize("text, named", REFUSED.items())
def test_identity_numbers_and_contact_details_are_refused(text, named):
    from django.utils import translation

    with translation.override("sv"), pytest.raises(ValidationError) as refusal:
        no_personal_details(text)
    assert named in refusal.value.messages[0]


@pytest.mark.django_db
def test_the_publication_section_refuses_them_at_the_field(world, client):
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    summary = "Frågor till anna.svensson@ale.se om utbytet."
    response = client.post(
        f"/intern/projekt/{project.pk}/redigera/publicering/",
        {"version": project.version, **NO_LINKS, "public_summary_sv": summary},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "ta bort e-postadressen anna.svensson@ale.se" in field_error(html, "public_summary_sv")
    assert summary in html  # kept, to be corrected
    project.refresh_from_db()
    assert "anna.svensson" not in project.public_summary_sv


@pytest.mark.django_db
def test_the_source_note_shown_under_the_public_page_refuses_them_too(world, client):
    """ "Källa: Mejl från rektor Anna Larsson, anna.larsson@ale.se" went public from the
    basics section, whose field did not say it is shown."""
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    url = f"/intern/projekt/{project.pk}/redigera/grunduppgifter/"
    assert "Visas på den offentliga sidan" in client.get(url).content.decode()
    data = {
        "version": project.version,
        "title_sv": project.title_sv,
        "kind": project.kind,
        "lead_department": project.lead_department_id,
        "municipal_role": project.municipal_role,
        "start_date": "2025-01-01",
        "end_date": "2026-12-31",
        "source_note": "Mejl från rektor Anna Larsson, anna.larsson@ale.se",
    }
    html = client.post(url, data).content.decode()
    assert "ta bort e-postadressen anna.larsson@ale.se" in field_error(html, "source_note")
    project.refresh_from_db()
    assert "anna.larsson" not in project.source_note
