"""Ale's demo data: the strategy's facts and figures come out of the data, and the data
obeys the rules it demonstrates, on whatever day it is loaded."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum
from django.utils import timezone, translation
from django.utils.html import escape
from django_countries import countries

from projektdatabas.finance.models import (
    AllocationSpending,
    AnnualAllocation,
    Funding,
    Receipt,
    StaffTimeRate,
)
from projektdatabas.governance.models import Decision, DecisionKind
from projektdatabas.governance.rules import decision_needs, projects_lacking_decision
from projektdatabas.governance.services import check_decision
from projektdatabas.news.models import NewsImage, NewsItem
from projektdatabas.organisations.models import Municipality, Twinning
from projektdatabas.projects.models import (
    PartnerRole,
    Programme,
    Project,
    ProjectKind,
    ProjectPartner,
)
from projektdatabas.public.models import AccessibilityStatement
from projektdatabas.strategy.models import Orientation, Strategy
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

STARTED = ("ongoing", "completed", "final_report_done")
FINISHED = ("completed", "final_report_done")
NOT_STARTED = ("idea", "application", "approved")
# A twin-town exchange or a network membership goes on until it ends; a project has a
# period, and only one that has just begun may still lack its end date.
OPEN_ENDED_KINDS = ("twin_town_exchange", "network_membership")
TIME_LIMITED = [kind for kind in ProjectKind.values if kind not in OPEN_ENDED_KINDS]
OPEN_END_AT_MOST_YEARS = 3


def load():
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Municipality.objects.get(slug="ale")


@pytest.fixture
def ale(demo_data):
    # The command's result, loaded once per run (tests/demo_snapshot.py); the tests below
    # that must run the command itself (again, on another day, in production) call it.
    return Municipality.objects.get(slug="ale")


@pytest.fixture
def load_on(monkeypatch):
    """Loads the demo as if on `day`: every "today" and every timestamp says so."""

    def load_on_day(day: dt.date):
        moment = dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return load()

    return load_on_day


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Project,
            ProjectPartner,
            Funding,
            Receipt,
            Decision,
            StaffTimeRate,
            AnnualAllocation,
            AllocationSpending,
            Twinning,
            Orientation,
            NewsItem,
            NewsImage,
        )
    }


def test_loading_twice_changes_nothing(ale):
    before = table_counts()
    decisions = list(Decision.objects.values_list("project__slug", "case_number", "decided_on"))
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert table_counts() == before
    assert (
        list(Decision.objects.values_list("project__slug", "case_number", "decided_on"))
        == decisions
    )


def lacking_decisions() -> list[Project]:
    """Started projects that the strategy's rule says need a decision they do not have."""
    started = Project.objects.filter(status__in=STARTED)
    return [project for project, need in decision_needs(started) if need.missing]


def is_labelled_breach(project: Project) -> bool:
    return project.is_example_data and "startat utan beslut" in project.title_sv.lower()


def test_every_started_co_financed_project_has_its_decision_but_one_labelled_breach(ale, client):
    lacking = lacking_decisions()
    assert len(lacking) == 1, [p.title_sv for p in lacking]
    breach = lacking[0]
    assert is_labelled_breach(breach) and breach.status == "ongoing"
    # Labelled for staff; the public page shows only the source line every example has.
    assert "utan det beslut" in breach.internal_description_sv
    assert breach.source_note == "Exempeldata."
    public = client.get(f"/projekt/{breach.pk}-{breach.slug}/").content.decode()
    assert "Exempel: Ungdomsutbyte med Kaufungen" in public
    assert "Efterlevnad" not in public and "halvårsrapporten" not in public
    assert Decision.objects.filter(project__municipality=ale).count() >= 20
    sign_in(client, get_user_model().objects.get(username="samordnare"))
    compliance = client.get("/intern/efterlevnad/").content.decode()
    assert breach.title_sv in compliance
    today = timezone.localdate()
    report = client.get(f"/intern/rapporter/{today.year}/{1 if today.month <= 6 else 2}/")
    html = report.content.decode()
    started_group = html[html.index("Startade utan beslut (") :]
    assert started_group.startswith("Startade utan beslut (1)")
    assert breach.title_sv in started_group
    # The compliance page splits and counts as the report does: it had listed the breach
    # and an idea waiting for its decision as two projects lacking one, the report "1".
    groups = re.compile(r"(Startade utan beslut|Väntar på beslut innan de startar) \((\d+)\)")
    assert groups.findall(compliance) == groups.findall(html)
    assert ("Startade utan beslut", "1") in groups.findall(compliance)


def test_the_start_page_puts_a_missing_decision_before_other_work(ale, client):
    """The coordinator's work list had "Lärlingar i Europa 2027", which needs the
    committee's own decision, as row 16, under fourteen reminders of old final reports."""
    sign_in(client, get_user_model().objects.get(username="samordnare"))
    html = client.get("/intern/").content.decode()
    rows = re.findall(r"<tr[^>]*>\s*<th scope=\"row\"[^>]*>(.*?)</tr>", html, re.S)
    needs = [bool(re.search(r"kräver|måste själv fatta beslut", row)) for row in rows]
    assert any(needs) and any("Beskriv resultaten" in row for row in rows)
    first_other = needs.index(False)
    assert all(needs[:first_other]) and not any(needs[first_other:])


def test_the_start_page_leads_with_the_breach_and_asks_to_publish_finished_projects(ale, client):
    """The running project without its decision read "kräver beslut" on row 1 of 30, like
    a chore; four finished projects the strategy wants published said so on their own
    pages only. The breach now has its own panel above everything, and an unpublished
    project with its final report done stays on the list until it is published."""
    sign_in(client, get_user_model().objects.get(username="samordnare"))
    html = client.get("/intern/").content.decode()
    panel = html.split('id="breaches-heading"')[1].split("</section>")[0]
    (breach,) = [
        p for p, need in projects_lacking_decision(Project.objects.all()) if p.status == "ongoing"
    ]
    assert panel.startswith(">Startade utan beslut (1)</h2>") and breach.title_sv in panel
    assert html.index('id="breaches-heading"') < html.index("<table")
    finished = Project.objects.filter(status="final_report_done", is_published=False)
    assert finished.count() >= 2
    rows = re.findall(r"<tr[^>]*>\s*<th scope=\"row\"[^>]*>(.*?)</tr>", html, re.S)
    for project in finished:
        (row,) = [r for r in rows if f">{project.title_sv}</a>" in r]
        assert "Publicera projektet" in row


def test_no_demo_project_has_two_leads(ale):
    """An owned project with a lead partner besides (the staff page said both "Projektägare
    (huvudman)" and "Stadt Kassel – huvudman"), or two lead partners: what
    projects/services.py now refuses, the demo must not hold either."""
    from django.db.models import Count, Q

    leads = Project.objects.annotate(
        leads=Count("partnerships", filter=Q(partnerships__role="lead"))
    )
    owned_and_led = leads.filter(municipal_role="owner", leads__gt=0)
    assert list(owned_and_led.values_list("title_sv", flat=True)) == []
    assert not leads.filter(leads__gt=1).exists()


def test_demo_decisions_follow_the_delegation_order_and_the_registrys_form(ale):
    decisions = Decision.objects.select_related("project", "committee", "delegation")
    kinds = set()
    for decision in decisions:
        check_decision(decision)  # the rules a person's decision must obey
        project = decision.project
        assert decision.committee == project.lead_department.committee
        assert decision.decided_on < project.start_date, project.title_sv
        if project.municipal_role == "owner":
            assert decision.kind == DecisionKind.COMMITTEE, project.title_sv
        assert re.fullmatch(r"[A-ZÅÄÖ]+ \d{4}/\d+ \(exempel\)", decision.case_number)
        assert decision.case_number.startswith(f"{decision.committee.short_name} ")
        kinds.add(decision.kind)
    assert kinds == {DecisionKind.COMMITTEE, DecisionKind.DELEGATED}
    numbers = list(decisions.values_list("case_number", flat=True))
    assert len(numbers) == len(set(numbers))
    # The half-year's report has a decision of its own: a project about to start.
    today = timezone.localdate()
    half_start = dt.date(today.year, 1 if today.month <= 6 else 7, 1)
    recent = decisions.filter(decided_on__range=(half_start, today), project__status="approved")
    assert recent.exists() or today - half_start < dt.timedelta(days=8)


def test_demo_staff_time_is_valued_at_the_years_hourly_rate(ale):
    lines = Funding.objects.filter(source="municipal_staff_time").select_related("project")
    assert lines.count() >= 10
    for line in lines:
        rate = StaffTimeRate.objects.get(municipality=ale, year=line.project.start_date.year)
        assert line.amount is None and line.amount_sek == line.staff_hours * rate.hourly_rate_sek
    assert all(r.basis.startswith("Exempel") for r in StaffTimeRate.objects.all())


def test_this_and_last_years_budget_for_twinning_and_preparation_are_example_data(ale):
    today = timezone.localdate()
    allocations = AnnualAllocation.objects.filter(municipality=ale)
    assert {(a.year, a.purpose) for a in allocations} == {
        (year, purpose)
        for year in (today.year - 1, today.year)
        for purpose in ("twinning", "project_preparation")
    }
    assert all(a.decision_reference.endswith("(exempel)") for a in allocations)
    spent = AllocationSpending.objects.filter(allocation__in=allocations)
    assert spent.filter(allocation__year=today.year - 1).count() == 4
    for line in spent.select_related("allocation"):
        assert line.description.startswith("Exempel:")
        assert line.spent_on.year == line.allocation.year and line.spent_on <= today


# The programme periods the demo's programmes must keep to (EU and Swedish sources).
REAL_PERIODS = {
    "Erasmus+": (2014, None),
    "Interreg II": (1994, 1999),
    "Interreg III": (2000, 2006),
    "Interreg IV": (2007, 2013),
    "Interreg V": (2014, 2020),
    "Interreg VI": (2021, 2027),
    "ESF Mål 3 (2000–2006)": (2000, 2006),
    "Comenius": (1995, 2013),
    "Leonardo da Vinci": (1995, 2013),
    "Ungdomsprogrammet (EU)": (2000, 2006),
    "Ung och aktiv i Europa": (2007, 2013),
}


def test_every_project_starts_within_its_programmes_real_years(ale):
    periods = {p.name: (p.first_year, p.last_year) for p in Programme.objects.all()}
    assert {name: periods.get(name) for name in REAL_PERIODS} == REAL_PERIODS
    outside = [
        (project.title_sv, project.start_date.year, programme.name)
        for project in Project.objects.exclude(start_date=None).prefetch_related("programmes")
        for programme in project.programmes.all()
        if not programme.covers_year(project.start_date.year)
    ]
    assert outside == []
    # The money's programmes too: a grant or a payment from a programme the project is in.
    for model in (Funding, Receipt):
        for line in model.objects.exclude(programme=None).select_related("project"):
            assert line.programme in line.project.programmes.all(), line
    assert not Project.objects.filter(programmes__name="Erasmus+", start_date__year__lt=2014)


def test_no_two_demo_projects_share_a_title(ale):
    for field in ("title_sv", "title_en"):
        shared = (
            Project.objects.exclude(**{field: ""})
            .values(field)
            .annotate(n=Count("id"))
            .filter(n__gt=1)
        )
        assert list(shared) == []


def ongoing_problems(today: dt.date) -> list[str]:
    """Projects shown as ongoing that a reader would know cannot be."""
    problems = []
    long_ago = today.replace(year=today.year - OPEN_END_AT_MOST_YEARS)
    for p in Project.objects.filter(status="ongoing"):
        start, end = p.start_date, p.end_date
        if end is not None and end < today:
            problems.append(f"{p.title_sv}: ongoing, but ended {end}")
        if start is not None and start > today:
            problems.append(f"{p.title_sv}: ongoing, but starts {start}")
        if end is None and start is not None and start < long_ago and p.kind in TIME_LIMITED:
            problems.append(f"{p.title_sv}: ongoing since {start} with no end")
    return problems


def lifecycle_problems(today: dt.date) -> list[str]:
    """Statuses that the lifecycle's guards would not have let a project reach."""
    problems = []
    for p in Project.objects.all():
        start, end = p.start_date, p.end_date
        if p.status in FINISHED and (end is None or end > today):
            problems.append(f"{p.title_sv}: {p.status}, but ends {end}")
        if p.status in NOT_STARTED and start is not None and start <= today:
            problems.append(f"{p.title_sv}: {p.status}, but started {start}")
        if p.status == "final_report_done" and not p.results_sv.strip():
            problems.append(f"{p.title_sv}: final report done without results")
    return problems


def test_no_project_is_ongoing_past_its_end_or_for_years_without_one(ale):
    assert ongoing_problems(timezone.localdate()) == []


def test_statuses_are_ones_the_lifecycle_would_have_allowed(ale):
    assert lifecycle_problems(timezone.localdate()) == []


@pytest.mark.parametrize("day", [dt.date(2019, 5, 20), dt.date(2031, 2, 14)])
def test_loaded_on_another_day_the_demo_still_obeys_its_rules(load_on, day):
    load_on(day)
    assert ongoing_problems(day) == []
    assert lifecycle_problems(day) == []
    lacking = lacking_decisions()
    assert len(lacking) == 1 and is_labelled_breach(lacking[0])


def test_accessibility_statement_has_its_own_dates_not_the_loading_day(load_on, client):
    load_on(dt.date(2031, 2, 14))
    statement = AccessibilityStatement.objects.get()
    assert statement.assessed_on == dt.date(2026, 11, 26)
    assert statement.updated_at.date() == dt.date(2026, 11, 26)
    html = client.get("/tillganglighetsredogorelse/").content.decode()
    assert html.count("26 november 2026") == 2


def test_the_strategys_facts_go_only_as_far_as_the_strategy(ale):
    # "i samarbete med Oxford Brookes University": a partner, not (as far as it says) the lead.
    oxford = ProjectPartner.objects.filter(organisation__name="Oxford Brookes University")
    assert set(oxford.values_list("project__slug", flat=True)) == {
        "morgondagens-entreprenorer",
        "unga-entreprenorer-i-nya-europa",
    }
    assert set(oxford.values_list("role", flat=True)) == {PartnerRole.PARTNER}
    # Named side by side; nothing says one continued the other.
    unga = Project.objects.get(slug="unga-entreprenorer-i-nya-europa")
    texts = " ".join(
        [unga.public_summary_sv, unga.public_summary_en, unga.internal_description_sv]
    ).lower()
    assert "fortsättning" not in texts and "follow-up" not in texts
    # "Alafors januari 2006": the month, not a day.
    strategy = Strategy.objects.get(municipality=ale)
    assert strategy.adopted_on_precision == "month"
    assert strategy.adopted_on_display == "januari 2006"


def test_eu_money_received_follows_the_strategys_sums(ale, client):
    def received(**filters):
        return Receipt.objects.eu().filter(**filters).total_sek()

    # "Vikinga-projektet dragit till sig drygt 20 miljoner kronor": received, over years.
    vikinga = Project.objects.get(slug="vikinga")
    assert Decimal("20000000") < received(project=vikinga) < Decimal("21000000")
    assert received(project=vikinga) == Funding.objects.eu().filter(project=vikinga).total_sek()
    # "Arbetsmarknadsenheten ... ca 7 EU-miljoner".
    assert received(project__slug__startswith="ame-") == Decimal("7000000")
    # Every payment says whether its date and split are the strategy's or an example; the
    # 1998 ones are the strategy's figure, the same projects' other years examples.
    assert not Receipt.objects.filter(note="").exists()
    assert Receipt.objects.filter(received_on__year__in=[1997, 1999]).exists()
    assert not Receipt.objects.filter(received_on__gt=timezone.localdate()).exists()
    rows = client.get("/statistik/eu-per-ar.csv").content.decode("utf-8-sig").splitlines()
    years = {int(row.split(";")[0]) for row in rows[1:]}
    assert {1998, 2002, 2003, 2004, 2005} <= years
    assert len(years) >= 15


def test_1998_about_twenty_eu_projects_brought_about_8_msek(ale):
    received = Receipt.objects.eu().filter(received_on__year=1998, project__municipality=ale)
    figures = received.aggregate(total=Sum("amount_sek"), projects=Count("project", distinct=True))
    assert figures["total"] == Decimal("8000000")
    assert figures["projects"] == 20


def test_vikinga_drew_over_20_msek_from_interreg_and_objective_3(ale):
    vikinga = Project.objects.get(municipality=ale, slug="vikinga")
    grants = Funding.objects.eu().filter(project=vikinga)
    assert set(grants.values_list("programme__name", flat=True)) == {
        "Interreg III",
        "ESF Mål 3 (2000–2006)",
    }
    assert Decimal("20000000") < grants.total_sek() < Decimal("21000000")


def test_labour_market_unit_about_7_msek(ale):
    grants = Funding.objects.eu().filter(
        project__lead_department__name="Arbetsmarknadsenheten", project__slug__startswith="ame-"
    )
    assert grants.total_sek() == Decimal("7000000")


def test_three_twin_towns_with_the_strategys_dates(ale):
    twinnings = {t.partner.name: t for t in ale.twinnings.select_related("partner")}
    assert set(twinnings) == {"Ruukki", "Kaufungen", "Bertinoro"}
    facts = {
        name: (
            t.first_contact.year,
            t.agreement_signed.year,
            t.partner.country.code,
            t.partner.population,
        )
        for name, t in twinnings.items()
    }
    assert facts == {
        "Ruukki": (1980, 1986, "FI", 5000),
        "Kaufungen": (1989, 1992, "DE", 12000),
        "Bertinoro": (1996, 2001, "IT", 9000),
    }
    kaufungen_years = [e.date.year for e in twinnings["Kaufungen"].events.all()]
    assert 1994 in kaufungen_years  # confirmed at Alemässan, May 1994
    assert twinnings["Kaufungen"].events.get(date__year=1994).date_display == "maj 1994"


def test_six_plus_five_orientations(ale):
    areas = ale.strategies.get().areas.annotate(n=Count("orientations"))
    assert [(a.name_sv, a.n) for a in areas] == [
        ("Internationellt arbete", 6),
        ("Vänortssamarbete", 5),
    ]


def test_named_projects_are_real_and_examples_are_marked(ale):
    named = [
        "vikinga",
        "morgondagens-entreprenorer",
        "unga-entreprenorer-i-nya-europa",
        "ruukki-elever-ale-gymnasium",
        "kaufungen-kultur-foreningsliv",
        "west-sweden",
    ]
    assert Project.objects.filter(slug__in=named, is_example_data=False).count() == len(named)
    oxford = Project.objects.get(slug="morgondagens-entreprenorer").partners.get()
    assert oxford.name == "Oxford Brookes University"
    examples = Project.objects.filter(is_example_data=True)
    assert 55 <= examples.filter(municipality=ale).count() <= 70  # the neighbours' apart
    assert not examples.exclude(title_sv__startswith="Exempel:").exists()


def test_demo_data_refused_in_production(settings, db):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("load_demo_data")
    assert not Municipality.objects.exists()


def test_example_action_plan_is_marked_as_example(ale, client):
    from projektdatabas.planning.models import ActionPlan

    plan = ActionPlan.objects.get()
    assert plan.is_example_data and plan.title.startswith("Exempel:")
    assert plan.measures.count() == 8
    assert all(m.is_example_data for m in plan.measures.all())
    assert {m.orientation.area.position for m in plan.measures.all()} == {1, 2}
    # The English page reads the measures in English, not the Swedish marked lang="sv".
    english = client.get("/en/handlingsplan/").content.decode()
    for measure in plan.measures.all():
        assert measure.description_en and f"<p>{escape(measure.description_en)}</p>" in english


def test_example_news_are_marked_linked_and_one_is_internal(ale, client):
    news = NewsItem.objects.filter(municipality=ale)
    assert news.count() == 4
    assert all(n.is_example_data and n.title_sv.startswith("Exempel:") for n in news)
    assert news.internal().count() == 1 and news.public().count() == 3
    # Linked to the strategy's real projects and twin towns, and shown on their pages.
    visit = news.public().get(twinnings__slug="kaufungen")
    assert visit.projects.get().slug == "kaufungen-kultur-foreningsliv"
    assert visit.image is not None and visit.image_alt_sv
    assert visit.title_sv in client.get("/vanorter/kaufungen/").content.decode()
    assert news.public().get(projects__slug="vikinga")
    # The public items read in English on the English pages; the internal one is for staff.
    assert all(n.title_en and n.body_en for n in news.public())


def test_an_example_summary_names_the_countries_its_partner_list_shows(ale):
    """The invented summaries said "partner i 2 länder" for two partners in one country, or
    for a Swedish university and one abroad: the page's own partner list disagreed."""
    examples = Project.objects.filter(slug__regex=r"^exempel-[0-9]{3}$").prefetch_related(
        "partnerships__organisation"
    )
    assert examples.count() > 20
    for project in examples:
        codes = {p.organisation.country.code for p in project.partnerships.all()}
        assert codes, project.slug
        named = re.search(
            r"samarbetar med (?:partner|vänorten \w+) i (.+?)\. Projektet",
            project.public_summary_sv,
        )
        with translation.override("sv"):
            expected = {str(countries.name(code)) for code in codes}
        assert set(re.split(r", | och ", named.group(1))) == expected, project.slug
        assert "länder" not in named.group(1)


def test_each_project_has_one_lead_at_most(ale):
    """A project the municipality owns ("Projektägare (huvudman)") listed a partner as
    "huvudman" too: a reader could not tell who leads."""
    for project in Project.objects.prefetch_related("partnerships"):
        leads = [p for p in project.partnerships.all() if p.role == "lead"]
        assert len(leads) + (project.municipal_role == "owner") <= 1, project.slug


def test_example_summaries_keep_the_capitals_of_names(ale):
    summaries = " ".join(Project.objects.values_list("public_summary_sv", flat=True))
    english = " ".join(Project.objects.values_list("public_summary_en", flat=True))
    assert "göta älv" not in summaries and "europa" not in summaries
    assert "Göta älv" in summaries and "the Göta river" in english


def test_every_twin_town_visit_paid_for_is_in_a_twinnings_timeline(ale):
    """The report said "Händelser i vänortssamarbetet under perioden: 0" beside 42 000 kr
    spent on Kaufungen's leaders visiting Ale: the demo's money and timeline disagreed."""
    from projektdatabas.organisations.models import TwinningEvent

    spent = AllocationSpending.objects.filter(allocation__purpose="twinning")
    assert spent.exists()
    for spending in spent:
        assert TwinningEvent.objects.filter(
            twinning__municipality=ale, date=spending.spent_on, kind="visit"
        ).exists(), spending
