"""The semi-annual report's account of keeping everyone informed: news published, EU items
handled, funding calls routed, competence development (counted as the staff page counts
it), and the management group among the report's recipients."""

import dataclasses
import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from projektdatabas.groups import services
from projektdatabas.groups.models import Group, GroupKind, GroupMember, Training
from projektdatabas.news.models import NewsItem, NewsKind, NewsStatus
from projektdatabas.reporting import informing
from projektdatabas.reporting.distribution import send_report
from projektdatabas.reporting.models import Recipient
from projektdatabas.reporting.periods import HalfYear
from projektdatabas.reporting.services import finalise_report, report_context
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db
PERIOD = HalfYear(2026, 1)


def training(municipality, actor, day, *, staff, elected, cost, title="Utbildning"):
    return services.save_training(
        training=Training(
            municipality=municipality,
            title=title,
            kind="training",
            starts_on=day,
            staff_count=staff,
            elected_count=elected,
            cost_sek=Decimal(cost),
        ),
        actor=actor,
    )


def test_trainings_are_counted_per_half_year_in_the_report_as_on_the_staff_page(
    world, municipality, client
):
    coordinator = world["users"]["coordinator"]
    training(municipality, coordinator, dt.date(2026, 1, 15), staff=20, elected=0, cost="12000")
    training(municipality, coordinator, dt.date(2026, 6, 30), staff=3, elected=2, cost="38500.40")
    training(municipality, coordinator, dt.date(2025, 12, 31), staff=7, elected=1, cost="900")
    training(municipality, coordinator, dt.date(2026, 7, 1), staff=9, elected=9, cost="100")

    figures = report_context(municipality, PERIOD)["figures"]["trainings"]
    totals = {row["label"]: row["value"] for row in figures["totals"]}
    assert totals == {
        "Utbildningar, studiebesök och konferenser": 2,
        "Deltagande personal": 23,
        "Deltagande förtroendevalda": 2,
        "Utbildade personer (deltagarplatser)": 25,
        "Kostnad (kr)": 50500,  # 50 500,40 kr in whole kronor
    }
    assert [t["date"] for t in figures["events"]] == ["2026-01-15", "2026-06-30"]

    sign_in(client, coordinator)
    page = client.get("/intern/kompetensutveckling/").content.decode()
    table = page[
        page.index('id="per-half-year"') : page.index("</table>", page.index("per-half-year"))
    ]
    row = re.search(r"januari–juni 2026</th>(.*?)</tr>", table).group(1)
    cells = [re.sub(r"\s", "", c) for c in re.findall(r'<td class="number">(.*?)</td>', row)]
    assert cells == ["2", "23", "2", "25", "50500"]

    report = client.get("/intern/rapporter/2026/1/").content.decode()
    assert "Kompetensutveckling</h3>" in report
    assert "Utbildade personer (deltagarplatser)" in report


def test_half_kronor_are_rounded_up_alike_in_the_report_and_on_the_staff_page(
    world, municipality, client
):
    """Python's round() rounds half to even: 12 500,50 kr was 12 500 in the report's list,
    12 501 on the staff page, and the half-year's 63 000,50 became 63 000 beside rows that
    add up to 63 001."""
    coordinator = world["users"]["coordinator"]
    training(municipality, coordinator, dt.date(2026, 2, 1), staff=1, elected=0, cost="12500.50")
    training(municipality, coordinator, dt.date(2026, 3, 1), staff=1, elected=0, cost="12000")
    training(municipality, coordinator, dt.date(2026, 4, 1), staff=1, elected=0, cost="38500")
    figures = report_context(municipality, PERIOD)["figures"]["trainings"]
    assert [t["cost_sek"] for t in figures["events"]] == [12501, 12000, 38500]
    assert {row["label"]: row["value"] for row in figures["totals"]}["Kostnad (kr)"] == 63001

    sign_in(client, coordinator)
    page = re.sub(r"\s", "", client.get("/intern/kompetensutveckling/").content.decode())
    assert '<tdclass="number">12501</td>' in page and '<tdclass="number">63001</td>' in page


def test_the_report_lists_news_published_in_the_period(world, municipality, client):
    def item(title, published, kind=NewsKind.PUBLIC, status=NewsStatus.PUBLISHED):
        return NewsItem.objects.create(
            municipality=municipality,
            title_sv=title,
            slug="n",
            body_sv="Text.",
            kind=kind,
            status=status,
            published_at=timezone.make_aware(dt.datetime(*published, 12)),
        )

    item("Vänortsbesök i maj", (2026, 5, 2))
    item("Intern nyhet om EU-dagen", (2026, 2, 1), kind=NewsKind.INTERNAL)
    item("Arkiverad men publicerad i perioden", (2026, 3, 1), status=NewsStatus.ARCHIVED)
    item("Förra halvåret", (2025, 12, 30))
    news = report_context(municipality, PERIOD)["figures"]["news_published"]
    assert [n["title"] for n in news] == [
        "Intern nyhet om EU-dagen",
        "Arkiverad men publicerad i perioden",
        "Vänortsbesök i maj",
    ]
    sign_in(client, world["users"]["coordinator"])
    report = client.get("/intern/rapporter/2026/1/").content.decode()
    assert "Publicerade nyheter</h3>" in report and "Vänortsbesök i maj" in report
    assert "Förra halvåret" not in report


@pytest.mark.parametrize(
    ("module", "labels"),
    [("monitoring", informing.EU_LABELS), ("calls", informing.CALLS_LABELS)],
)
def test_every_eu_and_calls_figure_has_its_label_in_the_report(module, labels):
    """A field added to their figures without a label here would be left out of the report."""
    from django.apps import apps

    if not apps.is_installed(f"projektdatabas.{module}"):
        pytest.fail(f"projektdatabas.{module} is not installed")
    figures = __import__(f"projektdatabas.{module}.figures", fromlist=["HalfYearFigures"])
    assert {f.name for f in dataclasses.fields(figures.HalfYearFigures)} == set(labels)


def test_the_report_shows_the_eu_and_calls_figures(world, municipality):
    context = report_context(municipality, PERIOD)
    shown = {part.key: part for part in context["sections"]}
    for key, labels in (("eu_items", informing.EU_LABELS), ("calls", informing.CALLS_LABELS)):
        assert [row["label"] for row in shown[key].data] == [str(v) for v in labels.values()]


@pytest.fixture
def management_group(world, municipality):
    coordinator = world["users"]["coordinator"]
    group = services.save_group(
        group=Group(municipality=municipality, kind=GroupKind.MANAGEMENT, name="Ledningsgruppen"),
        actor=coordinator,
    )

    def member(name, email="", *, user=None, ends_on=None):
        return services.save_member(
            member=GroupMember(
                group=group,
                name=name,
                role="Kommunalråd",
                email=email,
                user=user,
                starts_on=dt.date(2025, 1, 1),
                ends_on=ends_on,
            ),
            actor=coordinator,
        )

    member("Alva Kommunalråd", "alva@example.org")
    member("Kim Dubbel", "KIM@example.org")  # already on the list, in other letters
    member("Utan Adress")
    member("Slutat Tidigare", "slutat@example.org", ends_on=dt.date(2025, 6, 30))
    member("Lena Läsare", user=world["users"]["reader"])  # the account's address
    Recipient.objects.create(
        municipality=municipality, name="Kim Sekreterare", email="kim@example.org"
    )
    return group


def test_the_management_group_receives_the_report_with_the_board(
    world, municipality, management_group, client, django_capture_on_commit_callbacks
):
    coordinator = world["users"]["coordinator"]
    report = finalise_report(municipality=municipality, period=PERIOD, actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        sending = send_report(report=report, actor=coordinator)
    expected = {"kim@example.org", "alva@example.org", world["users"]["reader"].email}
    assert set(sending.recipients) == expected and len(sending.recipients) == 3
    assert {address for m in mail.outbox for address in m.to} == expected
    alva = next(m for m in mail.outbox if m.to == ["alva@example.org"])
    assert "Alva Kommunalråd" in alva.body and alva.attachments[0][2] == "application/pdf"

    sign_in(client, coordinator)
    page = client.get("/intern/rapporter/sandlista/").content.decode()
    section = page[page.index("Ledningsgruppen får också rapporten") :]
    assert "Alva Kommunalråd, Kommunalråd, Ledningsgruppen: alva@example.org" in section
    assert "Utan Adress har ingen e-postadress i gruppen" in section
    assert "KIM@example.org" not in section and "slutat@example.org" not in section
