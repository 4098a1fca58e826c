"""The error pages in real Chromium: axe-core (WCAG 2.0/2.1 A and AA) finds nothing on any
of them, in Swedish and English, and the 404 and 500 pages reflow at 320 px. Screenshots of
those go to the test's temporary folder (keep it with --basetemp to look at them)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.error_urls")]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "ett-långt-lösenord-2026"  # tests/conftest.py make_user


def violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]


@pytest.fixture
def site(live_server, municipality, make_user, settings):
    # The live server answers on "localhost"; 127.0.0.1 becomes a host that is not allowed.
    settings.ALLOWED_HOSTS = ["localhost"]
    make_user("reader", username="lasare")
    return live_server


def sign_in(page, base):
    page.goto(base + "/intern/logga-in/")
    page.get_by_label("Användarnamn").fill("lasare")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/intern/")


def test_error_pages_have_no_wcag_violations(site, page):
    base = site.url
    other_host = base.replace("localhost", "127.0.0.1")
    pages = {
        "400": (other_host + "/projekt/", 400, "Förfrågan gick inte att förstå"),
        "400 en": (other_host + "/en/projekt/", 400, "The request could not be understood"),
        "403": (base + "/forbjuden/", 403, "Inte tillgängligt för dig"),
        "403 en": (base + "/en/forbjuden/", 403, "Not available to you"),
        "404": (base + "/finns-inte/", 404, "Sidan finns inte"),
        "404 en": (base + "/en/finns-inte/", 404, "Page not found"),
        "500": (base + "/trasig/", 500, "Något gick fel"),
        "500 en": (base + "/en/trasig/", 500, "Something went wrong"),
        "staff 404, signed out": (base + "/intern/finns-inte/", 404, "Sidan finns inte"),
    }
    failures = {}

    def visit(name, url, status, heading):
        response = page.goto(url)
        assert response.status == status, name
        assert page.get_by_role("heading", level=1).inner_text() == heading, name
        found = violations(page)
        if found:
            failures[name] = found

    for name, (url, status, heading) in pages.items():
        visit(name, url, status, heading)

    # A form sent without its CSRF cookie (expired, or cookies blocked).
    for name, path, heading in (
        ("csrf", "/intern/logga-in/", "Formuläret kunde inte skickas"),
        ("csrf en", "/en/intern/logga-in/", "The form could not be sent"),
    ):
        page.goto(base + path)
        page.context.clear_cookies()
        page.locator("input[name=username]").fill("lasare")
        page.locator("input[name=password]").fill(PASSWORD)
        with page.expect_navigation() as navigation:
            page.locator("form button[type=submit]").first.click()
        assert navigation.value.status == 403, name
        assert page.get_by_role("heading", level=1).inner_text() == heading, name
        found = violations(page)
        if found:
            failures[name] = found

    sign_in(page, base)
    visit("staff 403, signed in", base + "/intern/anvandare/", 403, "Inte tillgängligt för dig")
    visit("staff 404, signed in", base + "/intern/finns-inte/", 404, "Sidan finns inte")
    visit("staff 500, signed in", base + "/intern/trasig/", 500, "Något gick fel")
    assert failures == {}


@pytest.mark.parametrize("width", [320, 1280])
def test_404_and_500_reflow(site, browser, width, tmp_path):
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        for name, path in (("404", "/finns-inte/"), ("500", "/trasig/"), ("404-en", "/en/x/")):
            page.goto(site.url + path)
            page.screenshot(path=tmp_path / f"{name}-{width}.png", full_page=True)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, f"{name} scrolls sideways at {width} px"
            # The search field and the way home are there and inside the viewport.
            for locator in (page.get_by_role("searchbox"), page.locator(".search-form button")):
                box = locator.bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (name, locator)
    finally:
        context.close()
