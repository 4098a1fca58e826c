"""EU monitoring in real Chromium: the coordinator imports EUR-Lex's feed (a stored sample),
checks the preview and saves, routes an act to a department; the department's
representative finds the question on the start page and answers it, on a phone too.
axe-core checks each page on the way."""

from pathlib import Path

import pytest

from projektdatabas.monitoring.models import Concern, EUItem

from .test_reflow import MEASURE, PHONE
from .test_staff_flows import Session

pytestmark = pytest.mark.browser

FEED = Path(__file__).parent.parent / "data" / "eurlex-oj-l.rss"


def test_the_coordinator_imports_and_routes_and_the_department_answers(demo_site, page):
    s = Session(page, demo_site.url)
    s.sign_in("samordnare")
    page.goto(demo_site.url + "/intern/eu-bevakning/")
    s.check("EU register")
    assert "Utbildningsförvaltningen" in page.locator("#overview-heading + div").inner_text()
    page.get_by_role("link", name="Importera från ett flöde eller en CSV-fil").click()
    s.check("import form")
    page.get_by_label("Fil", exact=True).set_input_files(str(FEED))
    page.get_by_label("Källa").select_option("eur_lex")
    s.button("Läs in och visa")
    s.check("import preview")
    assert EUItem.objects.filter(celex="32026R1778").count() == 0
    s.button("Registrera 3 nya ärenden")
    assert "3 EU-ärenden registrerades" in s.message()

    page.get_by_role("link", name="Kommissionens genomförandeförordning (EU) 2026/1778").click()
    s.check("EU item")
    page.get_by_role("link", name="Skicka till en förvaltning").click()
    s.check("route form")
    page.get_by_label("Förvaltning (obligatoriskt)").select_option(label="Utbildningsförvaltningen")
    page.get_by_label("Varför det berör förvaltningen").fill(
        "ESF+-projekten i skolan redovisar så."
    )
    s.button("Skicka och meddela")
    assert "Skickat till Utbildningsförvaltningen" in s.message()
    page.get_by_role("link", name="EU-bevakning", exact=True).first.click()
    page.get_by_role("link", name="Registrera ett EU-ärende").click()
    s.check("new EU item")
    page.get_by_label("Titel (obligatoriskt)").fill("En förordning")
    page.get_by_label("CELEX-nummer").fill("förordning 1778")
    s.button("Spara")
    assert "Ett CELEX-nummer ser ut som 32026R1778" in page.content()
    s.check("new EU item, refused CELEX number")
    s.sign_out()

    s.sign_in("utbildning")
    s.check("start page with the question")
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.get_by_role(
        "link", name="Kommissionens genomförandeförordning (EU) 2026/1778"
    ).first.click()
    # The click starts a navigation; measuring before it loads reads a blank document.
    page.wait_for_url("**/intern/eu-bevakning/svar/*/")
    found = page.evaluate(MEASURE)
    assert found["width"] <= PHONE and not found["problems"], found
    s.check("answer form on a phone")
    page.get_by_label("Ja, det berör oss").check()
    page.get_by_label("Vad det betyder för oss").fill("Ny redovisning från 2027.")
    s.button("Spara svaret")
    assert "Förvaltningens svar är sparat." in s.message()
    concern = Concern.objects.get(item__celex="32026R1778")
    assert concern.concerns_us is True and concern.answered_by.username == "utbildning"
    assert s.failures == {}
