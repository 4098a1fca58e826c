"""The report's sections and pages: the page, the PDF and the Word file have the same
sections, defined once (reporting/sections.py), and every page of the PDF keeps all of its
content inside its margins, however long the names and large the sums."""

import datetime as dt
import html as html_lib
import io
import re
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from docx import Document

from projektdatabas.finance.models import AnnualAllocation, Funding, FundingSource, Receipt
from projektdatabas.governance.models import Decision
from projektdatabas.groups.models import Training
from projektdatabas.news.models import NewsItem
from projektdatabas.organisations.models import (
    Committee,
    Department,
    Organisation,
    Twinning,
    TwinningEvent,
)
from projektdatabas.planning.models import Measure
from projektdatabas.projects.models import Programme, ProjectPartner, Theme
from projektdatabas.reporting import sections
from projektdatabas.reporting.documents import standalone_html
from projektdatabas.reporting.layout import check_html
from projektdatabas.reporting.periods import HalfYear
from projektdatabas.reporting.services import finalise_report, render_report, report_context
from projektdatabas.strategy.models import Orientation
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db
PERIOD = HalfYear(2026, 1)
URL = "/intern/rapporter/2026/1/"
# A compound of 45 letters, as Swedish makes them, and sums in the tens of billions.
COMPOUND = "Arbetsmarknadsintegrationssamverkansprojektet"
BILLIONS = Decimal("9876543210")


@pytest.fixture
def every_section(world, municipality, make_project, partner_abroad):
    """A half-year in which every section of the report has something to show, with long
    names everywhere a name is printed and sums that fill their columns: 24 ongoing projects
    on 24 programmes (a chart taller than a page), 12 themes, a decision in the period,
    projects lacking a decision (started and waiting), applications, a completed project,
    payments over ten years, the year's allocations, a twin town with an exchange and an
    event, the action plan, news published and a conference, and a finalised report for the
    half-year before."""
    committee = Committee.objects.create(
        municipality=municipality,
        name="Kommunstyrelsens arbetsutskott för internationella frågor och EU-samordning",
        short_name="KSAU",
    )
    department = Department.objects.create(
        municipality=municipality,
        name="Samhällsbyggnadsförvaltningens enhet för internationellt utvecklingssamarbete",
        committee=committee,
    )
    programmes = [
        Programme.objects.create(
            name=f"Interreg Öresund–Kattegat–Skagerrak 2021–2027, delprogram {n:02}", is_eu=True
        )
        for n in range(24)
    ]
    themes = [
        Theme.objects.create(
            slug=f"tema-{n}",
            name_sv=f"Hållbar samhällsutveckling och klimatanpassningsarbete {n:02}",
            name_en="Theme",
        )
        for n in range(12)
    ]
    twin_town = Organisation.objects.create(
        name="Gemeinde Kaufungen im Landkreis Kassel, Regierungsbezirk Kassel, Nordhessen",
        kind="municipality",
        country="DE",
    )
    twinning = Twinning.objects.create(municipality=municipality, partner=twin_town, slug="k")
    TwinningEvent.objects.create(
        twinning=twinning,
        date=dt.date(2026, 5, 9),
        kind="visit",
        title_sv=f"Delegationsbesök om {COMPOUND.lower()} och ungdomsutbyten",
    )

    def project(n, **fields):
        values = {
            "title_sv": f"{COMPOUND} {n:02}: samarbete kring kompetensförsörjning i Europa",
            "lead_department": department,
            "status": "ongoing",
            "start_date": dt.date(2025, 1, 1),
            "end_date": dt.date(2027, 12, 31),
        }
        return make_project(**(values | fields))

    def fund(p, source, amount, **fields):
        Funding.objects.create(project=p, source=source, amount=amount, **fields)

    for n in range(24):
        p = project(n)
        p.themes.add(themes[n % 12])
        fund(p, FundingSource.EU_GRANT, BILLIONS, programme=programmes[n])
        fund(p, FundingSource.MUNICIPAL_MONEY, BILLIONS / 10)
        fund(p, FundingSource.MUNICIPAL_STAFF_TIME, BILLIONS / 9, staff_hours=Decimal("99999999.9"))
        for year in range(2017, 2027):
            Receipt.objects.create(
                project=p,
                amount=BILLIONS / 8,
                received_on=dt.date(year, 3, 1),
                programme=programmes[n],
            )
        if n % 6:  # a sixth of them started without the decision
            Decision.objects.create(
                project=p,
                committee=committee,
                kind="committee",
                decided_on=dt.date(2026, 2, 1 + n),
                case_number=f"KSAU 2026/{n:06}-{COMPOUND[:20]}",
                outcome="approved",
                approved_cofinancing_sek=Decimal("99999999999"),
            )
        if n < 2:
            ProjectPartner.objects.create(project=p, organisation=twin_town)
    new = project(90, start_date=dt.date(2026, 2, 1))
    fund(new, FundingSource.EU_GRANT, BILLIONS)
    waiting = project(91, status="application", applied_on=dt.date(2026, 3, 2))
    fund(waiting, FundingSource.MUNICIPAL_MONEY, BILLIONS)
    done = project(
        92,
        status="completed",
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2026, 4, 30),
        results_sv=f"{COMPOUND} gav {COMPOUND.lower()}s deltagare arbete. " * 4,
    )
    fund(done, FundingSource.EU_GRANT, BILLIONS)
    for purpose in ("twinning", "project_preparation"):
        AnnualAllocation.objects.create(
            municipality=municipality, year=2026, purpose=purpose, amount=BILLIONS
        )
    orientation = Orientation.objects.create(
        area=world["measure"].orientation.area,
        number=2,
        name_sv=f"{COMPOUND}: att öka kommuninvånarnas delaktighet i det internationella arbetet",
    )
    Measure.objects.create(
        plan=world["plan"],
        number=2,
        orientation=orientation,
        responsible_department=department,
        deadline=dt.date(2026, 6, 30),
        description_sv="En åtgärd",
    )
    NewsItem.objects.create(
        municipality=municipality,
        title_sv=f"{COMPOUND}: nyhet om vänortsutbyten och ungdomsutbyten i Europa",
        slug="nyhet",
        status="published",
        published_at=dt.datetime(2026, 3, 3, 12, tzinfo=dt.UTC),
    )
    Training.objects.create(
        municipality=municipality,
        title=f"{COMPOUND}: utbildningsdag om EU:s sammanhållningspolitik för förtroendevalda",
        kind="conference",
        starts_on=dt.date(2026, 4, 1),
        organiser=f"{COMPOUND}s regionala utvecklingsnämnd",
        cost_sek=BILLIONS,
        staff_count=999999,
        elected_count=999999,
    )
    finalise_report(
        municipality=municipality, period=HalfYear(2025, 2), actor=world["users"]["coordinator"]
    )


def html_headings(page: str) -> list[tuple[int, str]]:
    report = page[page.index('<article class="report"') : page.index("</article>")]
    return [
        (int(level), html_lib.unescape(re.sub(r"<[^>]+>", "", text)).strip())
        for level, text in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", report, re.S)
    ]


def word_headings(content: bytes) -> list[tuple[int, str]]:
    document = Document(io.BytesIO(content))
    return [
        (int(p.style.name.removeprefix("Heading ")), p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading ")
    ]


def test_the_page_and_the_word_file_have_the_same_sections(every_section, world, client):
    context = report_context(world["project"].municipality, PERIOD)
    # The fixture fills every section the report defines, sub-headings included.
    assert [part.key for part in context["sections"]] == [s.key for s in sections.SECTIONS]
    assert not [part.key for part in context["sections"] if part.empty]

    sign_in(client, world["users"]["coordinator"])
    page = html_headings(client.get(URL).content.decode())
    word = word_headings(client.get(URL + "rapport.docx").content)
    assert page == word
    assert (2, "Vad har ändrats sedan rapporten för juli–december 2025") in page
    assert (3, "Startade utan beslut (4)") in page and (3, "Per tema") in page
    assert (3, "Gemeinde Kaufungen im Landkreis Kassel, Regierungsbezirk Kassel, Nordhessen") in (
        page
    )


def test_a_section_defined_once_appears_in_both_files(world, client, monkeypatch):
    """Adding a section to the one list adds it to the page, the PDF and the Word file, in
    the same place (the Word file used to list its sections by hand)."""
    extra = sections.Section(
        "extra",
        gettext_lazy("Ongoing projects"),  # any heading with a Swedish translation
        2,
        sections.PARAGRAPHS,
        intro=gettext_lazy("Money"),
    )
    defined = sections.SECTIONS
    monkeypatch.setattr(sections, "SECTIONS", (*defined[:2], extra, *defined[2:]))
    sign_in(client, world["users"]["coordinator"])
    page = html_headings(client.get(URL).content.decode())
    word = word_headings(client.get(URL + "rapport.docx").content)
    assert page == word
    assert page[2] == word[2] == (2, "Pågående projekt") and page.count(page[2]) == 2


def test_every_page_keeps_its_content_inside_its_margins(every_section, world):
    """The money tables had seven columns and lost three of them past the right edge of an
    A4 page; a chart of many rows ran past the bottom. Every laid-out box, text and tables
    included, is checked against its page's content area."""
    municipality = world["project"].municipality
    context = report_context(municipality, PERIOD)
    html = standalone_html(render_report(context), PERIOD, draft=True, author=municipality.name)
    check = check_html(html)
    assert check.pages >= 8
    assert check.ok, str(check)


def test_the_layout_check_finds_what_runs_off_the_page():
    wide = "<tr>" + "<td style='white-space: nowrap'>9 876 543 210 kr</td>" * 9 + "</tr>"
    html = (
        "<html><head><style>@page { size: A4; margin: 20mm }</style></head><body>"
        f"<p>Ryms.</p><table>{wide}</table>"
        "<img style='display: block; width: 10mm; height: 400mm' src='data:image/svg+xml,"
        "%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E'></body></html>"
    )
    check = check_html(html)
    found = {(o.page, o.edge) for o in check.outside}
    assert (1, "right") in found and (2, "bottom") in found, str(check)
    assert "9 876 543 210 kr" in str(check)


@pytest.mark.parametrize("kind", ["years", "money short"])
def test_a_short_table_is_not_split_over_two_pages(kind):
    """The years' table left its last row, "2026 | 1 755 000", alone at the top of a page,
    and the themes' table its first row at the foot of one: a table of up to a dozen rows
    moves whole to the next page."""
    from weasyprint import HTML

    filler = "<p>Text som fyller sidan.</p>" * 22  # the table starts near the foot
    rows = "".join(f"<tr><th scope='row'>{2017 + n}</th><td>{n}</td></tr>" for n in range(10))
    table = f"<table class='data {kind}'><caption>Tabell</caption><tbody>{rows}</tbody></table>"
    document = HTML(string=standalone_html(filler + table, PERIOD, draft=False)).render()
    pages_with_rows = set()
    for number, page in enumerate(document.pages):
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if getattr(box, "element_tag", "") == "tr":
                pages_with_rows.add(number)
            stack.extend(getattr(box, "children", ()))
    assert len(document.pages) == 2 and pages_with_rows == {1}
