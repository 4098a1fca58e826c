"""One definition per figure: every page that shows a figure shows the number its definition
computes, under the definition's label.

Each figure is computed once (reporting/definitions.py) and read back from every page that
shows it: the start page, /statistik/ and /intern/statistik/ with their CSV and JSON, the
semi-annual report's page and its stored figures. On the demo data, and on a small fixture
whose every expected number is worked out by hand below. Then the defects of issue 12 that
came from figures defined twice or defined wrong."""

import csv
import datetime as dt
import html as html_lib
import importlib
import io
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone, translation
from django.utils.html import escape

from projektdatabas.core.models import log_action
from projektdatabas.finance.models import (
    AllocationSpending,
    AnnualAllocation,
    Funding,
    FundingSource,
    Receipt,
)
from projektdatabas.governance.lifecycle import change_status
from projektdatabas.governance.models import Decision
from projektdatabas.organisations.models import Organisation, Twinning, TwinningEvent
from projektdatabas.projects.models import Project, ProjectPartner
from projektdatabas.public.views import HOME_FIGURES
from projektdatabas.reporting.definitions import OVERVIEW, PERIOD, Scope, values
from projektdatabas.reporting.figures import compute
from projektdatabas.reporting.periods import HalfYear
from projektdatabas.reporting.services import finalise_report
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db
H1_2026 = HalfYear(2026, 1)


# Reading the figures back from each page, as (label, number) by key.


def _number(text: str) -> int:
    return int(re.sub(r"[^\d-]", "", html_lib.unescape(text)))


def home_page(client, prefix="") -> dict:
    page = client.get(f"{prefix}/").content.decode()
    found = re.findall(r'<div data-figure="(\w+)"><dt>(.*?)</dt><dd>(.*?)</dd></div>', page)
    return {key: (html_lib.unescape(label), _number(value)) for key, label, value in found}


def statistics_page(client, url) -> dict:
    page = client.get(url).content.decode()
    found = re.findall(
        r'<tr data-figure="(\w+)"><th scope="row"><a href="#definition-\w+">(.*?)</a></th>'
        r'<td class="number">(.*?)</td></tr>',
        page,
    )
    return {key: (html_lib.unescape(label), _number(value)) for key, label, value in found}


def statistics_json(client, url) -> dict:
    data = client.get(url).json()
    return {f["key"]: (f["label"], f["value"]) for f in data["figures"]}


def csv_rows(client, url) -> list[list[str]]:
    text = client.get(url).content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def statistics_csv(client, url) -> dict:
    """The key figures' CSV has no keys: read it by the labels of the definitions."""
    by_label = {label: int(value) for label, value in csv_rows(client, url)[1:]}
    return {
        d.key: (str(d.label), by_label[str(d.label)]) for d in OVERVIEW if str(d.label) in by_label
    }


def report_key_figures(page: str) -> dict:
    """The key figures in a report's HTML, found by their Swedish labels."""
    found = {}
    with translation.override("sv"):
        for d in PERIOD:
            label = escape(str(d.label))
            match = re.search(
                rf'<th scope="row">\s*{re.escape(label)}\s*</th>\s*<td[^>]*>(.*?)</td>', page
            )
            if match:
                found[d.key] = (str(d.label), _number(match.group(1)))
    return found


def overview_pages(client, *, public: bool, prefix="") -> dict[str, dict]:
    """Every page showing the overview's figures for one scope: {page: {key: (label, n)}}."""
    if public:
        pages = {"start page": home_page(client, prefix)}
        base = f"{prefix}/statistik/"
    else:
        pages = {}
        base = f"{prefix}/intern/statistik/"
    pages[base] = statistics_page(client, base)
    pages[base + "nyckeltal.json"] = statistics_json(client, base + "nyckeltal.json")
    pages[base + "nyckeltal.csv"] = statistics_csv(client, base + "nyckeltal.csv")
    return pages


def period_pages(client, municipality, period, coordinator) -> dict[str, dict]:
    """Every place showing a half-year's key figures: the draft report's page, then the
    finalised report's stored figures and stored HTML."""
    url = f"/intern/rapporter/{period.year}/{period.half}/"
    pages = {f"{url} (draft)": report_key_figures(client.get(url).content.decode())}
    if not period.has_ended(timezone.localdate()):
        return pages  # finalised only once the half-year is over
    report = finalise_report(municipality=municipality, period=period, actor=coordinator)
    with translation.override("sv"):
        pages["stored figures (JSON)"] = {
            d.key: (str(d.label), report.figures["key_figures"][d.key]) for d in PERIOD
        }
    pages["stored HTML"] = report_key_figures(report.html)
    pages[f"{url} (finalised)"] = report_key_figures(client.get(url).content.decode())
    return pages


def assert_every_page_agrees(pages: dict, expected: dict, definitions, language="sv"):
    """Each page shows each figure it shows with the definition's label and number; and
    each page shows every figure it is meant to."""
    with translation.override(language):
        labels = {d.key: str(d.label) for d in definitions}
    problems = []
    for page, shown in pages.items():
        keys = HOME_FIGURES if page == "start page" else [d.key for d in definitions]
        for key in keys:
            if shown.get(key) != (labels[key], expected[key]):
                problems.append(f"{page}: {key} is {shown.get(key)}, expected {expected[key]}")
    assert not problems, "\n".join(problems)


# A small municipality, every number worked out by hand.


@pytest.fixture
def fixture_data(municipality, board, department, make_project, partner_abroad, publish):
    """Eight projects. P = published, U = unpublished; H1 2026 is the period.

    P1 ongoing 2025-03 → 2027-02, twin-town partner, 40 (30 young); EU 100 000, staff time
       30 000 SEK / 60 h; received 40 000 (2025-10-01) and 25 000 (2026-04-15)
    P2 ongoing youth exchange, planned start 2025-12-01 but started 2026-03-02, a Finnish
       partner, 20 (20 young); EU 10 000 EUR at 11.5; money 20 000, decided 2026-02-15;
       received 50 000 on 2026-07-02 (after the period)
    P3 completed on 2026-05-20 (planned end 2026-08-31), 10 (0 young); money 5 000
    U4 ongoing youth exchange with no dates, twin-town partner, 5 (5 young)
    P5 application sent 2026-04-01; EU 500 000 and money 99 999 applied for, not granted
    P6 approved, starts 2026-09-01; EU 70 000, staff time 8 000 SEK / 16 h
    P7 final report done, 2024-01 → 2025-12, twin-town partner, 12 (3 young); EU 200 000;
       received 150 000 on 2024-06-01
    A8 archived, ongoing, EU 1 000 000 and 1 000 000 received: counted nowhere
    """
    Twinning.objects.create(municipality=municipality, partner=partner_abroad, slug="kaufungen")
    finnish = Organisation.objects.create(name="Koulu", kind="school", country="FI")
    twinning = Twinning.objects.get(partner=partner_abroad)
    TwinningEvent.objects.create(
        twinning=twinning, date=dt.date(2026, 3, 10), kind="visit", title_sv="Besök i mars"
    )
    TwinningEvent.objects.create(
        twinning=twinning, date=dt.date(2025, 3, 10), kind="visit", title_sv="Besök 2025"
    )

    def project(title, partner=None, **fields):
        p = make_project(title_sv=title, **fields)
        if partner:
            ProjectPartner.objects.create(project=p, organisation=partner)
        return p

    p1 = project(
        "P1",
        partner_abroad,
        status="ongoing",
        start_date=dt.date(2025, 3, 1),
        end_date=dt.date(2027, 2, 28),
        participants=40,
        young_participants=30,
    )
    p2 = project(
        "P2",
        finnish,
        status="ongoing",
        kind="school_youth_exchange",
        start_date=dt.date(2025, 12, 1),
        started_on=dt.date(2026, 3, 2),
        end_date=dt.date(2026, 11, 30),
        participants=20,
        young_participants=20,
    )
    p3 = project(
        "P3",
        status="completed",
        start_date=dt.date(2025, 9, 1),
        end_date=dt.date(2026, 8, 31),
        completed_on=dt.date(2026, 5, 20),
        participants=10,
        young_participants=0,
    )
    project(
        "U4",
        partner_abroad,
        status="ongoing",
        kind="school_youth_exchange",
        start_date=None,
        end_date=None,
        participants=5,
        young_participants=5,
    )
    p5 = project(
        "P5",
        status="application",
        applied_on=dt.date(2026, 4, 1),
        start_date=dt.date(2026, 9, 1),
    )
    p6 = project("P6", status="approved", start_date=dt.date(2026, 9, 1))
    p7 = project(
        "P7",
        partner_abroad,
        status="final_report_done",
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2025, 12, 31),
        participants=12,
        young_participants=3,
    )
    a8 = project("A8", status="ongoing", start_date=dt.date(2026, 1, 1))
    for p in (p1, p2, p3, p5, p6, p7):
        publish(p)
    a8.archived_at = timezone.now()
    a8.save()

    def fund(p, source, amount, **fields):
        Funding.objects.create(project=p, source=source, amount=Decimal(amount), **fields)

    eu, money, staff = (
        FundingSource.EU_GRANT,
        FundingSource.MUNICIPAL_MONEY,
        FundingSource.MUNICIPAL_STAFF_TIME,
    )
    fund(p1, eu, "100000")
    fund(p1, staff, "30000", staff_hours=Decimal("60"))
    fund(p2, eu, "10000", currency="EUR", exchange_rate=Decimal("11.5"))
    fund(p2, money, "20000")
    fund(p3, money, "5000")
    fund(p5, eu, "500000")
    fund(p5, money, "99999")
    fund(p6, eu, "70000")
    fund(p6, staff, "8000", staff_hours=Decimal("16"))
    fund(p7, eu, "200000")
    fund(a8, eu, "1000000")
    for p, day, amount in [
        (p1, dt.date(2025, 10, 1), "40000"),
        (p1, dt.date(2026, 4, 15), "25000"),
        (p2, dt.date(2026, 7, 2), "50000"),
        (p7, dt.date(2024, 6, 1), "150000"),
        (a8, dt.date(2026, 2, 1), "1000000"),
    ]:
        Receipt.objects.create(project=p, received_on=day, amount=Decimal(amount))
    Decision.objects.create(
        project=p2,
        committee=board,
        kind="committee",
        decided_on=dt.date(2026, 2, 15),
        case_number="KS 2026/12",
        paragraph="106",
        outcome="approved",
        approved_cofinancing_sek=Decimal("20000"),
    )
    twinning_money = AnnualAllocation.objects.create(
        municipality=municipality, year=2026, purpose="twinning", amount=Decimal("100000")
    )
    AnnualAllocation.objects.create(
        municipality=municipality,
        year=2026,
        purpose="project_preparation",
        amount=Decimal("50000"),
    )
    for day, amount in [(dt.date(2026, 3, 1), "30000"), (dt.date(2026, 9, 1), "10000")]:
        AllocationSpending.objects.create(
            allocation=twinning_money, spent_on=day, amount=Decimal(amount), description="Resa"
        )


PUBLIC = {  # P1, P2, P3, P5, P6, P7
    "projects": 6,
    "ongoing_today": 2,  # P1, P2
    "partner_countries": 2,  # DE (P1, P7), FI (P2)
    "eu_granted_sek": 485000,  # P1 100 000 + P2 115 000 + P6 70 000 + P7 200 000; not P5
    "eu_received_sek": 265000,  # 40 000 + 25 000 + 50 000 + 150 000
    "cofinancing_money_sek": 25000,  # P2 20 000 + P3 5 000; not P5's application
    "cofinancing_staff_time_sek": 38000,  # P1 30 000 + P6 8 000
    "cofinancing_staff_hours": 76,
    "youth_exchanges": 1,  # P2
    "participants": 82,  # started: P1 40 + P2 20 + P3 10 + P7 12
    "young_participants": 53,  # 30 + 20 + 0 + 3
    "twin_town_exchanges": 2,  # P1, P7
}
ALL = PUBLIC | {  # and U4, unpublished; never A8, archived
    "projects": 7,
    "ongoing_today": 3,
    "youth_exchanges": 2,
    "participants": 87,
    "young_participants": 58,
    "twin_town_exchanges": 3,
}
H1 = {  # January–June 2026, all projects
    "ongoing": 4,  # P1, P2 (started in March), P3 (completed in May), U4 (no dates); not P7
    "new": 1,  # P2, by the day it started, not its planned start in 2025
    "applications": 1,  # P5
    "completed": 1,  # P3, by the day it was marked completed
    "decisions": 1,
    # P1's staff time has no decision; nor had P3's money while it ran, until May.
    "started_without_decision": 2,
    "eu_granted_new_sek": 115000,
    "eu_granted_ongoing_sek": 215000,  # P1 + P2
    "eu_received_period_sek": 25000,  # April; not July's, not the archived A8's
    "eu_received_total_sek": 215000,  # 150 000 (2024) + 40 000 (2025) + 25 000
    "cofinancing_money_sek": 25000,  # P2 + P3
    "cofinancing_staff_time_sek": 30000,  # P1
    "cofinancing_staff_hours": 60,
    "youth_exchanges": 2,  # P2, U4
    "participants": 75,  # 40 + 20 + 10 + 5
    "young_participants": 55,  # 30 + 20 + 0 + 5
    "twin_town_exchanges": 2,  # P1, U4
    "twin_town_events": 1,  # March's visit
}


def test_the_definitions_give_the_hand_computed_numbers(fixture_data, municipality):
    assert values(OVERVIEW, Scope(municipality, public=True)) == PUBLIC
    assert values(OVERVIEW, Scope(municipality, public=False)) == ALL
    assert compute(municipality, H1_2026)["key_figures"] == H1


def test_every_page_shows_the_hand_computed_numbers(fixture_data, municipality, client, make_user):
    assert_every_page_agrees(overview_pages(client, public=True), PUBLIC, OVERVIEW)
    coordinator = make_user("coordinator")
    sign_in(client, coordinator)
    assert_every_page_agrees(overview_pages(client, public=False), ALL, OVERVIEW)
    pages = period_pages(client, municipality, H1_2026, coordinator)
    assert_every_page_agrees(pages, H1, PERIOD)


def test_the_young_people_are_counted_where_given_and_say_so(fixture_data, client):
    """A project giving participants without saying how many were young adds none to the
    young, so the demo report's "Deltagare 252 · Varav unga 20" read as 8 %."""
    label, _count = overview_pages(client, public=True)["/statistik/"]["young_participants"]
    assert label == "Varav unga, där det angetts"
    english = overview_pages(client, public=True, prefix="/en")["/en/statistik/"]
    assert english["young_participants"][0] == "Of whom young people, where given"


def test_the_twin_town_figure_is_not_named_as_the_kind_of_project(fixture_data, client):
    """ "Utbyten med vänorter" counted 5 on the statistics page where the list's filter
    "Vänortsutbyte", a kind of project, counted 2: the figure is any project with a twin
    town among its partners, and says so."""
    statistics = overview_pages(client, public=True)["/statistik/"]
    assert statistics["twin_town_exchanges"][0] == "Projekt med en vänort som partner"
    html = client.get("/statistik/").content.decode()
    assert "Projekt med vänorter per år" in html and "Utbyten med vänorter" not in html


def test_the_english_pages_label_the_same_numbers_in_english(fixture_data, client):
    pages = overview_pages(client, public=True, prefix="/en")
    assert_every_page_agrees(pages, PUBLIC, OVERVIEW, language="en")
    assert pages["start page"]["eu_granted_sek"][0] == "EU grants awarded (SEK)"
    assert pages["start page"]["eu_received_sek"][0] == "EU money received (SEK)"


def test_the_report_and_the_staff_statistics_show_the_years_allocations(
    fixture_data, municipality, client, make_user
):
    figures = compute(municipality, H1_2026)
    # Spent up to the period's last day: September's 10 000 comes after it.
    assert figures["allocations"] == [
        {
            "year": 2026,
            "purpose": "förberedelse av internationella projekt",
            "set": 50000,
            "spent": 0,
            "remaining": 50000,
        },
        {
            "year": 2026,
            "purpose": "vänortsarbete",
            "set": 100000,
            "spent": 30000,
            "remaining": 70000,
        },
    ]
    sign_in(client, make_user("coordinator"))
    report = client.get("/intern/rapporter/2026/1/").content.decode()
    assert "Årliga anslag 2026" in report and "Använt till och med 2026-06-30 (kr)" in report
    # The staff statistics show the whole year's use, and the public site no allocation.
    allocations = csv_rows(client, "/intern/statistik/anslag.csv")
    assert allocations[0] == ["År", "Ändamål", "Avsatt (kr)", "Använt (kr)", "Kvar (kr)"]
    assert sorted(allocations[1:]) == [
        ["2026", "förberedelse av internationella projekt", "50000", "0", "50000"],
        ["2026", "vänortsarbete", "100000", "40000", "60000"],
    ]
    client.logout()
    assert client.get("/statistik/anslag.csv").status_code == 404
    assert "Årliga anslag" not in client.get("/statistik/").content.decode()


def test_the_definitions_are_printed_where_the_figures_are(fixture_data, client, make_user):
    with translation.override("sv"):
        overview = [(str(d.label), str(d.explanation)) for d in OVERVIEW]
        period = [(str(d.label), str(d.explanation)) for d in PERIOD]
    public = client.get("/statistik/").content.decode()
    assert '<h2 id="definitioner">Definitioner</h2>' in public
    assert "Endast publicerade projekt." in public
    for label, explanation in overview:
        assert f">{escape(label)}</dt><dd>{escape(explanation)}</dd>" in public
    assert 'href="/statistik/#definitioner"' in client.get("/").content.decode()
    sign_in(client, make_user("coordinator"))
    staff = client.get("/intern/statistik/").content.decode()
    assert "Alla projekt, publicerade eller inte; arkiverade projekt räknas inte." in staff
    report = client.get("/intern/rapporter/2026/1/").content.decode()
    appendix = report[report.index("<h2>Definitioner</h2>") :]
    for label, explanation in period:
        assert f">{escape(label)}</dt><dd>{escape(explanation)}</dd>" in appendix
    from docx import Document

    word = Document(io.BytesIO(client.get("/intern/rapporter/2026/1/rapport.docx").content))
    texts = [p.text for p in word.paragraphs]
    assert "Definitioner" in texts
    for label, explanation in period:
        assert f"{label}. {explanation}" in texts


# The defects of issue 12.


def test_the_start_page_tells_granted_from_received(fixture_data, client):
    """It said "EU-bidrag (SEK)" beside a sum of grants, while /statistik/ counted payments."""
    shown = home_page(client)
    assert shown["eu_granted_sek"] == ("EU-bidrag beviljade (kr)", 485000)
    per_year = csv_rows(client, "/statistik/eu-per-ar.csv")[1:]
    assert shown["eu_received_sek"] == ("EU-medel mottagna (kr)", sum(int(r[1]) for r in per_year))


def test_a_project_ongoing_without_dates_is_ongoing_in_the_report(fixture_data, municipality):
    """The report counted ongoing by `start_date <= end`, so a project marked ongoing with no
    dates (Ruukki's pupils in the demo) was left out, and its twin town had "no exchange"."""
    figures = compute(municipality, H1_2026)
    assert "U4" in [p["title"] for p in figures["ongoing"]]
    assert figures["twin_towns"][0]["exchanges"] == ["P1", "U4"]


def test_a_project_registered_decided_and_started_in_the_half_year_is_new(
    world, municipality, board, make_project
):
    """Its planned start lay before the half-year, so "new" (by planned start) missed it."""
    from projektdatabas.projects.services import submit_project

    today = timezone.localdate()
    period = HalfYear(today.year, 1 if today.month <= 6 else 2)
    rep = world["users"]["rep"]
    project = make_project(
        title_sv="Registrerat, beslutat och startat nu",
        status="idea",
        submitted_at=None,
        start_date=period.start - dt.timedelta(days=20),
        end_date=period.end + dt.timedelta(days=365),
    )
    Funding.objects.create(
        project=project, source=FundingSource.MUNICIPAL_MONEY, amount=Decimal("10000")
    )
    submit_project(project=project, actor=rep)
    Decision.objects.create(
        project=project,
        committee=board,
        kind="committee",
        decided_on=today,
        case_number="KS 2026/99",
        outcome="approved",
        approved_cofinancing_sek=Decimal("10000"),
    )
    project = change_status(project=Project.objects.get(pk=project.pk), to="approved", actor=rep)
    project = change_status(project=project, to="ongoing", actor=rep)
    assert project.started_on == today

    figures = compute(municipality, period)
    assert "Registrerat, beslutat och startat nu" in [p["title"] for p in figures["new"]]
    assert figures["key_figures"]["new"] == len(figures["new"]) >= 1


def test_a_project_marked_completed_counts_in_the_half_year_it_was_marked(
    world, municipality, make_project
):
    today = timezone.localdate()
    period = HalfYear(today.year, 1 if today.month <= 6 else 2)
    project = make_project(
        title_sv="Planerat slut förra halvåret",
        status="ongoing",
        start_date=period.start - dt.timedelta(days=400),
        end_date=period.start - dt.timedelta(days=10),
    )
    project = change_status(project=project, to="completed", actor=world["users"]["rep"])
    assert project.completed_on == today
    figures = compute(municipality, period)
    assert "Planerat slut förra halvåret" in [p["title"] for p in figures["completed"]]
    # The previous half-year no longer counts it as completed there: it was still running.
    earlier = compute(municipality, period.previous)
    assert "Planerat slut förra halvåret" not in [p["title"] for p in earlier["completed"]]
    assert "Planerat slut förra halvåret" in [p["title"] for p in earlier["ongoing"]]


def test_the_day_a_project_started_can_be_corrected_once_it_has_started(
    world, client, make_project
):
    sign_in(client, world["users"]["coordinator"])
    idea = make_project(title_sv="Idé", status="idea")
    form = client.get(f"/intern/projekt/{idea.pk}/redigera/grunduppgifter/").content.decode()
    assert 'name="started_on"' not in form
    running = make_project(title_sv="Igång", status="ongoing", started_on=dt.date(2026, 3, 2))
    form = client.get(f"/intern/projekt/{running.pk}/redigera/grunduppgifter/").content.decode()
    assert 'name="started_on"' in form and 'value="2026-03-02"' in form
    assert 'name="completed_on"' not in form
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = {
        "title_sv": "Igång",
        "kind": running.kind,
        "lead_department": running.lead_department_id,
        "municipal_role": running.municipal_role,
        "start_date": "2025-01-01",
        "end_date": "2026-12-31",
        "version": running.version,
    }
    url = f"/intern/projekt/{running.pk}/redigera/grunduppgifter/"
    refused = client.post(url, data | {"started_on": tomorrow.isoformat()})
    assert "Den dagen har inte kommit än." in refused.content.decode()
    client.post(url, data | {"started_on": "2026-03-09", "save": ""})
    running.refresh_from_db()
    assert running.started_on == dt.date(2026, 3, 9)


def test_the_migration_dates_only_what_the_audit_trail_records(world, make_project):
    migration = importlib.import_module(
        "projektdatabas.projects.migrations.0013_project_started_on_completed_on"
    )
    started = make_project(title_sv="Startad med knappen", status="completed")
    loaded = make_project(title_sv="Inläst som pågående", status="ongoing")
    corrected = make_project(
        title_sv="Redan daterad", status="ongoing", started_on=dt.date(2020, 5, 1)
    )
    rep = world["users"]["rep"]
    for project, to in [(started, "ongoing"), (started, "completed"), (corrected, "ongoing")]:
        log_action(actor=rep, action="project.status_changed", target=project, data={"to": to})
    log_action(actor=rep, action="project.published", target=loaded)
    migration.date_starts_and_completions(apps, None)

    today = timezone.localdate()
    started.refresh_from_db()
    loaded.refresh_from_db()
    corrected.refresh_from_db()
    assert (started.started_on, started.completed_on) == (today, today)
    assert (loaded.started_on, loaded.completed_on) == (None, None)
    assert corrected.started_on == dt.date(2020, 5, 1)  # a date someone gave is kept


# The demo data.


def test_every_page_agrees_on_the_demo_data(client, django_user_model, demo_data):
    from projektdatabas.organisations.models import Municipality

    municipality = Municipality.objects.get(slug="ale")
    coordinator = django_user_model.objects.get(username="samordnare")
    today = timezone.localdate()
    period = HalfYear(today.year, 1 if today.month <= 6 else 2)

    public = values(OVERVIEW, Scope(municipality, public=True))
    assert_every_page_agrees(overview_pages(client, public=True), public, OVERVIEW)
    sign_in(client, coordinator)
    everything = values(OVERVIEW, Scope(municipality, public=False))
    assert_every_page_agrees(overview_pages(client, public=False), everything, OVERVIEW)
    scope = Scope(municipality, start=period.start, end=period.end)
    expected = values(PERIOD, scope)
    figures = compute(municipality, period)
    assert figures["key_figures"] == expected
    # Every project marked ongoing that has begun (or has no dates) is ongoing in the
    # current half-year: the report said 8 where the start page said 10.
    running = {p["id"] for p in figures["ongoing"]}
    marked = scope.projects.ongoing_today().exclude(start_date__gt=period.end)
    assert set(marked.values_list("pk", flat=True)) <= running
    # EU money per year: the report's ten years are the staff statistics' rows.
    per_year = {
        int(r[0]): int(r[1]) for r in csv_rows(client, "/intern/statistik/eu-per-ar.csv")[1:]
    }
    for row in figures["eu_per_year"]:
        if row["year"] < period.year:
            assert per_year[row["year"]] == row["sek"]
    # The year's allocations: the report's are the staff statistics' rows for the year (in
    # the first half-year only what was spent by June, the statistics the whole year's).
    allocations = {
        (int(r[0]), r[1]): [int(n) for n in r[2:]]
        for r in csv_rows(client, "/intern/statistik/anslag.csv")[1:]
    }
    for row in figures["allocations"]:
        statistics = allocations[(row["year"], row["purpose"])]
        assert statistics[0] == row["set"]
        if period.half == 2:
            assert statistics == [row["set"], row["spent"], row["remaining"]]
    assert_every_page_agrees(
        period_pages(client, municipality, period, coordinator), expected, PERIOD
    )
    # The half-year before, which has ended: its report finalised says the same.
    previous = period.previous
    expected = values(PERIOD, Scope(municipality, start=previous.start, end=previous.end))
    pages = period_pages(client, municipality, previous, coordinator)
    assert "stored HTML" in pages
    assert_every_page_agrees(pages, expected, PERIOD)


def test_twin_town_exchanges_per_year_add_up_to_the_headline(client, demo_data):
    """The statistics page's "Projekt med en vänort som partner" and its per-year table count
    the same projects: one begun with no date (the demo's Ruukki pupil exchange) is a row of its own
    instead of missing from the table."""
    figures = statistics_csv(client, "/statistik/nyckeltal.csv")
    headline = figures["twin_town_exchanges"][1]
    rows = csv_rows(client, "/statistik/vanortsutbyten.csv")[1:]
    assert headline and sum(int(n) for _year, _town, n in rows) == headline
    assert rows[-1][0] == "år ej angivet"


def test_a_half_years_report_lists_only_the_lacking_decisions_that_belonged_to_it(
    fixture_data, municipality
):
    """The six demo reports each said "Startade utan beslut som krävs: 1", naming a project
    that began in October 2026, and listed an idea registered in December 2026 as waiting
    for its decision in 2024. A past half-year's report lists a project that lacks its
    decision today only if it had begun by the half-year's end (a breach then) or, not
    begun, had been registered by then (waiting then)."""
    now = compute(municipality, HalfYear(2026, 2))  # registered today, 1 December 2026
    started = [row["title"] for row in now["lacking_decision"] if row["started"]]
    waiting = [row["title"] for row in now["lacking_decision"] if not row["started"]]
    assert started == ["P1"] and waiting  # P1 began 2025-03; its staff time is undecided

    before_p1 = compute(municipality, HalfYear(2024, 2))
    assert before_p1["key_figures"]["started_without_decision"] == 0
    assert before_p1["lacking_decision"] == []
    after_p1 = compute(municipality, HalfYear(2025, 1))
    assert after_p1["key_figures"]["started_without_decision"] == 1
    assert [row["title"] for row in after_p1["lacking_decision"]] == ["P1"]

    Project.objects.filter(title_sv__in=waiting).update(
        created_at=timezone.make_aware(dt.datetime(2025, 5, 1))
    )
    after_p1 = compute(municipality, HalfYear(2025, 1))
    assert [r["title"] for r in after_p1["lacking_decision"] if not r["started"]] == waiting


def test_a_decision_made_after_the_start_does_not_erase_the_breach(
    fixture_data, municipality, board, client, make_user
):
    """A decision recorded in November for a project running since March 2025 took it off
    "Startade utan beslut" in every report and on the compliance page, as if it had waited:
    the breach is now kept, with both dates, in each half-year it ran without a decision."""
    decision = Decision.objects.create(
        project=Project.objects.get(title_sv="P1"),
        committee=board,
        kind="committee",
        decided_on=dt.date(2026, 11, 30),
        case_number="KS 2026/40",
        outcome="approved",
        approved_cofinancing_sek=Decimal("30000"),
    )
    with translation.override("sv"):
        for period in (HalfYear(2025, 1), HalfYear(2026, 2)):
            figures = compute(municipality, period)
            assert figures["key_figures"]["started_without_decision"] == 1, period
            (row,) = [r for r in figures["lacking_decision"] if r["started"]]
            assert row["title"] == "P1" and row["late"]
            assert f"Startade 2025-03-01, före beslut {decision} den 2026-11-30." in row["need"]
        assert (
            compute(municipality, HalfYear(2024, 2))["key_figures"]["started_without_decision"] == 0
        )

    sign_in(client, make_user("coordinator"))
    page = client.get("/intern/efterlevnad/").content.decode()
    late = page.split("Startade innan beslutet fattades (1)")[1].split("</table>")[0]
    assert ">P1</a>" in late and "Projektet startade 2025-03-01, före sitt första" in late
    assert "Startade utan beslut (" not in page

    # Made before the start, the same decision leaves nothing to report.
    Decision.objects.filter(pk=decision.pk).update(decided_on=dt.date(2025, 2, 1))
    assert compute(municipality, HalfYear(2026, 2))["key_figures"]["started_without_decision"] == 0


def test_a_finished_project_that_ran_without_a_decision_stays_in_its_half_years(
    fixture_data, municipality
):
    """P3 ran from September 2025 to May 2026 with municipal money and no decision. Once
    completed it had left even the reports of the half-years it ran in."""

    def breaches(period):
        return [r["title"] for r in compute(municipality, period)["lacking_decision"]]

    assert "P3" in breaches(HalfYear(2025, 2)) and "P3" in breaches(HalfYear(2026, 1))
    assert "P3" not in breaches(HalfYear(2026, 2)) and "P3" not in breaches(HalfYear(2025, 1))

    # A decision recorded in November, after it had ended in May: a breach of the half-years
    # it ran in, not of July–December, when it no longer ran.
    p3 = Project.objects.get(title_sv="P3")
    Decision.objects.create(
        project=p3,
        committee=p3.lead_department.committee,
        kind="committee",
        decided_on=dt.date(2026, 11, 30),
        case_number="KS 2026/41",
        outcome="approved",
        approved_cofinancing_sek=Decimal("5000"),
    )
    assert "P3" in breaches(HalfYear(2026, 1)) and "P3" not in breaches(HalfYear(2026, 2))
    # Finished with no dates at all to place it by: the half-year it began, not every one.
    Decision.objects.filter(project=p3).delete()
    Project.objects.filter(pk=p3.pk).update(completed_on=None, end_date=None)
    assert "P3" in breaches(HalfYear(2025, 2))
    assert "P3" not in breaches(HalfYear(2026, 1)) and "P3" not in breaches(HalfYear(2026, 2))


def test_the_reports_decisions_carry_their_paragraph(fixture_data, municipality):
    """/intern/beslut/ showed "KS 2026/12 § 106", the report only "KS 2026/12": the board
    finds a decision in the minutes by its paragraph."""
    (decision,) = compute(municipality, H1_2026)["decisions"]
    assert decision["case_number"] == "KS 2026/12 § 106"


def test_a_year_without_eu_money_is_a_year_at_nought(make_project, publish, client):
    """The per-year chart and table went from 2012 to 2016: a reader took the money for
    continuous. Every year between the first and the last is a row, the empty ones at 0."""
    project = make_project(title_sv="Gammalt EU-projekt", status="completed")
    Funding.objects.create(project=project, source=FundingSource.EU_GRANT, amount=Decimal("9000"))
    for day in (dt.date(2012, 5, 1), dt.date(2016, 5, 1)):
        Receipt.objects.create(project=project, received_on=day, amount=Decimal("1000"))
    publish(project)
    rows = csv_rows(client, "/statistik/eu-per-ar.csv")[1:]
    this_year = timezone.localdate().year
    assert rows[:5] == [
        ["2012", "1000", "1"],
        ["2013", "0", "0"],
        ["2014", "0", "0"],
        ["2015", "0", "0"],
        ["2016", "1000", "1"],
    ]
    # On to this year: a chart that stopped at 2016 read as if the data did.
    assert rows[5:] == [[str(year), "0", "0"] for year in range(2017, this_year + 1)]
