"""What the system writes for others to open cannot be turned against them: no CSV cell is
a spreadsheet formula, feed items carry staff text as text, the calendar has no stray control
characters, and a name with dollar signs is drawn as the name, not as maths."""

import base64
import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

import projektdatabas
from projektdatabas.finance.models import Funding, FundingSource, Receipt
from projektdatabas.projects.models import Programme, Project, Theme
from projektdatabas.strategy.models import Orientation
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

FORMULAS = [
    '=HYPERLINK("http://x","Klicka")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
]
MATHS = r"Interreg $\frac{1}{$"


def read_csv(response) -> list[list[str]]:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_the_writer_neutralises_text_and_keeps_numbers():
    from projektdatabas.core.spreadsheets import csv_writer

    out = io.StringIO()
    csv_writer(out).writerow(["-5", -5, Decimal("-2.50"), 1.5, "\tx", "\r=1", "a=b", None])
    # Text quoted (a separator inside it stays inside), numbers bare (they stay numbers).
    assert out.getvalue() == '\ufeff"\'-5";-5;-2.50;1.5;"\'\tx";"\'\r=1";"a=b";""\r\n'


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (" =1+1", "' =1+1"),  # LibreOffice may trim the space on import
        ("\u00a0=4+4", "'\u00a0=4+4"),
        ("＝1+1", "'＝1+1"),  # Excel reads the full-width sign as =
        ("Ale,=cmd|' /C calc'!A0", "Ale,'=cmd|' /C calc'!A0"),
        ("Ale; @SUM(1)", "Ale; '@SUM(1)"),
        ("Ale, Kaufungen och Bertinoro", "Ale, Kaufungen och Bertinoro"),
    ],
)
def test_no_formula_hides_behind_spaces_wide_signs_or_a_comma(text, written):
    from projektdatabas.core.spreadsheets import neutralise

    assert neutralise(text) == written


def test_a_comma_separated_reading_of_the_file_finds_no_formula_cell():
    """English Excel splits this semicolon file at commas, quotes or not: no piece may start
    with a formula character."""
    from projektdatabas.core.spreadsheets import csv_writer

    out = io.StringIO()
    csv_writer(out).writerow(["Ale,=cmd|' /C calc'!A0", "skol,=HYPERLINK(1)", "x, -2+3+cmd|a"])
    for row in csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff")), delimiter=","):
        for cell in row:
            assert not cell.lstrip(' "').startswith(("=", "+", "-", "@")), cell


def test_no_module_writes_a_spreadsheet_around_the_helper():
    """The next export cannot forget: csv.writer and openpyxl's Workbook appear only in
    core/spreadsheets/writing.py."""
    root = Path(projektdatabas.__file__).parent
    writers = re.compile(r"\bcsv\.(writer|DictWriter)\(|\bWorkbook\(")
    found = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.relative_to(root) != Path("core/spreadsheets/writing.py")
        and writers.search(path.read_text())
    ]
    assert found == []


# --- CSV ----------------------------------------------------------------------------------


@pytest.fixture
def formula_projects(make_project, publish):
    projects = [
        make_project(title_sv=title, total_budget=Decimal("250000"), participants=12)
        for title in FORMULAS
    ]
    for project in projects:
        publish(project)
    return projects


def test_project_csv_neutralises_formulas(client, formula_projects):
    rows = read_csv(client.get("/projekt.csv"))
    titles = {row[0]: row for row in rows[1:]}
    assert set(titles) == {"'" + title for title in FORMULAS}
    for row in titles.values():
        assert row[11] == "12" and row[13] == "250000"  # numbers stay numbers


@pytest.fixture
def formula_statistics(world, make_project, publish):
    """A published project whose programme, department, theme and orientation are each
    named like a formula, with EU money received."""
    department = world["department"]
    department.name = "@SUM(1+1)"
    department.save()
    project = make_project(title_sv="Projekt med konstiga namn", status="ongoing")
    project.themes.add(Theme.objects.create(slug="t", name_sv="+cmd|' /C calc'!A0"))
    orientation = Orientation.objects.get(name_sv="Samarbete")
    orientation.name_sv = "-2+3"
    orientation.save()
    project.orientations.add(orientation)
    programme = Programme.objects.create(name='=HYPERLINK("http://x","Klicka")', is_eu=True)
    Receipt.objects.create(
        project=project,
        programme=programme,
        amount=Decimal("25000"),
        received_on=dt.date(2026, 4, 15),
    )
    publish(project)


@pytest.mark.parametrize("prefix", ["", "/intern"])
def test_statistics_csvs_neutralise_formulas(client, world, formula_statistics, prefix):
    if prefix:
        sign_in(client, world["users"]["coordinator"])
    cells = {
        "eu-per-program": ['\'=HYPERLINK("http://x","Klicka")', "25000"],
        "eu-per-forvaltning": ["'@SUM(1+1)", "25000"],
        "projekt-per-tema": ["'+cmd|' /C calc'!A0", "1"],
        "projekt-per-inriktning": ["'-2+3", "1"],
    }
    for slug, row in cells.items():
        rows = read_csv(client.get(f"{prefix}/statistik/{slug}.csv"))
        assert row in rows[1:], (slug, rows)


def test_progress_csv_neutralises_formulas(client, world):
    measure = world["measure"]
    for number, text in enumerate(FORMULAS, start=2):
        measure.pk, measure.number, measure.description_sv = None, number, text
        measure.progress = 40
        measure.save()
    sign_in(client, world["users"]["coordinator"])
    rows = read_csv(client.get(f"/intern/handlingsplaner/{world['plan'].pk}/framsteg.csv"))
    assert rows[0][:3] == ["nummer", "framsteg", "status"]
    by_number = {row[0]: row for row in rows[1:]}
    for number, text in enumerate(FORMULAS, start=2):
        assert by_number[str(number)][1] == "40"  # a number, as the import reads it back
        assert by_number[str(number)][3] == "'" + text


# --- feeds --------------------------------------------------------------------------------

SCRIPT_TITLE = "<script>alert(1)</script> Vänort & skola"
IMAGE_SUMMARY = "<img src=x onerror=alert(1)> Elever reser."


class _Tags(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append(tag)


def as_html_text(text: str) -> str:
    """Text that a reader takes as HTML: it must make no element, and show what was typed."""
    assert _Tags(text).found == []
    return unescape(text)


def feed(client, url: str) -> ET.Element:
    return ET.fromstring(client.get(url).content)  # noqa: S314 - the site's own feed


@pytest.fixture
def markup_project(make_project, publish):
    return publish(make_project(title_sv=SCRIPT_TITLE, public_summary_sv=IMAGE_SUMMARY))


def test_rss_items_carry_markup_as_text(client, markup_project):
    channel = feed(client, "/flode/rss/").find("channel")
    (item,) = channel.findall("item")
    assert list(item.find("title")) == [] and list(item.find("description")) == []
    assert as_html_text(item.findtext("title")) == SCRIPT_TITLE
    assert as_html_text(item.findtext("description")) == IMAGE_SUMMARY


def test_atom_entries_carry_markup_as_text(client, markup_project):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    (entry,) = feed(client, "/flode/atom/").findall("a:entry", ns)
    title, summary = entry.find("a:title", ns), entry.find("a:summary", ns)
    # Atom says how to read each: a title without a type is plain text, shown as it is.
    assert title.get("type", "text") == "text" and title.text == SCRIPT_TITLE
    assert summary.get("type") == "html" and list(summary) == []
    assert as_html_text(summary.text) == IMAGE_SUMMARY


# --- iCalendar ----------------------------------------------------------------------------


def test_calendar_text_has_no_control_characters(client, world):
    measure = world["measure"]
    # (No NUL: PostgreSQL's text cannot hold it, so it never reaches the calendar.) Saved
    # past the cleaning every save now does (tests/test_typed_text.py), as a row from
    # before it may be: the calendar cleans what it writes too.
    type(measure).objects.filter(pk=measure.pk).update(
        description_sv="Första\rAndra\r\nTredje\nFjärde\x0b\x01\x1bslut\ttab",
        deadline=dt.date.today() + dt.timedelta(days=30),
    )
    body = client.get("/styrningskalender.ics").content.decode()
    assert re.search(r"\r(?!\n)", body) is None  # every CR ends a line, with its LF
    assert re.search(r"(?<!\r)\n", body) is None
    assert re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", body) is None
    unfolded = body.replace("\r\n ", "")
    assert "Första\\nAndra\\nTredje\\nFjärdeslut\ttab" in unfolded


# --- charts -------------------------------------------------------------------------------


@pytest.fixture
def maths_programme(world, make_project, publish):
    """A programme whose name matplotlib would parse as (broken) mathtext, with money in
    every chart that shows programmes: the public and staff statistics and the report."""
    programme = Programme.objects.create(name=MATHS, is_eu=True)
    Project.objects.all().update(status="idea")
    project = make_project(title_sv="Ett Interreg-projekt", status="ongoing")
    Funding.objects.create(
        project=project,
        source=FundingSource.EU_GRANT,
        programme=programme,
        amount=Decimal("100000"),
    )
    Receipt.objects.create(
        project=project,
        programme=programme,
        amount=Decimal("40000"),
        received_on=dt.date(2026, 3, 1),
    )
    publish(project)


def chart_texts(html: str) -> list[str]:
    """The text of every chart on a page (the charts are SVG in data: addresses)."""
    return [
        base64.b64decode(data).decode()
        for data in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html)
    ]


def test_a_programme_named_with_dollars_is_drawn_as_text(client, world, maths_programme):
    response = client.get("/statistik/")
    assert response.status_code == 200
    assert any(MATHS in svg for svg in chart_texts(response.content.decode()))
    sign_in(client, world["users"]["coordinator"])
    for url in (
        "/intern/statistik/",
        "/intern/rapporter/2026/1/",
        "/intern/rapporter/2026/1/rapport.pdf",
        "/intern/rapporter/2026/1/rapport.docx",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    report = client.get("/intern/rapporter/2026/1/").content.decode()
    assert any(MATHS in svg for svg in chart_texts(report))
