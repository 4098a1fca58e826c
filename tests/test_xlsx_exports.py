"""Every list with a CSV has an XLSX twin at the same address: the same rows, with dates as
dates, amounts as numbers, a frozen heading row, and no cell a formula, whatever the text."""

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from projektdatabas.core.spreadsheets import AMOUNT, DATE, Column, xlsx_file
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://x","Klicka")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    " =1+1",
    "＝1+1",
]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def sheet_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(body(response))).active


def csv_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig")), delimiter=";"))


def as_text(value) -> str:
    """A cell as the CSV writes it, to compare the two files row by row."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


def no_formulas(content: bytes) -> None:
    """No cell of any sheet is a formula: no <f> element, no cell of type "str"/"e"."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name)
                assert b"<f>" not in xml and b"<f " not in xml, name
                assert b't="str"' not in xml and b't="e"' not in xml, name


@pytest.fixture
def listed(make_project, publish, partner_abroad):
    """Public projects with dates, amounts, a partner, and one titled like each formula."""
    projects = [
        make_project(
            title_sv=title,
            total_budget=Decimal("250000"),
            participants=12,
            start_date=dt.date(2025, 3, 1),
        )
        for title in [*HOSTILE, "Vänortsutbyte med Kaufungen"]
    ]
    projects[-1].partnerships.create(organisation=partner_abroad, role="partner")
    projects[-1].end_date = None
    projects[-1].save()
    for project in projects:
        publish(project)
    return projects


def test_project_list_xlsx_has_dates_numbers_frozen_header(client, listed):
    response = client.get("/projekt.xlsx")
    assert 'filename="projekt.xlsx"' in response["Content-Disposition"]
    sheet = sheet_of(response)
    rows = list(sheet.iter_rows())
    headings = [cell.value for cell in rows[0]]
    assert headings[:3] == ["Titel", "Typ", "Status"]  # readable, in Swedish
    assert all(cell.font.b for cell in rows[0])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= 40
    start, budget, participants = (
        headings.index("Start"),
        headings.index("Total budget (SEK)"),
        headings.index("Deltagare"),
    )
    for row in rows[1:]:
        assert row[start].is_date and row[start].value == dt.datetime(2025, 3, 1)
        assert row[start].number_format == "yyyy-mm-dd"
        assert row[budget].data_type == "n" and row[budget].value == 250000
        assert row[budget].number_format == "#,##0"
        assert row[participants].value == 12


def test_hostile_titles_are_text_never_formulas(client, listed):
    response = client.get("/projekt.xlsx")
    content = body(response)
    no_formulas(content)
    sheet = load_workbook(io.BytesIO(content)).active
    titles = {row[0].value: row[0] for row in sheet.iter_rows(min_row=2)}
    for text in HOSTILE:
        cell = titles[text]  # as written, without an apostrophe added
        assert cell.data_type == "s"
        assert cell.quotePrefix  # stays text when someone edits the cell


def test_the_writer_never_writes_a_formula():
    """Straight to the writer: openpyxl alone makes any text starting with = a formula."""
    out = xlsx_file(
        [Column("A"), Column("B", DATE), Column("C", AMOUNT)],
        [
            ["=1+1", dt.date(2026, 1, 2), Decimal("-5")],
            ["ok\x07", None, 3],  # a control character XML cannot hold is dropped, not fatal
        ],
        title="Blad: [1]",
    )
    content = out.read()
    no_formulas(content)
    sheet = load_workbook(io.BytesIO(content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["A", "B", "C"],
        ["=1+1", dt.datetime(2026, 1, 2), -5],
        ["ok", None, 3],
    ]


def test_the_file_carries_no_time_of_writing(client, listed):
    """The same rows give the same bytes: a restored backup's export equals the original's
    (tests/test_backup.py compares them), which openpyxl's own save() would not give."""
    content = body(client.get("/projekt.xlsx"))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        properties = archive.read("docProps/core.xml").decode()
    assert str(dt.date.today().year) not in properties


def test_csv_and_xlsx_of_the_project_list_have_the_same_rows(client, listed):
    query = "?land=DE"
    csv_rows = csv_of(client.get("/projekt.csv" + query))
    sheet = sheet_of(client.get("/projekt.xlsx" + query))
    xlsx_rows = [[as_text(cell.value) for cell in row] for row in sheet.iter_rows()]
    assert len(csv_rows) == 2  # the filter reached both
    assert xlsx_rows == csv_rows


@pytest.mark.parametrize("prefix", ["", "/intern"])
def test_statistics_tables_have_xlsx_twins(client, world, listed, prefix):
    if prefix:
        sign_in(client, world["users"]["coordinator"])
    page = client.get(f"{prefix}/statistik/").content.decode()
    for slug in ("nyckeltal", "partner-per-land"):
        assert f'{slug}.xlsx"' in page  # linked beside the CSV
        csv_rows = csv_of(client.get(f"{prefix}/statistik/{slug}.csv"))
        sheet = sheet_of(client.get(f"{prefix}/statistik/{slug}.xlsx"))
        assert sheet.freeze_panes == "A2"
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert [[as_text(v) for v in row] for row in values] == csv_rows
        assert all(isinstance(row[1], int) for row in values[1:])  # numbers, not text
        assert sheet.cell(row=2, column=2).number_format == "#,##0"
    assert client.get(f"{prefix}/statistik/finns-inte.xlsx").status_code == 404


def test_progress_xlsx_matches_its_csv_and_reads_back(client, world):
    measure = world["measure"]
    measure.description_sv, measure.progress = "=HYPERLINK(1)", 40
    measure.save()
    sign_in(client, world["users"]["coordinator"])
    base = f"/intern/handlingsplaner/{world['plan'].pk}/framsteg"
    assert (
        f'{base}.xlsx"'
        in client.get(f"/intern/handlingsplaner/{world['plan'].pk}/").content.decode()
    )
    response = client.get(base + ".xlsx")
    content = body(response)
    no_formulas(content)
    sheet = load_workbook(io.BytesIO(content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["nummer", "framsteg", "status", "åtgärd", "ansvarig förvaltning"]
    assert rows[1][:2] == [1, 40] and rows[1][3] == "=HYPERLINK(1)"
    csv_rows = csv_of(client.get(base + ".csv"))
    assert csv_rows[1][3] == "'=HYPERLINK(1)"  # the CSV's own rule: an apostrophe
    assert [as_text(v) for v in rows[1][:3]] == csv_rows[1][:3]


def test_the_public_list_links_its_xlsx_with_the_same_filters(client, listed):
    page = client.get("/projekt/?land=DE").content.decode()
    assert 'href="/projekt.xlsx?land=DE"' in page
