"""The back office in real Chromium: a department registers a project, is refused the
start for want of a decision, a committee secretary records one, and the start goes
through. axe-core checks each staff form on the way."""

import base64
import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

from projektdatabas.demo.people import DEMO_PASSWORD
from projektdatabas.projects.models import Project

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class Session:
    """One person at the browser, collecting axe-core findings page by page."""

    def __init__(self, page, base_url):
        self.page, self.base = page, base_url
        self.failures = {}

    def check(self, name):
        # A click that follows a link returns before the next page has loaded; axe run on
        # a page being replaced finds no document. Wait for the page the click opened.
        self.page.wait_for_load_state()
        options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
        try:
            results = Axe().run(self.page, options=options)
        except PlaywrightError as error:
            if "documentElement" not in str(error) and "context was destroyed" not in str(error):
                raise
            self.page.wait_for_load_state()  # the navigation started just after the wait
            results = Axe().run(self.page, options=options)
        found = [
            f"{v['id']}: {v['help']} ({v['nodes'][0]['target']})"
            for v in results.response["violations"]
        ]
        if found:
            self.failures[name] = found

    def sign_in(self, username):
        self.page.goto(self.base + "/intern/logga-in/")
        self.page.get_by_label("Användarnamn").fill(username)
        self.page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
        self.page.get_by_role("button", name="Logga in").click()
        self.page.wait_for_url("**/intern/")

    def sign_out(self):
        self.page.get_by_role("button", name="Logga ut").click()
        self.page.wait_for_url("**/intern/logga-in/")

    def button(self, name):
        self.page.get_by_role("button", name=name, exact=True).click()
        self.page.wait_for_load_state()

    def message(self) -> str:
        return self.page.locator(".messages").inner_text()


def register(s: Session, *, title, owner=False, cofinancing=None):
    page = s.page
    page.get_by_role("link", name="Registrera ett nytt projekt").click()
    s.check("new project: basics")
    page.get_by_label("Titel (svenska)").fill(title)
    page.get_by_label("Typ (obligatoriskt)", exact=True).select_option("school_youth_exchange")
    page.get_by_label("Kommunens roll").select_option("owner" if owner else "partner")
    # A project is started on or after its start date (the guard in lifecycle.py).
    today = dt.date.today()
    page.get_by_label("Start", exact=True).fill((today - dt.timedelta(days=30)).isoformat())
    page.get_by_label("Slut", exact=True).fill((today + dt.timedelta(days=200)).isoformat())
    s.button("Spara utkastet och fortsätt")
    assert "/redigera/partner/" in page.url
    s.check("partners section")
    s.button("Spara och fortsätt")
    assert "/redigera/pengar/" in page.url
    if cofinancing:
        s.check("money section")
        row = page.locator("fieldset.row-form").first
        row.get_by_label("Kommunal medfinansiering i pengar").check()
        row.get_by_label("Belopp").fill(str(cofinancing))
    s.button("Spara och fortsätt")
    assert "/redigera/strategi/" in page.url
    s.check("strategy section")
    s.button("Spara och fortsätt")
    assert "/redigera/publicering/" in page.url
    page.get_by_label("Offentlig sammanfattning (svenska)").fill(
        "Elever från Ale möter elever i Bertinoro."
    )
    s.button("Spara och fortsätt")
    project = Project.objects.get(title_sv=title)
    assert page.url.endswith(f"/intern/projekt/{project.pk}/")
    s.button("Skicka in till samordnaren")
    s.button("Markera som beviljat")
    s.check("project page")
    return project


def refused_start(s: Session, project):
    s.button("Starta projektet")
    assert "Projektet kan inte starta än" in s.message()
    project.refresh_from_db()
    assert project.status == "approved"


def record_decision(s: Session, project, *, kind, case_number, amount):
    page = s.page
    page.goto(f"{s.base}/intern/projekt/{project.pk}/")
    page.get_by_role("link", name="Registrera ett beslut").click()
    s.check("decision form")
    page.get_by_label("Typ av beslut").select_option(kind)
    if kind == "delegated":
        page.get_by_label("Enligt delegation").select_option(index=1)
    # Recorded once made: a decision is dated today or earlier.
    decided = dt.date.today() - dt.timedelta(days=40)
    page.get_by_label("Beslutsdatum").fill(decided.isoformat())
    page.get_by_label("Diarienummer").fill(case_number)
    page.get_by_label("Paragraf (§)").fill("7")
    page.get_by_label("Beslut (obligatoriskt)", exact=True).select_option("approved")
    page.get_by_label("Beviljad medfinansiering (kr)").fill(str(amount))
    s.button("Registrera beslutet")
    assert "Beslutet är registrerat." in s.message()


def start(s: Session, project):
    s.page.goto(f"{s.base}/intern/projekt/{project.pk}/")
    s.button("Starta projektet")
    assert "Status är nu: pågående." in s.message()
    project.refresh_from_db()
    assert project.status == "ongoing"


def test_cofinanced_project_waits_for_a_delegated_decision(demo_site, page):
    s = Session(page, demo_site.url)
    s.sign_in("utbildning")
    s.check("to-do list")
    project = register(s, title="Exempel: Elevutbyte med Bertinoro", cofinancing=80000)
    refused_start(s, project)
    s.sign_out()
    s.check("sign-in page")

    s.sign_in("sekreterare-un")
    record_decision(s, project, kind="delegated", case_number="UN 2027/4", amount=80000)
    s.sign_out()

    s.sign_in("utbildning")
    start(s, project)
    assert s.failures == {}
    assert page.console_errors == []


def test_owned_project_waits_for_a_committee_decision(demo_site, page):
    s = Session(page, demo_site.url)
    s.sign_in("utbildning")
    project = register(s, title="Exempel: Eget skolprojekt", owner=True)
    refused_start(s, project)
    assert "delegationsbeslut räcker inte" in page.content()
    s.sign_out()

    s.sign_in("sekreterare-un")
    record_decision(s, project, kind="committee", case_number="UN 2027/9", amount=0)
    s.sign_out()

    s.sign_in("utbildning")
    start(s, project)

    s.sign_out()
    s.sign_in("samordnare")
    for name, path in {
        "compliance list": "/intern/efterlevnad/",
        "coordination group": "/intern/samordningsgrupp/",
        "history": f"/intern/projekt/{project.pk}/historik/",
        "as of a date": f"/intern/projekt/{project.pk}/per-datum/?datum=2027-01-01",
        "decisions": "/intern/beslut/",
    }.items():
        page.goto(demo_site.url + path)
        s.check(name)
    assert s.failures == {}


def test_administrator_pages_with_the_one_time_code(demo_site, page):
    from django_otp.oath import totp

    from projektdatabas.demo.people import DEMO_ADMIN_TOTP_KEY

    s = Session(page, demo_site.url)
    page.goto(demo_site.url + "/intern/logga-in/")
    s.check("sign-in page")
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    s.button("Logga in")
    assert "/intern/tvafaktor/" in page.url
    s.check("one-time code")
    code = totp(base64.b32decode(DEMO_ADMIN_TOTP_KEY))
    page.get_by_label("Sexsiffrig kod från autentiseringsappen").fill(f"{code:06d}")
    s.button("Bekräfta")
    page.wait_for_url("**/intern/")
    page.get_by_role("link", name="Användare", exact=True).click()
    s.check("users")
    page.get_by_role("link", name="Ny användare").click()
    s.check("new user")
    page.get_by_label("Användarnamn").fill("ny.medarbetare")
    page.get_by_label("Lösenord (obligatoriskt)", exact=True).fill("kort")
    page.get_by_label("Lösenordsbekräftelse").fill("kort")
    s.button("Spara")
    assert "minst 12 tecken" in page.content()
    s.check("new user with errors")
    page.get_by_label("Lösenord (obligatoriskt)", exact=True).fill("ett-bra-lösenord-för-ale")
    page.get_by_label("Lösenordsbekräftelse").fill("ett-bra-lösenord-för-ale")
    s.button("Spara")
    s.check("roles of a user")
    page.get_by_label("Roll").select_option("reader")
    s.button("Spara")
    assert "Sparat." in s.message()
    assert s.failures == {}


def test_withdrawing_asks_first_on_a_page_that_passes_axe(demo_site, page):
    """The confirmation before a last step, as a department sees it, keyboard and screen
    reader included; Avbryt leaves the project as it was."""
    project = (
        Project.objects.filter(lead_department__name="Utbildningsförvaltningen", status="idea")
        .order_by("pk")
        .first()
    )
    s = Session(page, demo_site.url)
    s.sign_in("utbildning")
    page.goto(f"{demo_site.url}/intern/projekt/{project.pk}/")
    s.button("Dra tillbaka")
    assert page.get_by_role("heading", level=1).inner_text() == "Dra tillbaka?"
    s.check("withdraw: confirm")
    page.get_by_role("link", name="Avbryt").click()
    page.wait_for_url(f"**/intern/projekt/{project.pk}/")
    project.refresh_from_db()
    assert project.status == "idea"
    assert s.failures == {}
