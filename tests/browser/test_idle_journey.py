"""Issue 13's journey in real Chromium: a department representative registers a co-financed
project with two financing rows and a new partner organisation, the session runs out in
the middle of the form, and nothing typed is lost. The warning comes first (and passes
axe-core), staying signed in works, and a save after the sign-out is completed once the
same person has signed in again.

The server's idle clock is moved by rewriting the session's last-seen time, the page's
timers by Playwright's clock: no test waits half an hour, or even a minute."""

import datetime as dt
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from projektdatabas.accounts.middleware import LAST_SEEN_KEY
from projektdatabas.demo.people import DEMO_PASSWORD
from projektdatabas.finance.models import FundingSource
from projektdatabas.projects.models import Project

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TITLE = "Exempel: Elevutbyte med Zauberberg"
PARTNER = "Exempel: Zauberberg-Gymnasium"


def sign_in(page, username):
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def session_of(page) -> SessionStore:
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    return SessionStore(session_key=key)


def idle_for(page, seconds):
    """As if this browser's last request had been `seconds` ago, on the server's clock."""
    session = session_of(page)
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def wait_for_the_warning(page, *, seconds_left):
    """Lets the page's timers run to the moment the warning is due, with `seconds_left`
    left on the server's clock."""
    idle = settings.STAFF_IDLE_MINUTES * 60
    idle_for(page, idle - seconds_left)
    page.clock.fast_forward((idle - 120) * 1000)


def axe_violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]]


def row(page, n):
    return page.locator("fieldset.row-form").nth(n - 1)


def test_a_save_after_the_idle_sign_out_is_completed_after_signing_in_again(demo_site, page):
    page.clock.install()  # the page's timers move when the test says so
    page.goto(demo_site.url + "/intern/logga-in/")
    sign_in(page, "utbildning")

    # Basics. (Fields by name: the labels are being reworded in the form redesign.)
    page.get_by_role("link", name="Registrera ett nytt projekt").click()
    field = page.locator
    field('[name="title_sv"]').fill(TITLE)
    field('[name="kind"]').select_option("school_youth_exchange")
    field('[name="municipal_role"]').select_option("partner")
    today = dt.date.today()
    field('[name="start_date"]').fill((today + dt.timedelta(days=60)).isoformat())
    field('[name="end_date"]').fill((today + dt.timedelta(days=300)).isoformat())
    page.get_by_role("button", name="Spara utkastet och fortsätt").click()
    page.wait_for_url("**/redigera/partner/")

    # Partners: an organisation that is not in the register yet.
    page.locator('[name="new_organisation-name"]').fill(PARTNER)
    page.locator('[name="new_organisation-country"]').select_option("DE")
    page.locator('[name="new_organisation-town"]').fill("Kassel")
    page.locator('[name="new_organisation-kind"]').select_option("school")
    page.locator('button[name="add_organisation"]').click()
    expect(row(page, 1).locator('[name$="-organisation"] option:checked')).to_contain_text(PARTNER)
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.wait_for_url("**/redigera/pengar/")

    # Money: two financing rows, the second one added on the page.
    row(page, 1).locator(f'[name$="-source"][value="{FundingSource.MUNICIPAL_MONEY}"]').check()
    row(page, 1).locator('[name$="-amount"]').fill("80000")
    page.locator('button[name="add_row"]').click()
    expect(page.locator("fieldset.row-form")).to_have_count(2)
    row(page, 2).locator(f'[name$="-source"][value="{FundingSource.EU_GRANT}"]').check()
    row(page, 2).locator('[name$="-amount"]').fill("120000")

    # Half an hour without a request: first the warning, and staying signed in.
    dialog = page.get_by_role("alertdialog")
    wait_for_the_warning(page, seconds_left=90)
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Du loggas snart ut")
    stay = dialog.get_by_role("button", name="Fortsätt vara inloggad")
    expect(stay).to_be_focused()
    assert axe_violations(page) == []
    stay.click()
    expect(dialog).to_be_hidden()
    assert time.time() - session_of(page)[LAST_SEEN_KEY] < 10  # the idle time starts again

    # Then the warning again, ignored until the sign-out.
    wait_for_the_warning(page, seconds_left=60)
    expect(dialog).to_be_visible()
    idle_for(page, settings.STAFF_IDLE_MINUTES * 60 + 1)
    page.clock.fast_forward(61_000)
    expect(dialog).to_contain_text("Du har loggats ut")
    assert axe_violations(page) == []
    dialog.get_by_role("button", name="Stäng").click()
    expect(dialog).to_be_hidden()

    # Saving now keeps the save; signing in again completes it.
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.wait_for_url("**/intern/logga-in/**")
    expect(page.locator("#kept-save")).to_contain_text("Det du sparade finns kvar.")
    assert not Project.objects.get(title_sv=TITLE).fundings.exists()
    sign_in(page, "utbildning")
    page.wait_for_url("**/redigera/strategi/")
    expect(page.locator(".messages")).to_contain_text("det du sparade har skickats")

    project = Project.objects.get(title_sv=TITLE)
    assert sorted((f.source, int(f.amount)) for f in project.fundings.all()) == [
        (FundingSource.EU_GRANT, 120000),
        (FundingSource.MUNICIPAL_MONEY, 80000),
    ]
    assert [p.organisation.name for p in project.partnerships.all()] == [PARTNER]
    assert page.console_errors == []
