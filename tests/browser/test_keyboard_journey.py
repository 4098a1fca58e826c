"""A resident who uses only the keyboard: search → filter → project → English → back."""

import pytest

pytestmark = pytest.mark.browser


def tab_to(page, description: str, predicate: str, limit: int = 80) -> None:
    """Press Tab until the focused element satisfies a JavaScript predicate on `el`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return
    raise AssertionError(f"Could not reach {description} with the Tab key")


def test_search_filter_open_switch_language_and_back(demo_site, page):
    page.goto(demo_site.url + "/projekt/")

    tab_to(page, "the search field", "el.id === 'id_q'")
    page.keyboard.type("kaufungen")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=kaufungen**")
    assert "projekt" in page.locator("#results-heading").inner_text()

    tab_to(
        page, "the Germany filter", "el.closest('.facet') && el.textContent.includes('Tyskland')"
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**land=DE**")
    assert "Land: Tyskland" in page.locator(".active-filters").inner_text()

    tab_to(page, "the first result", "el.closest('.result') !== null")
    title = page.evaluate("document.activeElement.textContent.trim()")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    assert page.get_attribute("html", "lang") == "sv"

    tab_to(page, "the language link", "el.getAttribute('hreflang') === 'en'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/projekt/**")
    assert page.get_attribute("html", "lang") == "en"
    assert "Facts" in page.content()

    tab_to(page, "the way back to Swedish", "el.getAttribute('hreflang') === 'sv'")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "sv"
    assert page.locator("h1").inner_text() == title

    # The browser's Back button retraces the journey: English page, Swedish page, list.
    for _ in range(3):
        page.go_back()
    page.wait_for_url("**land=DE**")
    assert "Land: Tyskland" in page.locator(".active-filters").inner_text()
