"""The money pages in real Chromium: the coordinator records a payment, a line of spending
and an hourly rate; axe-core checks every page and form on the way (with errors shown
too), and none of them scrolls sideways on a 320 px wide phone (WCAG 1.4.10)."""

import pytest

from projektdatabas.finance.models import Receipt
from projektdatabas.projects.models import Project

from .test_staff_flows import Session

pytestmark = pytest.mark.browser


def fits_a_phone(s: Session, name: str) -> None:
    page = s.page
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 320:
        s.failures[f"{name} at 320 px"] = [f"the page is {width} px wide"]
    page.set_viewport_size({"width": 1280, "height": 800})


def test_the_coordinator_keeps_the_money(demo_site, page):
    s = Session(page, demo_site.url)
    s.sign_in("samordnare")
    page.get_by_role("link", name="Pengar", exact=True).click()
    s.check("payments received")
    fits_a_phone(s, "payments received")

    page.get_by_role("link", name="Timpriser", exact=True).click()
    s.check("hourly rates")
    fits_a_phone(s, "hourly rates")
    page.get_by_role("link", name="Nytt timpris").click()
    page.get_by_label("År").fill("2026")
    page.get_by_label("Timpris (kr)").fill("470")
    s.button("Spara")
    assert "Det finns redan ett timpris för det här året." in page.content()
    s.check("hourly rate form with an error")
    page.goto(demo_site.url + "/intern/timpris/")
    page.get_by_role("link", name="Ändra 2026").click()
    s.check("hourly rate form")
    fits_a_phone(s, "hourly rate form")

    page.goto(demo_site.url + "/intern/budget/")
    s.check("allocations")
    fits_a_phone(s, "allocations")
    page.locator("table.data a").first.click()
    s.check("allocation")
    fits_a_phone(s, "allocation")
    page.get_by_role("link", name="Registrera en utgift").click()
    page.get_by_label("Till vad").fill("Fika med vänortsgruppen")
    page.get_by_label("Belopp (SEK)").fill("-5")
    s.button("Spara")
    s.check("spending form with errors")
    assert "Fika med vänortsgruppen" in page.content()  # the input is kept

    project = Project.objects.filter(is_example_data=True, status="ongoing").first()
    page.goto(f"{demo_site.url}/intern/projekt/{project.pk}/")
    page.get_by_role("link", name="Registrera mottagen utbetalning").click()
    s.check("payment form")
    page.get_by_label("Mottaget den").fill("2026-11-02")
    page.get_by_label("Belopp (obligatoriskt)", exact=True).fill("12000")
    page.get_by_label("Valuta").select_option("EUR")
    s.button("Spara")
    assert "Ange växelkursen som användes" in page.content()
    page.get_by_label("Växelkurs").fill("11.30")
    s.button("Spara")
    assert "Utbetalningen är registrerad." in s.message()
    s.check("payment")
    fits_a_phone(s, "payment")
    assert Receipt.objects.get(project=project, received_on="2026-11-02").amount_sek == 135600
    page.get_by_role("link", name="Makulera utbetalningen").click()
    s.check("void form")

    page.goto(f"{demo_site.url}/intern/projekt/{project.pk}/redigera/pengar/")
    assert "timpriset för" in page.content()
    s.check("money section with the hourly rate")
    assert s.failures == {}
    assert page.console_errors == []
