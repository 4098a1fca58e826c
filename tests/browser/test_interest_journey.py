""" "Anmäl intresse" in real Chromium, without JavaScript doing anything for it: a resident
finds the call on a project's page, is told in Swedish what to correct (with what they typed
kept), registers, and the project's department representative finds the registration on
the start page and the project's staff page and marks it handled. axe-core checks every
page on the way, public and staff."""

import pytest

from projektdatabas.participation.models import InterestRegistration, RegistrationStatus
from projektdatabas.projects.models import Project

from .test_staff_flows import Session

pytestmark = pytest.mark.browser

NAME = "Birgitta Gästvänlig"


def test_a_resident_registers_and_the_department_sees_it(demo_site, page):
    project = Project.objects.get(slug="kaufungen-kultur-foreningsliv")
    s = Session(page, demo_site.url)
    page.goto(f"{demo_site.url}/projekt/{project.pk}-{project.slug}/")
    call = page.get_by_role("region", name="Anmäl intresse")
    assert "Vi söker: värdfamiljer, föreningar." in call.inner_text()
    s.check("project page with its call for interest")
    call.get_by_role("link", name="Anmäl ditt intresse").click()
    s.check("interest form")

    page.get_by_label("Ditt namn").fill(NAME)
    page.get_by_label("Telefon").fill("0303-12 34 56")
    page.get_by_label("Värdfamiljer").check()
    page.get_by_label("Meddelande (frivilligt)").fill("Vi har plats för två gäster.")
    page.wait_for_timeout(3200)  # a person takes longer than the robots' few seconds
    s.button("Skicka anmälan")
    summary = page.get_by_role("alert")
    assert "Din anmälan är inte skickad än" in summary.inner_text()
    assert "Kryssa i rutan om du samtycker" in summary.inner_text()
    assert page.get_by_label("Ditt namn").input_value() == NAME
    assert page.get_by_label("Värdfamiljer").is_checked()
    s.check("interest form with an error")

    page.get_by_label("Jag samtycker").check()
    s.button("Skicka anmälan")
    assert "Tack! Din anmälan är skickad" in page.content()
    s.check("receipt")
    registration = InterestRegistration.objects.get(name=NAME)
    assert registration.kinds == ["host_family"] and registration.phone == "0303-12 34 56"

    s.sign_in("kultur")  # Kultur- och fritidsförvaltningen's representative
    panel = page.get_by_role("region", name="Invånares intresseanmälningar")
    assert "2 nya anmälningar väntar." in panel.inner_text()  # the demo's example and this one
    s.check("start page with registrations waiting")
    panel.get_by_role("link", name=project.title_sv).first.click()
    section = page.get_by_role("region", name="Intresseanmälningar")
    entry = section.get_by_role("article", name=NAME)
    assert "0303-12 34 56" in entry.inner_text() and "Vi har plats för två gäster." in (
        entry.inner_text()
    )
    s.check("project page with registrations")
    entry.get_by_role("button", name="Markera som hanterad").click()
    page.wait_for_load_state()
    assert "Anmälan är markerad som hanterad." in s.message()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.HANDLED

    page.goto(f"{demo_site.url}/intern/intresse/?visa=alla")
    assert NAME in page.content()
    s.check("list of registrations")
    # Removing is for good: the button asks first, and Avbryt keeps the registration.
    page.get_by_role("article", name=NAME).get_by_role("button", name="Ta bort").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Ta bort anmälan?").is_visible()
    s.check("removal asks first")
    page.get_by_role("link", name="Avbryt").click()
    page.wait_for_load_state()
    assert page.url.endswith("/intern/intresse/")
    assert InterestRegistration.objects.filter(pk=registration.pk).exists()
    assert s.failures == {}
    assert page.console_errors == []


def test_the_english_form_and_the_privacy_notice(demo_site, page):
    project = Project.objects.get(slug="kaufungen-kultur-foreningsliv")
    s = Session(page, demo_site.url)
    page.goto(f"{demo_site.url}/en/projekt/{project.pk}-{project.slug}/anmal-intresse/")
    assert "Example: We are looking for host families" in page.content()
    s.check("English interest form")
    page.goto(f"{demo_site.url}/personuppgifter/")
    assert page.get_by_role("heading", name="När du anmäler intresse för ett projekt").is_visible()
    s.check("privacy notice")
    assert s.failures == {}
