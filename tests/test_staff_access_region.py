"""Staff of one municipality never reach another's records: every staff URL, asked for with
Ale's objects by Kungälv's coordinator, department representative and administrator, is
refused (an object page) or shows none of Ale's records (a list, a form's choices, an export).
And the regional coordinator reads both municipalities but changes neither's projects.

The URLs come from the resolver through test_staff_access's MATRIX (which must name every
staff URL), so a new staff URL is walked here too."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from tests.conftest import sign_in
from tests.test_staff_access import MATRIX, POST_DATA, _url
from tests.test_staff_access import world as world  # noqa: PLC0414 - Ale's full world

pytestmark = pytest.mark.django_db

# Written into every text of Ale's records that a page could show.
SECRET = "ALEHEMLIG"

# Pages that show figures rather than names: Ale's values that would show a leak there.
EXTRA_MARKERS = {
    "staff_time_rates": ["2031"],  # Ale's rate is for 2031; Kungälv has none
}


def _hide_ale(world):
    """Marks Ale's records, so that any of them on a Kungälv page is seen."""
    from django.contrib.auth import get_user_model

    from projektdatabas.calls.models import Call
    from projektdatabas.finance.models import AllocationSpending, AnnualAllocation, Receipt
    from projektdatabas.groups.models import Group, GroupMember, Training
    from projektdatabas.monitoring.models import EUItem
    from projektdatabas.news.models import NewsItem
    from projektdatabas.organisations.models import Committee, Department, Municipality
    from projektdatabas.participation.models import InterestRegistration
    from projektdatabas.planning.models import ActionPlan, Measure
    from projektdatabas.projects.models import Project

    ale = world["project"].municipality_id
    Municipality.objects.filter(pk=ale).update(name=f"{SECRET} kommun")
    for project in Project.objects.filter(municipality_id=ale):
        project.title_sv = f"{SECRET} projekt {project.pk}"
        project.save()
    for committee in Committee.objects.filter(municipality_id=ale):
        Committee.objects.filter(pk=committee.pk).update(name=f"{SECRET} nämnd {committee.pk}")
    for department in Department.objects.filter(municipality_id=ale):
        department.name = f"{SECRET} förvaltning {department.pk}"
        department.save(update_fields=["name"])
    NewsItem.objects.filter(municipality_id=ale).update(title_sv=f"{SECRET} nyhet")
    Call.objects.filter(municipality_id=ale).update(title_sv=f"{SECRET} utlysning")
    EUItem.objects.filter(municipality_id=ale).update(title=f"{SECRET} EU-ärende")
    Group.objects.filter(municipality_id=ale).update(name=f"{SECRET} grupp")
    GroupMember.objects.filter(group__municipality_id=ale).update(name=f"{SECRET} medlem")
    Training.objects.filter(municipality_id=ale).update(title=f"{SECRET} kurs")
    ActionPlan.objects.filter(strategy__municipality_id=ale).update(title=f"{SECRET} plan")
    Measure.objects.filter(plan__strategy__municipality_id=ale).update(
        description_sv=f"{SECRET} åtgärd"
    )
    Receipt.all_objects.filter(project__municipality_id=ale).update(note=f"{SECRET} inbetalning")
    AnnualAllocation.objects.filter(municipality_id=ale).update(decision_reference=f"{SECRET} KS")
    AllocationSpending.all_objects.filter(allocation__municipality_id=ale).update(
        description=f"{SECRET} utgift"
    )
    InterestRegistration.objects.filter(project__municipality_id=ale).update(
        name=f"{SECRET} invånare"
    )
    get_user_model().objects.filter(memberships__municipality_id=ale).update(
        first_name=SECRET, last_name="Alesson", email="hemlig@ale.example.org"
    )


@pytest.fixture
def region_world(world):
    """Ale (the shared world, marked) and Kungälv, both in Göteborgsregionen: Kungälv with
    a record of every kind Ale has (so that its own pages, forms included, are walked too),
    its own staff, and a regional coordinator for the region."""
    from projektdatabas.organisations.models import Municipality, Region

    _hide_ale(world)
    region = Region.objects.create(name="Göteborgsregionen", slug="gr")
    Municipality.objects.filter(pk=world["project"].municipality_id).update(region=region)
    kungalv = Municipality.objects.create(name="Kungälvs kommun", slug="kungalv", region=region)
    own = _kungalv_world(kungalv)
    return {
        "ale": world,
        "kungalv": own,
        "users": {
            "coordinator": own["users"]["coordinator"],
            "rep": own["users"]["rep"],
            "administrator": own["users"]["administrator"],
        },
        "regional": _person("regionsamordnare", "regional_coordinator", region=region),
    }


def _person(name, role, **scope):
    from django.contrib.auth import get_user_model

    from projektdatabas.accounts.models import Membership

    user = get_user_model().objects.create_user(
        username=name, password="ett-långt-lösenord-2026", first_name=name.title()
    )
    Membership.objects.create(user=user, role=role, **scope)
    return user


def _kungalv_world(kungalv) -> dict:
    """Kungälv's own records, one of each kind the staff URLs take (as Ale's world has)."""
    import datetime as dt
    from decimal import Decimal

    from projektdatabas.finance.models import (
        AllocationSpending,
        AnnualAllocation,
        Receipt,
        StaffTimeRate,
    )
    from projektdatabas.monitoring.models import Concern, EUItem
    from projektdatabas.news.models import NewsItem
    from projektdatabas.organisations.models import Committee, Department
    from projektdatabas.participation.models import InterestRegistration
    from projektdatabas.projects.models import Project
    from tests.staff_world import _plan
    from tests.test_staff_access import _call_world, _groups

    board = Committee.objects.create(
        municipality=kungalv,
        name="Kungälvs kommunstyrelse",
        short_name="KS",
        is_executive_board=True,
    )
    department = Department.objects.create(
        municipality=kungalv, name="Kungälvs förvaltning", committee=board
    )
    project = Project.objects.create(
        municipality=kungalv,
        lead_department=department,
        kind="eu_project",
        title_sv="Kungälvs eget projekt",
        slug="kungalvs-eget",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2026, 12, 31),
    )
    users = {
        "coordinator": _person("kungalv-samordnare", "coordinator", municipality=kungalv),
        "rep": _person(
            "kungalv-rep", "department_rep", municipality=kungalv, department=department
        ),
        "administrator": _person("kungalv-admin", "administrator", municipality=kungalv),
    }
    plan, measure = _plan(kungalv, department)
    allocation = AnnualAllocation.objects.create(
        municipality=kungalv, year=2026, purpose="twinning", amount=Decimal("50000")
    )
    world = {"project": project, "board": board, "department": department, "users": users}
    return {
        **world,
        "plan": plan,
        "measure": measure,
        "receipt": Receipt.objects.create(
            project=project, received_on=dt.date(2026, 3, 1), amount=Decimal("700")
        ),
        "allocation": allocation,
        "spending": AllocationSpending.objects.create(
            allocation=allocation,
            spent_on=dt.date(2026, 4, 1),
            amount=Decimal("10"),
            description="Tåg",
        ),
        "interest": InterestRegistration.objects.create(
            project=project, name="Kungälvsbo", phone="0303-23 80 00", kinds=["participant"]
        ),
        "eu_concern": Concern.objects.create(
            item=EUItem.objects.create(
                municipality=kungalv, kind="legislation", title="Förordning", channel="gr"
            ),
            department=department,
            reason="Berör förvaltningen.",
            answer_due=dt.date(2026, 12, 31),
        ),
        "news": NewsItem.objects.create(
            municipality=kungalv, title_sv="Kungälvsnytt", slug="kungalvsnytt", body_sv="Text."
        ),
        **_call_world(kungalv, department),
        **_groups(world, kungalv),
        "rate": StaffTimeRate.objects.create(
            municipality=kungalv, year=2030, hourly_rate_sek=Decimal("400")
        ),
    }


# Records of registers every municipality shares: partner organisations (one organisation
# partners several municipalities; the register is kept once, see README) and the public EU
# project data (its uploads too). Their pages answer, but show nothing of another municipality's.
SHARED_RECORDS = {"partner", "eu_organisation", "eu_organisation_link", "eu_import_detail"}


def _object_url(name) -> bool:
    """Whether the URL names one record of a municipality's (by id), rather than a list, the
    user's own scope or a shared register's record."""
    staff = get_resolver().namespace_dict["staff"][1]
    pattern = next(p for p in staff.url_patterns if p.name == name)
    return "pk" in pattern.pattern.regex.groupindex and name not in SHARED_RECORDS


def _text(response) -> str:
    """What a person could read in the answer: the page, or every part of an XLSX or DOCX."""
    body = b"".join(response) if response.streaming else response.content
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b"".join(archive.read(member) for member in archive.namelist())
    return body.decode("utf-8", errors="replace")


def _ale_state():
    """What a refused request must leave as it was."""
    from projektdatabas.calls.models import Call
    from projektdatabas.monitoring.models import EUItem
    from projektdatabas.news.models import NewsItem
    from projektdatabas.participation.models import InterestRegistration
    from projektdatabas.projects.models import Project
    from projektdatabas.reporting.models import SemiAnnualReport

    return (
        list(Project.objects.filter(title_sv__startswith=SECRET).values_list("status", "version")),
        list(NewsItem.objects.filter(title_sv__startswith=SECRET).values_list("status")),
        list(Call.objects.filter(title_sv__startswith=SECRET).values_list("archived_at")),
        list(EUItem.objects.filter(title__startswith=SECRET).values_list("status")),
        list(
            InterestRegistration.objects.filter(name__startswith=SECRET).values_list("handled_at")
        ),
        SemiAnnualReport.objects.filter(municipality__name__startswith=SECRET).count(),
    )


def _walk(client, world, *, objects_refused: bool, markers: bool = True) -> list[str]:
    """Every staff URL with `world`'s records: what is wrong (a server error, a record
    page answered when `objects_refused`, Ale's marked records shown when `markers`)."""
    failures = []
    for name, method in MATRIX:
        if name in ("sign_out", "sign_in"):
            continue
        url = _url(name, world)
        send = client.get if method == "GET" else client.post
        response = send(url, POST_DATA.get(name, {}))
        status = response.status_code
        if status >= 500:
            failures.append(f"{method} {url}: {status}")
        elif objects_refused and _object_url(name):
            if status not in (403, 404, 405):
                failures.append(f"{method} {url}: {status}, expected a refusal")
        elif markers and method == "GET" and status == 200:
            text = _text(response)
            for marker in [SECRET, *EXTRA_MARKERS.get(name, [])]:
                if marker in text:
                    failures.append(f"{method} {url}: shows {marker!r}")
    return failures


def test_every_staff_url_is_walked():
    """The walks go through MATRIX: it must name every URL the resolver has (a new staff URL
    without a row fails here too, not only in test_staff_access)."""
    staff = get_resolver().namespace_dict["staff"][1]
    assert {p.name for p in staff.url_patterns} == {name for name, _method in MATRIX}


@pytest.mark.parametrize("role", ["coordinator", "rep", "administrator"])
def test_another_municipalitys_records_are_refused_and_never_listed(role, region_world, client):
    sign_in(client, region_world["users"][role])
    before = _ale_state()
    assert not (failures := _walk(client, region_world["ale"], objects_refused=True)), "\n".join(
        failures
    )
    assert _ale_state() == before


@pytest.mark.parametrize("role", ["coordinator", "rep", "administrator"])
def test_own_pages_and_forms_offer_nothing_of_another_municipality(role, region_world, client):
    """Kungälv's own records' pages, their forms' choices (departments, committees, users,
    projects) and exports included, name nothing of Ale's."""
    sign_in(client, region_world["users"][role])
    assert not (failures := _walk(client, region_world["kungalv"], objects_refused=False)), (
        "\n".join(failures)
    )


def test_the_walk_sees_the_users_own_records(region_world, client):
    """The walks above would pass on empty pages: the same pages show Kungälv's own."""
    own = region_world["kungalv"]
    sign_in(client, region_world["users"]["coordinator"])
    assert "Kungälvs eget projekt" in client.get("/intern/projekt/").content.decode()
    assert "Kungälvs förvaltning" in client.get("/intern/projekt/nytt/").content.decode()
    assert "Kungälvsnytt" in client.get("/intern/nyheter/").content.decode()
    assert client.get(f"/intern/projekt/{own['project'].pk}/").status_code == 200


def _pages_showing_the_secret(client, world) -> set[str]:
    seen = set()
    for name, method in MATRIX:
        if method != "GET" or name in ("sign_out", "sign_in") or _object_url(name):
            continue
        response = client.get(_url(name, world))
        if response.status_code == 200 and SECRET in _text(response):
            seen.add(name)
    return seen


def test_the_markers_would_be_seen(region_world, client):
    """The walks' check is not vacuous: Ale's own staff see Ale's marked records on these
    lists, forms, reports and exports."""
    ale = region_world["ale"]
    sign_in(client, ale["users"]["coordinator"])
    seen = _pages_showing_the_secret(client, ale)
    sign_in(client, ale["users"]["administrator"])
    seen |= _pages_showing_the_secret(client, ale)
    assert {
        "home",
        "projects",
        "project_create",
        "decisions",
        "compliance",
        "coordination_group",
        "plans",
        "calendar",
        "reports",
        "report",
        "report_file",
        "statistics",
        "news",
        "calls",
        "eu_items",
        "interest",
        "groups",
        "trainings",
        "receipts",
        "allocations",
        "users",
    } <= seen


def test_the_regional_coordinator_reads_both_but_changes_neither(region_world, client):
    sign_in(client, region_world["regional"])
    projects = [region_world["ale"]["project"], region_world["kungalv"]["project"]]
    listing = client.get("/intern/projekt/").content.decode()
    for project in projects:
        project.refresh_from_db()
        before = (project.status, project.version, project.published_at)
        assert project.title_sv in listing
        assert client.get(f"/intern/projekt/{project.pk}/").status_code == 200
        assert client.get(f"/intern/projekt/{project.pk}/historik/").status_code == 200
        edit = client.get(f"/intern/projekt/{project.pk}/redigera/grunduppgifter/")
        assert edit.status_code == 403
        assert "Som regionsamordnare läser du kommunernas uppgifter" in edit.content.decode()
        published = client.post(f"/intern/projekt/{project.pk}/publicering/", {"action": "publish"})
        assert published.status_code == 403
        project.refresh_from_db()
        assert (project.status, project.version, project.published_at) == before
    assert client.get("/intern/projekt/nytt/").status_code == 403


def test_the_regional_coordinator_walks_every_url_without_changing_anything(region_world, client):
    """No staff page fails for an account with no municipality of its own, and the walk's
    POSTs change none of Ale's records."""
    sign_in(client, region_world["regional"])
    before = _ale_state()
    failures = _walk(client, region_world["ale"], objects_refused=False, markers=False)
    assert not failures, "\n".join(failures)
    assert _ale_state() == before


def test_the_regional_coordinator_reads_each_municipalitys_report(region_world, client):
    sign_in(client, region_world["regional"])
    ale = client.get("/intern/rapporter/2026/1/?kommun=ale")
    assert ale.status_code == 200
    assert SECRET in ale.content.decode()  # Ale's projects, in Ale's report
    kungalv = client.get("/intern/rapporter/2026/1/?kommun=kungalv").content.decode()
    assert "Kungälvs kommun" in kungalv
    assert f"{SECRET} projekt" not in kungalv  # Ale is only named, as a choice
    assert client.get("/intern/statistik/?kommun=ale").status_code == 200
    # Reading is not finalising: the municipality's coordinator does that.
    assert client.post("/intern/rapporter/2026/1/faststall/?kommun=ale").status_code == 403
    assert client.get("/intern/rapporter/2026/1/?kommun=goteborg").status_code == 404


def test_a_municipal_coordinator_cannot_choose_another_municipalitys_report(region_world, client):
    sign_in(client, region_world["users"]["coordinator"])
    text = client.get("/intern/rapporter/2026/1/?kommun=ale").content.decode()
    assert SECRET not in text
    assert "Kungälvs kommun" in text
    assert SECRET not in client.get("/intern/statistik/?kommun=ale").content.decode()


def test_the_regional_reports_total_is_the_sum_of_the_municipalities(region_world):
    from decimal import Decimal

    from projektdatabas.finance.models import Funding, FundingSource
    from projektdatabas.organisations.models import Region
    from projektdatabas.projects.models import Project
    from projektdatabas.reporting.periods import HalfYear
    from projektdatabas.reporting.regional_report import compute_regional, table

    # Running projects with money in each municipality, so the sums are not all zero.
    Project.objects.filter(municipality__region__slug="gr").update(status="ongoing")
    for project, sek in (
        (region_world["ale"]["project"], 300),
        (region_world["kungalv"]["project"], 40),
    ):
        Funding.objects.create(project=project, source=FundingSource.EU_GRANT, amount=Decimal(sek))
    region = Region.objects.get(slug="gr")
    figures = compute_regional(region, HalfYear(2026, 1))
    assert [m["slug"] for m in figures["municipalities"]] == ["ale", "kungalv"]
    for key, total in figures["total"].items():
        assert total == sum(m["key_figures"][key] for m in figures["municipalities"]), key
    ongoing = [m["key_figures"]["ongoing"] for m in figures["municipalities"]]
    assert all(ongoing) and figures["total"]["ongoing"] == sum(ongoing)
    granted = [m["key_figures"]["eu_granted_ongoing_sek"] for m in figures["municipalities"]]
    assert granted == [300, 40] and figures["total"]["eu_granted_ongoing_sek"] == 340
    assert any(row["values"] == [300, 40] and row["total"] == 340 for row in table(figures))


def test_the_regional_report_is_finalised_and_published(region_world, client):
    from projektdatabas.reporting.models import RegionalReport

    public = reverse("public:regional_reports")
    title = "Internationella projekt i Göteborgsregionen: regional rapport, januari–juni 2026"
    assert "Ingen regional rapport är publicerad ännu." in client.get(public).content.decode()
    # A municipality's coordinator does not make the region's report.
    sign_in(client, region_world["users"]["coordinator"])
    assert client.post("/intern/rapporter/region/2026/1/faststall/").status_code == 403
    sign_in(client, region_world["regional"])
    draft = client.get("/intern/rapporter/region/2026/1/").content.decode()
    assert title in draft and '<th scope="col" class="number">Kungälvs kommun</th>' in draft
    assert client.post("/intern/rapporter/region/2026/1/faststall/").status_code == 302
    report = RegionalReport.objects.get(region__slug="gr", year=2026, half=1)
    assert report.is_finalised and not report.is_published
    client.logout()
    assert title not in client.get(public).content.decode()  # not yet published
    sign_in(client, region_world["regional"])
    assert client.post("/intern/rapporter/region/2026/1/publicera/").status_code == 302
    client.logout()
    page = client.get(public).content.decode()
    assert title in page and '<th scope="col" class="number">Kungälvs kommun</th>' in page
    # A resident finds them from the regional portal.
    assert f'href="{public}"' in client.get(reverse("public:region")).content.decode()
    assert "Kungälvs eget projekt" not in page  # figures only, no project named


def test_the_regional_report_keeps_a_municipalitys_finalised_figures(region_world, client):
    """A municipality that has finalised its own report is counted as that report counts it,
    whatever changed since, so the region's report agrees with what that board was sent;
    the report says whose figures came from where. And a half-year still running is not
    finalised."""
    from decimal import Decimal

    from projektdatabas.finance.models import Funding, FundingSource
    from projektdatabas.organisations.models import Municipality
    from projektdatabas.projects.models import Project
    from projektdatabas.reporting.models import RegionalReport
    from projektdatabas.reporting.periods import HalfYear
    from projektdatabas.reporting.services import finalise_report

    Project.objects.filter(municipality__region__slug="gr").update(status="ongoing")
    period = HalfYear(2026, 1)
    ale = Municipality.objects.get(slug="ale")
    ales_coordinator = region_world["ale"]["users"]["coordinator"]
    own = finalise_report(municipality=ale, period=period, actor=ales_coordinator)
    granted = own.figures["key_figures"]["eu_granted_ongoing_sek"]
    # After Ale's report was sent to its board: more EU money, in both municipalities.
    for project in (region_world["ale"]["project"], region_world["kungalv"]["project"]):
        Funding.objects.create(project=project, source=FundingSource.EU_GRANT, amount=Decimal(70))
    sign_in(client, region_world["regional"])
    draft = client.get("/intern/rapporter/region/2026/1/").content.decode()
    row = re.search(
        r"<th scope=\"row\">EU-bidrag beviljade till projekt pågående[^<]*</th>(.*?)</tr>", draft
    ).group(1)
    values = re.findall(r'<td class="number">(?:<strong>)?([^<]*)<', row)
    assert values[:2] == [str(granted), "70"], values
    assert f"Hämtat ur respektive kommuns fastställda rapport: {ale.name} (fastställd" in draft
    assert "vars egen rapport då inte var fastställd: Kungälvs kommun." in draft
    assert "har inte fastställt sin egen rapport för halvåret" in draft  # before freezing
    assert client.post("/intern/rapporter/region/2026/1/faststall/").status_code == 302
    report = RegionalReport.objects.get(region__slug="gr", year=2026, half=1)
    assert (
        f"Hämtat ur respektive kommuns fastställda rapport: {ale.name} (fastställd" in report.html
    )
    # A report frozen before its half-year ended (possible before the rule below) lacks
    # the rest of it: counted from the data instead.
    from projektdatabas.reporting.models import SemiAnnualReport
    from projektdatabas.reporting.regional_report import compute_regional

    mid_way = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
    SemiAnnualReport.objects.filter(pk=own.pk).update(finalised_at=mid_way)
    ales = compute_regional(ale.region, period)["municipalities"][0]
    assert ales["own_report_finalised"] is None
    assert ales["key_figures"]["eu_granted_ongoing_sek"] == granted + 70
    # Finalised at 00:30 on 1 July in Sweden (22:30 on 30 June in UTC): the 1st, the day
    # after the half-year, as the report says.
    just_after = dt.datetime(2026, 6, 30, 22, 30, tzinfo=dt.UTC)
    SemiAnnualReport.objects.filter(pk=own.pk).update(finalised_at=just_after)
    ales = compute_regional(ale.region, period)["municipalities"][0]
    assert ales["own_report_finalised"] == "2026-07-01"

    # The half-year still running: refused, with the day from which it can be finalised.
    today = timezone.localdate()
    running = HalfYear(today.year, 1 if today.month <= 6 else 2)
    url = f"/intern/rapporter/region/{running.year}/{running.half}/"
    assert "rapporten kan fastställas från och med" in client.get(url).content.decode()
    page = client.post(url + "faststall/", follow=True).content.decode()
    assert "kan fastställas från och med" in page
    assert not RegionalReport.objects.filter(year=running.year, half=running.half).exists()


def test_the_demo_has_the_neighbours_and_the_regions_accounts(demo_data, client):
    from django.contrib.auth import get_user_model

    from projektdatabas.demo.people import DEMO_PASSWORD

    roles = {
        username: {(m.role, str(m.municipality or m.region)) for m in user.memberships.all()}
        for username in ("samordnare-kungalv", "samordnare-lilla-edet", "regionsamordnare")
        for user in [get_user_model().objects.get(username=username)]
    }
    assert roles == {
        "samordnare-kungalv": {("coordinator", "Kungälvs kommun")},
        "samordnare-lilla-edet": {("coordinator", "Lilla Edets kommun")},
        "regionsamordnare": {("regional_coordinator", "Göteborgsregionen")},
    }
    assert client.login(username="regionsamordnare", password=DEMO_PASSWORD)
    assert client.get("/intern/rapporter/region/").status_code == 200


def test_no_neighbour_accounts_without_the_neighbours(db):
    """With only Ale's real data (load_demo_data --no-examples) there is no region to hold
    the accounts, and none is made."""
    from django.contrib.auth import get_user_model

    from projektdatabas.demo.accounts import load_regional_people

    assert load_regional_people() == []
    assert not get_user_model().objects.filter(username="regionsamordnare").exists()


def test_the_superuser_gives_the_regional_role_and_no_municipal_administrator_can(
    region_world, client
):
    """The role opens every municipality of the region, so a municipality's administrator
    neither sees it offered nor can forge it; the installation's superuser gives it."""
    from django.contrib.auth import get_user_model

    from projektdatabas.accounts.models import Membership
    from projektdatabas.organisations.models import Region
    from tests.test_user_administration import formset_data

    region = Region.objects.get(slug="gr")
    account = get_user_model().objects.create_user(username="blivande", password="x" * 12)
    url = reverse("staff:user_edit", args=[account.pk])
    admin = region_world["users"]["administrator"]  # Kungälv's
    sign_in(client, admin)
    form = client.get(url).context["formset"].forms[0]
    assert "regional_coordinator" not in dict(form.fields["role"].choices)
    assert "region" not in form.fields
    forged = {"role": "regional_coordinator", "region": region.pk}
    client.post(url, formset_data(account, [forged]))
    assert not Membership.objects.filter(user=account, role="regional_coordinator").exists()

    boss = get_user_model().objects.create_superuser(username="root", password="x" * 12)
    Membership.objects.create(
        user=boss,
        municipality=region_world["kungalv"]["project"].municipality,
        role="administrator",
    )
    sign_in(client, boss)
    missing = client.post(url, formset_data(account, [{"role": "regional_coordinator"}]))
    assert "Välj regionen" in missing.content.decode()
    assert client.post(url, formset_data(account, [forged])).status_code == 302
    given = Membership.objects.get(user=account)
    assert (given.role, given.region, given.municipality) == ("regional_coordinator", region, None)
    assert "Göteborgsregionen" in client.get(reverse("staff:users")).content.decode()


@pytest.mark.parametrize("role", ["coordinator", "rep"])
def test_a_refusal_names_the_municipality_not_the_role(role, region_world, client):
    """Kungälv's coordinator refused an Ale project is told it is another municipality's,
    not that only the coordinator may change it."""
    sign_in(client, region_world["users"][role])
    project = region_world["ale"]["project"]
    for url in (f"/intern/projekt/{project.pk}/", f"/intern/projekt/{project.pk}/redigera/pengar/"):
        response = client.get(url)
        assert response.status_code == 403
        page = response.content.decode()
        assert "Projektet hör till en annan kommun." in page, url
        assert "Bara samordnaren" not in page and "egen förvaltnings" not in page, url


def test_the_regional_coordinators_project_list_says_whose_each_project_is(region_world, client):
    """Department names repeat between municipalities: the list has a municipality column
    and a choice of municipality for whoever reads several, and neither for one municipality's
    coordinator."""
    ale, kungalv = region_world["ale"]["project"], region_world["kungalv"]["project"]
    ale.refresh_from_db()
    sign_in(client, region_world["regional"])
    listing = client.get("/intern/projekt/").content.decode()
    assert '<th scope="col" role="columnheader">Kommun</th>' in listing
    cell = '<td role="cell" data-label="Kommun">{}</td>'
    assert cell.format(ale.municipality.name) in listing
    assert cell.format("Kungälvs kommun") in listing
    only = client.get("/intern/projekt/", {"kommun": "kungalv"}).content.decode()
    assert kungalv.title_sv in only and ale.title_sv not in only
    assert '<option value="kungalv" selected>' in only
    sign_in(client, region_world["users"]["coordinator"])
    listing = client.get("/intern/projekt/").content.decode()
    assert (
        '<th scope="col" role="columnheader">Kommun</th>' not in listing
        and 'id="kommun"' not in listing
    )


def test_the_regional_coordinators_pages_say_whose_and_lead_to_the_portal(region_world, client):
    """The work list mixed the municipalities with only a department name a row, and
    "Publik webbplats" led to one municipality's site among the region's."""
    sign_in(client, region_world["regional"])
    page = client.get("/intern/").content.decode()
    assert "Kungälvs kommun · " in page
    assert re.search(r'<a class="lang" href="/region/">Publik webbplats</a>', page)
    # A municipality's own coordinator sees her own site, and no municipality names.
    sign_in(client, region_world["users"]["coordinator"])
    page = client.get("/intern/").content.decode()
    assert "Kungälvs kommun · " not in page
    assert re.search(r'<a class="lang" href="/kungalv/">Publik webbplats</a>', page)


def test_a_coordinator_without_a_strategy_is_told_why_there_is_no_new_plan(region_world, client):
    """Kungälv's coordinator was refused "Only the coordinator creates action plans": she
    is the coordinator; her municipality had no strategy registered."""
    from projektdatabas.organisations.models import Municipality

    newcomer = Municipality.objects.create(name="Lilla Edets kommun", slug="lilla-edet")
    sign_in(client, _person("samordnare-lilla-edet", "coordinator", municipality=newcomer))
    reason = "ingen strategi är registrerad för er kommun än"
    assert reason in client.get("/intern/handlingsplaner/").content.decode()
    response = client.get("/intern/handlingsplaner/ny/")
    assert response.status_code == 403 and reason in response.content.decode()
