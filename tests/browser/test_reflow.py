"""Every page, public and staff, on a 320 px wide phone (WCAG 1.4.10 reflow): the document is
no wider than the screen, and anything wider than the screen sits inside a scroll container
of its own that a keyboard can reach and a screen reader can name (a table's
`<div class="table-scroll" tabindex="0" role="region" aria-label="…">`).

The pages come from the URL patterns themselves: a pattern added to public/urls.py or
staff/urls.py without a page here (or a reason it is not a page) fails the test."""

import datetime as dt
from contextlib import contextmanager

import pytest
from django.urls import get_resolver

from projektdatabas.demo.people import DEMO_PASSWORD
from projektdatabas.finance.models import (
    AllocationSpending,
    AnnualAllocation,
    Receipt,
    StaffTimeRate,
)
from projektdatabas.news.models import NewsItem
from projektdatabas.organisations.models import Twinning
from projektdatabas.planning.models import ActionPlan
from projektdatabas.projects.models import Project, ProjectKind
from projektdatabas.projects.visibility import public_organisations
from projektdatabas.reporting.models import Recipient

from .test_accessibility import violations

pytestmark = pytest.mark.browser

PHONE = 320

# Addresses that answer with something other than an HTML page, or only to a POST.
NOT_PAGES = {
    "public": {
        "projects_csv",
        "projects_xlsx",
        "projects_json",
        "feed_rss",
        "feed_atom",
        "brand_css",
        "calendar_feed",
        "statistics_csv",
        "statistics_xlsx",
        "statistics_json",
        "news_rss",
        "news_atom",
        "news_image",  # a picture
        "logo",  # a picture
    },
    "staff": {
        "sign_out",  # POST
        "session_status",  # JSON, for the idle sign-out warning
        "user_active",  # POST, the administrator's
        "second_factor",  # the administrator's step after the password; the coordinator has none
        "project_submit",  # POST
        "project_status",  # POST
        "project_publication",  # POST
        "news_status",  # POST
        "call_route",  # POST
        "call_archive",  # POST
        "call_template",  # CSV
        "group_minutes",  # a PDF, Word or ODT file
        "eu_item_status",  # POST
        "eu_item_template",  # CSV
        # A department representative's page, which the coordinator is refused: measured at
        # 320 px in test_monitoring_pages.py, signed in as the representative.
        "eu_item_answer",
        "interest_status",  # POST
        "eu_organisation_link",  # POST; a GET leads back to the organisation
        "news_image",  # a picture
        "plan_revise",  # POST
        "plan_export",  # CSV
        "plan_export_xlsx",
        "project_import_template",  # CSV
        "project_import_template_xlsx",
        "report_finalise",  # POST
        "report_send",  # POST
        "report_file",  # PDF and Word
        # The regional coordinator's, which the coordinator is refused: measured at 320 px
        # in tests/browser/test_regional_report_pages.py, signed in as `regionsamordnare`.
        "regional_reports",
        "regional_report",
        "regional_report_finalise",  # POST
        "regional_report_publish",  # POST
        "recipient_remove",  # POST
        "statistics_csv",
        "statistics_xlsx",
        "statistics_json",
        "project_row",  # a fragment for htmx: one more row inside the money or partner section
        # The administrator's, behind the one-time code; a coordinator is refused them.
        "users",
        "user_create",
        "user_edit",
    },
}

# What a page's width is measured by: the document, and every element that reaches past the
# right edge of the screen without a scroll container between it and the page.
MEASURE = """() => {
  const screen = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right <= screen + 0.5 || (box.width === 0 && box.height === 0)) continue;
    let inside = null;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (scrolls(a)) { inside = a; break; }
    }
    if (!inside) wide.push(el);
  }
  // Name the outermost element that is too wide, not each of its descendants.
  const outermost = wide.filter((el) => !wide.some((o) => o !== el && o.contains(el)));
  const problems = outermost.map((el) =>
    `${name(el)} reaches ${Math.round(el.getBoundingClientRect().right)} px`
    + ` ("${(el.innerText || '').trim().slice(0, 40)}")`);
  // A box that scrolls sideways must be reachable and named, or a keyboard user cannot
  // scroll it and a screen reader user does not know what it holds.
  for (const el of document.body.querySelectorAll('*')) {
    if (!scrolls(el) || el.scrollWidth <= el.clientWidth + 1) continue;
    const named = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
    if (el.tabIndex < 0 || el.getAttribute('role') !== 'region' || !named) {
      problems.push(`${name(el)} scrolls sideways but is not a focusable, named region`);
    }
  }
  return {width: document.documentElement.scrollWidth, problems};
}"""


def _names(namespace: str) -> set[str]:
    resolver = get_resolver()
    # Under i18n_patterns: the language-prefixed resolver holds both apps.
    for pattern in resolver.url_patterns:
        for inner in getattr(pattern, "url_patterns", []):
            if getattr(inner, "namespace", None) == namespace:
                return {p.name for p in inner.url_patterns if p.name}
    raise AssertionError(f"no URL namespace {namespace!r}")


def public_pages() -> dict[str, list[str]]:
    """Each public page name with real addresses from the demo data; every project kind."""
    municipality_projects = Project.objects.public()
    projects = [
        municipality_projects.filter(kind=kind).order_by("pk").first() for kind in ProjectKind
    ]
    organisation = public_organisations(projects[0].municipality).exclude(twinnings__isnull=False)
    twinnings = Twinning.objects.order_by("slug")
    open_to_residents = [
        p for p in municipality_projects.exclude(interest_kinds=[]) if p.takes_interest()
    ]
    return {
        # A neighbour's start page under its prefix, with its example logo (public/sites.py).
        "home": ["/", "/kungalv/"],
        "projects": [
            "/projekt/",
            "/projekt/?q=projekt&tema=kultur&land=DE&sortera=start",
            "/projekt/?typ=eu_project&status=nonsense&fran=abc&sida=2",  # bad values named
            "/projekt/?q=finnsintenagonstans&typ=eu_project",  # nothing found
        ],
        "project": [f"/projekt/{p.pk}-{p.slug}/" for p in projects if p],
        "twinnings": ["/vanorter/"],
        "twinning": [f"/vanorter/{t.slug}/" for t in twinnings],
        "organisation": [f"/organisationer/{organisation.first().pk}/"],
        "accessibility": ["/tillganglighetsredogorelse/"],
        "privacy": ["/personuppgifter/"],
        "action_plan": ["/handlingsplan/"],
        "statistics": ["/statistik/"],
        "news": ["/nyheter/"],
        "news_item": [f"/nyheter/{n.pk}-{n.slug}/" for n in NewsItem.objects.public()],
        "calls": ["/utlysningar/"],
        "open_data": ["/oppna-data/"],
        "api_docs": ["/oppna-data/api/"],
        # The regional portal: search, "Kommun" filter and the region's figures.
        "region": ["/region/", "/region/?kommun=kungalv&q=exempel", "/en/region/"],
        "regional_reports": ["/region/rapporter/"],
        "region_accessibility": ["/region/tillganglighetsredogorelse/"],
        "region_privacy": ["/region/personuppgifter/"],
        "embed_projects": ["/inbaddning/projekt/", "/inbaddning/projekt/?typ=nonsense"],
        "embed_twinning": [f"/inbaddning/vanorter/{t.slug}/" for t in twinnings],
        "embed_news": ["/inbaddning/nyheter/"],
        # The demo's project open to residents: its form and the receipt after it.
        "project_interest": [
            f"/projekt/{p.pk}-{p.slug}/anmal-intresse/" for p in open_to_residents
        ],
        "project_interest_sent": [
            f"/projekt/{p.pk}-{p.slug}/anmal-intresse/skickad/" for p in open_to_residents
        ],
        **subscription_pages(twinnings.first()),
    }


def subscription_pages(twinning) -> dict[str, list[str]]:
    from projektdatabas.subscriptions.models import Subscription
    from projektdatabas.subscriptions.services import confirmation_key

    example = Subscription.objects.confirmed().order_by("pk").first()
    return {
        "subscribe": ["/prenumerera/", f"/prenumerera/?vanort={twinning.slug}"],
        "subscribe_sent": ["/prenumerera/skickat/"],
        "subscription_confirm": [f"/prenumerera/bekrafta/{confirmation_key(example)}/"],
        "subscription_choices": [f"/prenumerera/andra/{example.token}/"],
        "unsubscribe": [f"/prenumerera/avsluta/{example.token}/"],
    }


def staff_pages() -> dict[str, list[str]]:
    """Each staff page name with real addresses from the demo data."""
    from projektdatabas.staff.views.project_edit import SECTIONS

    project = Project.objects.get(slug="vikinga")  # partners, money, decisions, payments
    plan = ActionPlan.objects.order_by("pk").first()
    measure = plan.measures.order_by("pk").first()
    receipt = Receipt.objects.order_by("pk").first()
    allocation = AnnualAllocation.objects.order_by("pk").first()
    spending = AllocationSpending.objects.order_by("pk").first()
    rate = StaffTimeRate.objects.order_by("pk").first()
    recipient = Recipient.objects.order_by("pk").first()
    today = dt.date.today()
    last_half = (today.year, 1) if today.month > 6 else (today.year - 1, 2)
    p, u = project.pk, f"/intern/projekt/{project.pk}"
    return {
        "sign_in": ["/intern/logga-in/"],
        "home": ["/intern/"],
        "projects": ["/intern/projekt/", "/intern/projekt/?q=exempel"],
        "project_create": ["/intern/projekt/nytt/"],
        "project_import": ["/intern/projekt/import/"],
        "project": [f"{u}/"],
        "project_edit": [f"{u}/redigera/{s.slug}/" for s in SECTIONS],
        "project_preview": [f"{u}/forhandsvisning/"],
        "project_history": [f"{u}/historik/"],
        "project_as_of": [f"{u}/per-datum/", f"{u}/per-datum/?datum={today.isoformat()}"],
        "decision_create": [f"/intern/projekt/{p}/beslut/nytt/"],
        "decisions": ["/intern/beslut/"],
        "compliance": ["/intern/efterlevnad/"],
        "coordination_group": ["/intern/samordningsgrupp/"],
        "plans": ["/intern/handlingsplaner/"],
        "plan_create": ["/intern/handlingsplaner/ny/"],
        "plan": [f"/intern/handlingsplaner/{plan.pk}/"],
        "plan_edit": [f"/intern/handlingsplaner/{plan.pk}/redigera/"],
        "plan_evaluate": [f"/intern/handlingsplaner/{plan.pk}/utvardera/"],
        "plan_adopt": [f"/intern/handlingsplaner/{plan.pk}/anta/"],
        "plan_import": [f"/intern/handlingsplaner/{plan.pk}/import/"],
        "strategy_review": [f"/intern/strategi/{plan.strategy_id}/oversyn/"],
        "measure_create": [f"/intern/handlingsplaner/{plan.pk}/atgarder/ny/"],
        "measure_edit": [f"/intern/atgarder/{measure.pk}/"],
        "measure_progress": [f"/intern/atgarder/{measure.pk}/framsteg/"],
        "calendar": ["/intern/kalender/"],
        "reports": ["/intern/rapporter/"],
        "report": ["/intern/rapporter/{}/{}/".format(*last_half)],
        "distribution_list": ["/intern/rapporter/sandlista/"],
        "recipient_edit": [f"/intern/rapporter/sandlista/{recipient.pk}/"] if recipient else [],
        "statistics": ["/intern/statistik/"],
        "receipts": ["/intern/utbetalningar/"],
        "receipt_create": [f"/intern/projekt/{p}/utbetalningar/ny/"],
        "receipt": [f"/intern/utbetalningar/{receipt.pk}/"],
        "receipt_edit": [f"/intern/utbetalningar/{receipt.pk}/andra/"],
        "receipt_void": [f"/intern/utbetalningar/{receipt.pk}/makulera/"],
        "allocations": ["/intern/budget/"],
        "allocation_create": ["/intern/budget/ny/"],
        "allocation": [f"/intern/budget/{allocation.pk}/"],
        "allocation_edit": [f"/intern/budget/{allocation.pk}/andra/"],
        "spending_create": [f"/intern/budget/{allocation.pk}/utgifter/ny/"],
        "spending_edit": [f"/intern/utgifter/{spending.pk}/andra/"],
        "spending_void": [f"/intern/utgifter/{spending.pk}/makulera/"],
        "staff_time_rates": ["/intern/timpris/"],
        "staff_time_rate_create": ["/intern/timpris/ny/"],
        "staff_time_rate_edit": [f"/intern/timpris/{rate.pk}/andra/"],
        "news": ["/intern/nyheter/"],
        "news_create": ["/intern/nyheter/ny/"],
        **group_pages(),
        "news_edit": [f"/intern/nyheter/{n.pk}/" for n in NewsItem.objects.order_by("pk")[:2]],
        **eu_pages(),
        **call_pages(),
        **eu_partner_pages(),
        "interest": ["/intern/intresse/", "/intern/intresse/?visa=alla"],
    }


def eu_pages() -> dict[str, list[str]]:
    """EU monitoring: the register (filtered too), an item with answers in every state."""
    from projektdatabas.monitoring.models import EUItem

    item = EUItem.objects.filter(concerns__isnull=False).order_by("pk").first()
    u = f"/intern/eu-bevakning/{item.pk}"
    return {
        "eu_items": ["/intern/eu-bevakning/", "/intern/eu-bevakning/?svar=forsenade&status=open"],
        "eu_item_create": ["/intern/eu-bevakning/ny/"],
        "eu_item_import": ["/intern/eu-bevakning/import/"],
        "eu_item": [f"{u}/"],
        "eu_item_edit": [f"{u}/redigera/"],
        "eu_item_route": [f"{u}/berorda/"],
    }


def eu_partner_pages() -> dict[str, list[str]]:
    """Partners in EU projects, from the sample exports in tests/data/euprojects/, one of
    them (Aarhus) linked to the demo's partner in Denmark."""
    from pathlib import Path

    from django.utils import timezone

    from projektdatabas.euprojects.imports import import_keep, import_kohesio
    from projektdatabas.euprojects.models import EUOrganisation
    from projektdatabas.organisations.models import Organisation

    data = Path(__file__).parent.parent / "data" / "euprojects"
    import_kohesio(paths=[str(data / "kohesio-SE.csv")])
    import_keep(
        projects_path=str(data / "keep-projects.csv"),
        partners_path=str(data / "keep-partners.csv"),
    )
    ale = EUOrganisation.objects.get(normalised_name="ale", country="SE")
    partner = Organisation.objects.filter(country="DK").order_by("pk").first()
    EUOrganisation.objects.filter(normalised_name="aarhus").update(
        partner=partner, linked_at=timezone.now()
    )
    return {
        "eu_partners": ["/intern/omvarld/eu-partner/", "/intern/omvarld/eu-partner/?q=culture"],
        "eu_organisation": [f"/intern/omvarld/eu-partner/{ale.pk}/"],
        "partner": [f"/intern/partner/{partner.pk}/"],
        "eu_import": ["/intern/omvarld/eu-partner/import/"],
        "eu_import_detail": [
            f"/intern/omvarld/eu-partner/import/{pk}/" for pk in eu_upload_examples()
        ],
    }


def eu_upload_examples() -> list[int]:
    """Uploads of EU project data: one imported, one refused, one waiting to begin (its
    progress bar at 0; no progress file is written into the checkout's var/)."""
    from django.contrib.auth import get_user_model

    from projektdatabas.euprojects.models import EUUpload

    actor = get_user_model().objects.get(username="samordnare")
    counts = {"added": 1250, "updated": 31, "unchanged": 48702}
    done = EUUpload.objects.create(
        source="kohesio",
        names=["SE-pp21-27-latest.csv"],
        status="done",
        language="sv",
        actor=actor,
        result={"rows": 49983, "projects": counts, "participations": counts},
    )
    refused = EUUpload.objects.create(
        source="keep",
        names=["keep-projects.xlsx", "keep-partners.xlsx"],
        status="refused",
        language="sv",
        actor=actor,
        errors=[
            "Rad 3, kolumn Project start: ”31/13/2022” är inte ett datum.",
            "Rad 9, kolumn Project acronym: Inget projekt ”NOSUCH” i Interreg Europe i "
            "projektfilen.",
            "Inget har importerats.",
        ],
    )
    running = EUUpload.objects.create(
        source="kohesio",
        names=["IT-pp21-27-latest-with-a-rather-long-file-name-from-kohesio.csv"],
        status="running",
        language="sv",
        actor=actor,
    )
    return [done.pk, refused.pk, running.pk]


def call_pages() -> dict[str, list[str]]:
    """Funding calls: the register (filtered too), every demo call (open, forthcoming, closed,
    with answers in each state), and a department's answer to one sent to it."""
    from projektdatabas.calls.models import Call, Routing

    calls = Call.objects.order_by("pk")
    pending = Routing.objects.pending().order_by("pk").first()
    return {
        "calls": ["/intern/utlysningar/", "/intern/utlysningar/?status=closed&q=exempel"],
        "call_create": ["/intern/utlysningar/ny/"],
        "call_import": ["/intern/utlysningar/import/"],
        "call": [f"/intern/utlysningar/{c.pk}/" for c in calls],
        "call_edit": [f"/intern/utlysningar/{calls[0].pk}/redigera/"],
        "call_answer": [f"/intern/utlysningar/svar/{pending.pk}/"],
    }


def group_pages() -> dict[str, list[str]]:
    """The demo's two groups, each one's meeting and follow-up point, and a training."""
    from projektdatabas.groups.models import FollowUp, Group, Meeting, Training

    groups = Group.objects.order_by("pk")
    meetings = [Meeting.objects.filter(group=g).first() for g in groups]
    member = groups[0].members.order_by("pk").first()
    point = FollowUp.objects.order_by("pk").first()
    training = Training.objects.order_by("pk").first()
    return {
        "groups": ["/intern/grupper/"],
        "group_create": ["/intern/grupper/ny/"],
        "group": [f"/intern/grupper/{g.pk}/" for g in groups],
        "group_edit": [f"/intern/grupper/{groups[0].pk}/andra/"],
        "group_member_create": [f"/intern/grupper/{groups[0].pk}/medlemmar/ny/"],
        "group_member_edit": [f"/intern/gruppmedlemmar/{member.pk}/"],
        "group_meeting_create": [f"/intern/grupper/{groups[0].pk}/moten/nytt/"],
        "group_meeting": [f"/intern/moten/{m.pk}/" for m in meetings],
        "group_meeting_edit": [f"/intern/moten/{meetings[0].pk}/andra/"],
        "group_follow_up_create": [f"/intern/moten/{meetings[0].pk}/uppfoljning/ny/"],
        "group_follow_up_edit": [f"/intern/uppfoljning/{point.pk}/"],
        "trainings": ["/intern/kompetensutveckling/"],
        "training_create": ["/intern/kompetensutveckling/ny/"],
        "training_edit": [f"/intern/kompetensutveckling/{training.pk}/"],
    }


def english(path: str) -> str:
    """The English twin of a public address: /en/ after a municipality's own prefix."""
    site = path.split("/")[1]
    if site in ("kungalv", "lilla-edet"):
        return f"/{site}/en" + path[len(site) + 1 :]
    return "/en" + path


@contextmanager
def _page_at(browser, width: int):
    """A fresh page in Swedish, `width` px wide, its context closed after."""
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 800})
    try:
        yield context.new_page()
    finally:
        context.close()


def _sign_in_as_coordinator(page, base: str = "") -> None:
    """On the sign-in page (opened from `base` when given)."""
    if base:
        page.goto(base + "/intern/logga-in/")
    page.get_by_label("Användarnamn").fill("samordnare")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/intern/")


def test_no_page_scrolls_sideways_on_a_phone(demo_site, browser):
    public, staff = public_pages(), staff_pages()
    for namespace, pages in (("public", public), ("staff", staff)):
        missing = _names(namespace) - NOT_PAGES[namespace] - set(pages)
        assert not missing, f"{namespace} pages without an address in this test: {missing}"
    public_paths = [path for paths in public.values() for path in paths]
    public_paths += [english(path) for path in public_paths if not path.startswith("/en/")]
    staff_paths = [path for paths in staff.values() for path in paths]

    failures, statuses = {}, {}

    def visit(path):
        response = page.goto(demo_site.url + path)
        statuses[path] = response.status
        found = page.evaluate(MEASURE)
        problems = found["problems"]
        if found["width"] > PHONE:
            problems.insert(0, f"the page is {found['width']} px wide")
        if problems:
            failures[path] = problems

    with _page_at(browser, PHONE) as page:
        for path in public_paths:
            visit(path)
        visit(staff_paths[0])  # the sign-in page, signed out
        _sign_in_as_coordinator(page)
        for path in staff_paths[1:]:
            visit(path)
    assert not failures, "\n".join(
        f"{path}: " + "; ".join(problems) for path, problems in failures.items()
    )
    # Every address is a page the coordinator may open, not a refusal or an error page.
    assert {path: status for path, status in statuses.items() if status != 200} == {}


def test_the_coordinators_menu_is_one_line_on_a_laptop(demo_site, browser):
    # Every entry of the longest staff menu (the coordinator's) on one line at 1280 px: a
    # menu wrapped to two lines reads as two menus.
    with _page_at(browser, 1280) as page:
        _sign_in_as_coordinator(page, demo_site.url)
        tops = page.eval_on_selector_all(
            ".site-nav li", "items => items.map((li) => Math.round(li.getBoundingClientRect().top))"
        )
    assert len(tops) >= 10
    assert len(set(tops)) == 1, f"the menu's entries sit on {len(set(tops))} lines"


def test_figures_tables_keep_their_numbers_in_view_on_a_phone(demo_site, browser):
    """/statistik/ listed EU money per department in a table whose names ("Kommunstyrelse-
    förvaltningen", one word) filled a 320 px screen, so the amounts sat off to the side in
    the table's scroll box. A figures table of two or three columns fits the screen."""
    with _page_at(browser, PHONE) as page:
        page.goto(demo_site.url + "/statistik/")
        tables = page.eval_on_selector_all(
            "table.figure-table",
            """tables => tables.map((t) => ({
                columns: t.querySelectorAll('thead th').length,
                hidden: t.parentElement.scrollWidth - t.parentElement.clientWidth,
                title: t.querySelector('caption').textContent}))""",
        )
    narrow = [table for table in tables if table["columns"] <= 3]
    assert len(narrow) >= 6
    assert [(t["title"], t["hidden"]) for t in narrow if t["hidden"] > 1] == []


def test_dates_in_tables_are_not_broken_over_two_lines(demo_site, browser):
    """The decisions list at 1280 px printed "2026-" over "11-24": a date is one word."""
    with _page_at(browser, 1280) as page:
        _sign_in_as_coordinator(page, demo_site.url)
        broken = {}
        for path in ("/intern/beslut/", "/intern/projekt/", "/intern/kalender/"):
            page.goto(demo_site.url + path)
            lines = page.eval_on_selector_all(
                "td.date",
                """cells => cells.map((td) => {
                    const range = document.createRange();
                    range.selectNodeContents(td);
                    return range.getClientRects().length;
                })""",
            )
            assert lines, path
            if max(lines) > 1:
                broken[path] = max(lines)
    assert broken == {}


def test_every_ticked_choice_is_in_view_without_a_scroll_box(demo_site, browser):
    """The strategy section put orientations and goals in boxes 18rem high that scrolled on
    their own: on a phone 3 of 11 orientations showed, the ticked ones out of sight, and
    options were cut mid-line. No list of choices scrolls inside the form."""
    from projektdatabas.staff.views.project_edit import SECTIONS

    project = Project.objects.get(slug="vikinga")
    with _page_at(browser, PHONE) as page:
        _sign_in_as_coordinator(page, demo_site.url)
        boxed = {}
        for section in SECTIONS:
            page.goto(f"{demo_site.url}/intern/projekt/{project.pk}/redigera/{section.slug}/")
            scrolling = page.eval_on_selector_all(
                "form fieldset",
                """sets => sets.flatMap((set) => [...set.querySelectorAll('*')])
                    .filter((el) => el.scrollHeight > el.clientHeight + 1
                        && ['auto', 'scroll'].includes(getComputedStyle(el).overflowY))
                    .map((el) => el.textContent.trim().slice(0, 40))""",
            )
            if scrolling:
                boxed[section.slug] = scrolling
    assert boxed == {}


def test_work_lists_show_every_column_on_a_phone(demo_site, browser):
    """At 320 px the start page's "Behöver" column and the action plan's "Uppdatera" link
    sat off to the side in their tables' scroll boxes: a department's staff on a phone never
    saw what to do. Work lists are read row by row there, every cell in view."""
    plan = ActionPlan.objects.order_by("pk").first()
    with _page_at(browser, PHONE) as page:
        _sign_in_as_coordinator(page, demo_site.url)
        outside, found = {}, {}
        for path in ("/intern/", f"/intern/handlingsplaner/{plan.pk}/"):
            page.goto(demo_site.url + path)
            found[path] = violations(page)  # the roles that keep the blocks a table
            cells = page.eval_on_selector_all(
                "table.stacked tbody td",
                f"""cells => cells.map((td) => td.getBoundingClientRect())
                    .map((r) => r.left >= 0 && r.right <= {PHONE} + 1)""",
            )
            assert cells, path
            if not all(cells):
                outside[path] = cells.count(False)
    assert outside == {}
    assert found == dict.fromkeys(found, [])


def test_charts_keep_a_readable_size_on_a_phone(demo_site, browser):
    """/statistik/ drew each chart to the 320 px screen, its labels 5 px high. A chart keeps
    34rem and scrolls in a region of its own that a keyboard reaches and that has a name."""
    with _page_at(browser, PHONE) as page:
        page.goto(demo_site.url + "/statistik/")
        charts = page.eval_on_selector_all(
            "figure.chart img",
            """imgs => imgs.map((img) => {
                const box = img.parentElement;
                return {
                    width: img.getBoundingClientRect().width,
                    focusable: box.tabIndex === 0,
                    named: !!(box.getAttribute('aria-label')
                        || box.getAttribute('aria-labelledby')),
                    scrolls: getComputedStyle(box).overflowX === 'auto',
                };
            })""",
        )
    assert charts
    assert all(c["width"] >= 500 and c["focusable"] and c["named"] and c["scrolls"] for c in charts)


def test_a_title_with_one_long_word_wraps_on_a_phone(demo_site, browser):
    """A title holding a pasted address or code (over 40 characters without a space) went
    into the breadcrumb trail unbroken: the project page was 1,283 px wide at 320."""
    project = Project.objects.public().order_by("pk").first()
    Project.objects.filter(pk=project.pk).update(
        title_sv="Skolutbyte Erasmusprojektkod2026SE01KA122SCH000123456789ABCDEFGHIJKLMNOP"
    )
    with _page_at(browser, PHONE) as page:
        for path in [f"/projekt/{project.pk}-{project.slug}/", "/projekt/"]:
            page.goto(demo_site.url + path)
            found = page.evaluate(MEASURE)
            assert found["width"] <= PHONE and not found["problems"], (path, found)


def test_a_choice_list_in_error_fits_a_phone(demo_site, browser):
    """The red bar of a field in error takes its share of 320 px: sending a call with no
    department ticked left "Samhällsbyggnadsförvaltningen" unbroken, 333 px wide."""
    from projektdatabas.calls.models import Call

    calls = Call.objects.filter(archived_at=None).order_by("pk")
    call = next(c for c in calls if c.status != "closed")
    with _page_at(browser, PHONE) as page:
        _sign_in_as_coordinator(page, demo_site.url)
        page.goto(f"{demo_site.url}/intern/utlysningar/{call.pk}/")
        for box in page.locator("input[name=departments]").all():
            box.uncheck()
        page.locator("form[action$='/skicka/'] button[type=submit]").click()
        page.wait_for_load_state()
        assert page.get_by_text("Välj minst en förvaltning").first.is_visible()
        found = page.evaluate(MEASURE)
        assert found["width"] <= PHONE and not found["problems"], found
