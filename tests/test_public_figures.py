"""The start page's figures are kept counted (reporting/tallies.py) instead of counted on each
rendering: after every kind of change they must still be the statistics page's figures,
which are counted afresh from the definitions. And `manage.py rebuild_public_figures` puts
them right after rows were written past the models (a bulk load, an SQL update)."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from projektdatabas.finance.models import Funding, FundingSource, Receipt
from projektdatabas.finance.services import void_receipt
from projektdatabas.governance.lifecycle import change_status
from projektdatabas.organisations.models import Municipality, Organisation
from projektdatabas.projects.models import Project, ProjectPartner
from projektdatabas.projects.services import archive_project, unpublish_project
from projektdatabas.public.views import HOME_FIGURES
from projektdatabas.reporting.tallies import TALLIED, differences, public_figures
from tests.conftest import coordinator_of
from tests.test_figures import home_page, statistics_page

pytestmark = pytest.mark.django_db


def shown(client) -> dict[str, int]:
    """The start page's figures, after checking that /statistik/ shows the same."""
    start = {key: n for key, (_label, n) in home_page(client).items()}
    statistics = statistics_page(client, "/statistik/")
    assert start == {key: statistics[key][1] for key in HOME_FIGURES}
    return start


def test_the_start_page_shows_only_kept_figures():
    assert set(HOME_FIGURES) <= set(TALLIED)


def test_every_change_moves_the_start_page_as_the_statistics_page(
    client, municipality, make_project, partner_abroad, publish
):
    coordinator = coordinator_of(municipality)
    zero = dict.fromkeys(HOME_FIGURES, 0)
    assert shown(client) == zero

    project = make_project(status="approved", submitted_at=timezone.now())
    ProjectPartner.objects.create(project=project, organisation=partner_abroad)
    Funding.objects.create(project=project, source=FundingSource.EU_GRANT, amount=Decimal(1000))
    assert shown(client) == zero, "a draft counts nowhere on the public site"

    project = publish(project)
    expected = {**zero, "projects": 1, "partner_countries": 1, "eu_granted_sek": 1000}
    assert shown(client) == expected

    finnish = Organisation.objects.create(name="Koulu", kind="school", country="FI")
    partnership = ProjectPartner.objects.create(project=project, organisation=finnish)
    assert shown(client) == {**expected, "partner_countries": 2}
    partnership.delete()
    assert shown(client) == expected

    receipt = Receipt.objects.create(
        project=project, received_on=dt.date(2026, 3, 1), amount=Decimal("400.50")
    )
    Funding.objects.create(
        project=project, source=FundingSource.OTHER_COFINANCING, amount=Decimal(999)
    )
    expected["eu_received_sek"] = 401  # 400,50 kr rounded half up, as every page rounds
    assert shown(client) == expected
    void_receipt(receipt=receipt, reason="Fel projekt", actor=coordinator)
    expected["eu_received_sek"] = 0
    assert shown(client) == expected

    project = change_status(project=project, to="ongoing", actor=coordinator)
    expected["ongoing_today"] = 1
    assert shown(client) == expected

    # A grant moved to another (unpublished) project leaves this one's figures.
    grant = Funding.objects.get(project=project, source=FundingSource.EU_GRANT)
    grant.project = make_project(status="approved")
    grant.save()
    expected["eu_granted_sek"] = 0
    assert shown(client) == expected

    project.refresh_from_db()
    unpublish_project(project=project, actor=coordinator)
    assert shown(client) == zero
    project = publish(Project.objects.get(pk=project.pk))
    assert shown(client) == expected
    archive_project(project=Project.objects.get(pk=project.pk), actor=coordinator)
    assert shown(client) == zero
    assert differences(municipality) == {}


def test_ongoing_today_follows_the_status_whatever_the_dates(
    client, municipality, make_project, publish, monkeypatch
):
    """ "Ongoing today" counts projects marked ongoing (definitions.py), so a kept count
    cannot go stale when the day turns: a project past its planned end counts until it is
    marked completed, on the start page as on /statistik/."""
    coordinator = coordinator_of(municipality)
    today = timezone.localdate()
    project = publish(
        make_project(
            status="ongoing", start_date=today, end_date=today, submitted_at=timezone.now()
        )
    )
    assert shown(client)["ongoing_today"] == 1

    project.start_date = project.end_date = today - dt.timedelta(days=400)
    project.save()
    monkeypatch.setattr(timezone, "localdate", lambda *a: today + dt.timedelta(days=30))
    assert shown(client)["ongoing_today"] == 1

    change_status(project=Project.objects.get(pk=project.pk), to="completed", actor=coordinator)
    assert shown(client)["ongoing_today"] == 0


def test_several_municipalities_count_apart_and_together(
    municipality, make_project, partner_abroad, publish, department
):
    other = Municipality.objects.create(name="Grannkommun", slug="granne")
    mine = publish(make_project(status="ongoing"))
    ProjectPartner.objects.create(project=mine, organisation=partner_abroad)
    theirs = make_project(status="ongoing", municipality=other)
    ProjectPartner.objects.create(project=theirs, organisation=partner_abroad)
    ProjectPartner.objects.create(
        project=theirs,
        organisation=Organisation.objects.create(name="Koulu", kind="school", country="FI"),
    )
    publish(theirs)

    assert public_figures(municipality)["partner_countries"] == 1
    assert public_figures(other)["partner_countries"] == 2
    together = public_figures([municipality, other])
    assert (together["projects"], together["ongoing_today"]) == (2, 2)
    assert together["partner_countries"] == 2, "Germany is counted once"
    assert differences(municipality) == {} and differences(other) == {}


def test_rebuilding_puts_right_what_was_written_past_the_models(
    client, municipality, make_project, partner_abroad, publish
):
    for status in ("ongoing", "approved", "idea"):
        project = publish(make_project(status=status))
        ProjectPartner.objects.create(project=project, organisation=partner_abroad)
        Funding.objects.create(
            project=project, source=FundingSource.EU_GRANT, amount=Decimal("1250.25")
        )
    before = shown(client)
    assert before == {
        "projects": 3,
        "ongoing_today": 1,
        "partner_countries": 1,
        "eu_granted_sek": 2501,  # 2 × 1 250,25 = 2 500,50, rounded half up
        "eu_received_sek": 0,
    }

    # An SQL update passes no signal: the kept figures are wrong until rebuilt.
    Project.objects.filter(status="idea").update(is_published=False)
    assert differences(municipality) == {"projects": (3, 2)}
    call_command("rebuild_public_figures", verbosity=0)
    assert differences(municipality) == {}
    assert public_figures(municipality) == {**before, "projects": 2}

    # Rebuilt from nothing, the same as counted change by change.
    counted = public_figures(municipality)
    call_command("rebuild_public_figures", verbosity=0)
    assert public_figures(municipality) == counted


def newest_on_start_page(client) -> list[str]:
    page = client.get("/").content.decode()
    latest = page[page.index('id="latest-heading"') :]
    return re.findall(r'<a href="/projekt/\d+-[\w-]+/">(.*?)</a>', latest)


def test_the_newest_projects_follow_publishing_and_archiving(
    client, municipality, make_project, publish
):
    coordinator = coordinator_of(municipality)
    projects = [publish(make_project(title_sv=f"P{n}")) for n in range(8)]
    make_project(title_sv="Utkast")
    assert newest_on_start_page(client) == ["P7", "P6", "P5", "P4", "P3", "P2"]

    archive_project(project=projects[6], actor=coordinator)
    unpublish_project(project=projects[5], actor=coordinator)
    assert newest_on_start_page(client) == ["P7", "P4", "P3", "P2", "P1", "P0"]

    # Published again, a project keeps its first publication's place.
    publish(Project.objects.get(pk=projects[5].pk))
    assert newest_on_start_page(client) == ["P7", "P5", "P4", "P3", "P2", "P1"]

    # Published in the same instant (a bulk load), the higher id is the newer.
    Project.objects.filter(pk__in=[p.pk for p in projects[:4]]).update(
        first_published_at=projects[7].first_published_at
    )
    call_command("rebuild_public_figures", verbosity=0)
    assert newest_on_start_page(client) == ["P7", "P3", "P2", "P1", "P0", "P5"]


def test_the_daily_job_puts_right_figures_written_past_the_models_and_says_so(
    client, municipality, make_project, publish
):
    """`manage.py daily` compares the kept figures with their definitions: in step, it
    says so and passes; out of step (an SQL update), it counts afresh, names the figure
    and fails, so that the operator sees that something wrote past the models."""
    for _ in range(3):
        publish(make_project(status="ongoing"))
    out = io.StringIO()
    call_command("rebuild_public_figures", "--repair", stdout=out)
    assert "in step" in out.getvalue()

    Project.objects.filter(pk=Project.objects.order_by("pk").first().pk).update(is_published=False)
    assert home_page(client)["projects"][1] == 3  # the kept figure, until the daily job
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="rebuild_public_figures"):
        call_command("daily", stdout=out, stderr=err)
    assert f"{municipality.slug} projects: kept 3, counted 2" in out.getvalue()
    assert "counted afresh" in err.getvalue()
    assert differences(municipality) == {}
    assert shown(client)["projects"] == 2
