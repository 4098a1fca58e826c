"""Repeating rows and a new partner organisation in real Chromium, with JavaScript (htmx
adds the row in place) and without (the page comes back with everything typed), and
axe-core on the states in between."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from projektdatabas.demo.people import DEMO_PASSWORD
from projektdatabas.organisations.models import Organisation
from projektdatabas.projects.models import Project

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [f"{v['id']}: {v['nodes'][0]['target']}" for v in results.response["violations"]]


def sign_in(page, base):
    page.goto(base + "/intern/logga-in/")
    page.get_by_label("Användarnamn").fill("utbildning")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/intern/")


def own_project():
    return Project.objects.filter(lead_department__name="Utbildningsförvaltningen").first()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_a_row_is_added_without_losing_what_was_typed(demo_site, browser, javascript):
    context = browser.new_context(locale="sv-SE", java_script_enabled=javascript)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    sign_in(page, demo_site.url)
    project = own_project()
    rows_before = project.fundings.count()
    page.goto(f"{demo_site.url}/intern/projekt/{project.pk}/redigera/pengar/")
    rows = page.locator("fieldset.row-form")
    shown = rows.count()
    page.get_by_label("Total budget").fill("1 160 000,50")
    last = rows.last
    last.get_by_label("Kommunal medfinansiering i pengar").check()
    last.get_by_label("Belopp").fill("25 000")
    page.get_by_role("button", name="Lägg till rad").click()
    rows.nth(shown).wait_for()
    assert rows.count() == shown + 1
    assert page.get_by_role("group", name=f"Finansiering {shown + 1}").is_visible()
    assert page.get_by_label("Total budget").input_value() == "1 160 000,50"
    assert rows.nth(shown - 1).get_by_label("Belopp").input_value() == "25 000"
    # The new row has the focus, so a keyboard or screen reader user is taken to it.
    # (Without JavaScript the page cannot be asked, nor axe run: the attribute is checked.)
    if javascript:
        focused = page.evaluate("document.activeElement.closest('fieldset')?.id")
        assert focused == f"row-fundings-{shown}"
        assert violations(page) == []
    else:
        assert rows.nth(shown).get_attribute("autofocus") is not None
    assert project.fundings.count() == rows_before  # nothing saved yet

    new = rows.nth(shown)
    new.get_by_label("EU-bidrag").check()
    new.get_by_label("Belopp").fill("100 000")
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_url(f"**/intern/projekt/{project.pk}/")
    assert project.fundings.count() == rows_before + 2
    project.refresh_from_db()
    assert str(project.total_budget) == "1160000.50"
    assert errors == []
    context.close()


def test_a_partner_organisation_is_added_after_the_similar_name_warning(demo_site, page):
    sign_in(page, demo_site.url)
    project = own_project()
    existing = Organisation.objects.order_by("name").first()
    page.goto(f"{demo_site.url}/intern/projekt/{project.pk}/redigera/partner/")
    page.get_by_label("Organisationens namn").fill(existing.name.upper())
    page.get_by_label("Land").select_option("SE")
    page.get_by_label("Ort", exact=True).fill("Alingsås")
    page.get_by_label("Typ av organisation").select_option("school")
    page.get_by_role("button", name="Lägg till organisationen").click()
    warning = page.locator("#similar-organisations")
    warning.wait_for()
    assert "Menar du någon av dessa?" in warning.inner_text()
    assert violations(page) == []
    page.get_by_role("button", name=f"Nej, lägg till ”{existing.name.upper()}”").click()
    page.get_by_role("status").wait_for()
    added = Organisation.objects.get(name=existing.name.upper(), country="SE")
    chosen = page.locator("fieldset.row-form select[name$='-organisation']").evaluate_all(
        "selects => selects.map(s => s.value)"
    )
    assert str(added.pk) in chosen
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_url(f"**/intern/projekt/{project.pk}/")
    assert project.partners.filter(pk=added.pk).exists()
    assert page.console_errors == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_financing_row_asks_only_what_its_source_needs(demo_site, browser, javascript):
    """Hours for own staff time, a co-financier for other co-financing and an exchange rate
    for euros: elsewhere hidden while empty, and all shown without JavaScript."""
    context = browser.new_context(locale="sv-SE", java_script_enabled=javascript)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    sign_in(page, demo_site.url)
    project = own_project()
    page.goto(f"{demo_site.url}/intern/projekt/{project.pk}/redigera/pengar/")
    rows = page.locator("fieldset.row-form")
    shown = rows.count()
    row = rows.last  # the empty row a section begins with
    hours = row.get_by_label("Egen tid (timmar)")
    funder = row.get_by_label("Medfinansiär", exact=True)
    rate = row.get_by_label("Växelkurs")
    budget_rate = page.get_by_label("Budgetens växelkurs")
    # Each is there, hidden or not (so that "not visible" below cannot mean "not found").
    assert [f.count() for f in (hours, funder, rate, budget_rate)] == [1, 1, 1, 1]
    if not javascript:
        assert all(f.is_visible() for f in (hours, funder, rate, budget_rate))
        context.close()
        return
    # Nothing chosen yet, kronor: none of the three applies.
    assert not any(f.is_visible() for f in (hours, funder, rate, budget_rate))
    row.get_by_label("Kommunal medfinansiering i egen tid").check()
    assert hours.is_visible() and not funder.is_visible()
    hours.fill("40")
    row.get_by_label("Annan medfinansiär").check()
    # What was typed stays in sight, for the save to say that it does not belong there.
    assert hours.is_visible() and funder.is_visible()
    row.get_by_label("Valuta").select_option("EUR")
    assert rate.is_visible()
    page.get_by_label("Budgetens valuta").select_option("EUR")
    assert budget_rate.is_visible()
    assert violations(page) == []

    # A row added on the page hides its own.
    page.get_by_role("button", name="Lägg till rad").click()
    rows.nth(shown).wait_for()
    added = rows.nth(shown)
    # Hidden once htmx has processed the row (htmx:load), a moment after it is in the page.
    expect(added.get_by_label("Egen tid (timmar)")).to_be_hidden()
    added.get_by_label("Kommunal medfinansiering i egen tid").check()
    assert added.get_by_label("Egen tid (timmar)").is_visible()
    assert errors == []
    context.close()


def test_leaving_a_section_with_typed_changes_asks_first(demo_site, page):
    """Each section is saved on its own; a step link, "Avbryt" or the breadcrumb had
    dropped what was typed without a word. Leaving now asks; saving does not."""
    sign_in(page, demo_site.url)
    project = own_project()
    edit = f"{demo_site.url}/intern/projekt/{project.pk}/redigera/grunduppgifter/"
    page.goto(edit)
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_role("link", name="Partner").first.click()  # nothing typed: no question
    page.wait_for_url("**/redigera/partner/")
    assert dialogs == []
    page.go_back()
    page.wait_for_url(edit)
    description = page.get_by_label("Intern beskrivning (svenska)")
    description.click()
    description.press("Control+End")  # after the text there is: a click lands mid-text
    description.press_sequentially(" Ny mening.")
    page.get_by_role("link", name="Partner").first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url == edit and description.input_value().endswith(" Ny mening.")
    page.remove_listener("dialog", stay)
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_url(f"**/intern/projekt/{project.pk}/")
    project.refresh_from_db()
    assert project.internal_description_sv.endswith("Ny mening.")

    # A section that came back with an error holds typed text not yet saved: it asks too.
    page.goto(edit)
    page.get_by_label("Titel (svenska)").fill("")
    page.get_by_role("button", name="Spara", exact=True).click()
    page.locator(".error-summary").wait_for()
    page.on("dialog", stay)
    page.locator("h1").click()  # the browser asks only on a page the user has touched
    page.get_by_role("link", name="Partner").first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload", "beforeunload"]
    assert page.console_errors == []
