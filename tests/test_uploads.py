"""The progress import against hostile files: each crafted file is built here, byte by byte,
and sent through the staff upload page. A file that cannot be read is a Swedish error on the
page and nothing is written; reading any file stays within a few megabytes of memory."""

import secrets
import struct
import tracemalloc
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projektdatabas.planning.models import Measure
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db
MB = 1024 * 1024

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
{shared}</Types>"""
SHARED_TYPE = """<Override PartName="/xl/sharedStrings.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"""
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Target="xl/workbook.xml"
 Type="{RELS}/officeDocument"/></Relationships>"""
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>
<sheet name="Framsteg" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PACKAGE_RELS}">
<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="{RELS}/worksheet"/>{{shared}}
</Relationships>"""
SHARED_REL = f'<Relationship Id="rId2" Target="sharedStrings.xml" Type="{RELS}/sharedStrings"/>'


# --- building files ----------------------------------------------------------------------


def zip_file(members: dict[str, bytes | tuple[bytes, int, int]]) -> bytes:
    """A zip written by hand (deflate), so that a test can also give a member whose deflated
    bytes it made itself: (deflated, crc, size). No binary fixture is committed."""
    out, directory = bytearray(), bytearray()
    for name, data in members.items():
        if isinstance(data, bytes):
            packer = zlib.compressobj(6, zlib.DEFLATED, -15)
            deflated, crc, size = (
                packer.compress(data) + packer.flush(),
                zlib.crc32(data),
                len(data),
            )
        else:
            deflated, crc, size = data
        encoded = name.encode()
        sizes = struct.pack("<III", crc, len(deflated), size)
        offset = len(out)
        out += struct.pack("<IHHHHH", 0x04034B50, 20, 0, 8, 0, 0) + sizes
        out += struct.pack("<HH", len(encoded), 0) + encoded + deflated
        directory += struct.pack("<IHHHHHH", 0x02014B50, 20, 20, 0, 8, 0, 0) + sizes
        directory += struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(out), 0
    )
    return bytes(out + directory + end)


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet(rows: str, *, dimension: str = "A1:C3") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


HEADER = (
    f'<row r="1">{inline("A1", "nummer")}{inline("B1", "framsteg")}{inline("C1", "status")}</row>'
)


def progress_row(line: int, number: int, progress: str, status: str = "pågående") -> str:
    return (
        f'<row r="{line}"><c r="A{line}"><v>{number}</v></c><c r="B{line}"><v>{progress}</v></c>'
        f"{inline(f'C{line}', status)}</row>"
    )


def workbook(sheet_xml: bytes | tuple, shared: bytes | None = None) -> bytes:
    members = {
        "[Content_Types].xml": CONTENT_TYPES.format(shared=SHARED_TYPE if shared else "").encode(),
        "_rels/.rels": ROOT_RELS.encode(),
        "xl/workbook.xml": WORKBOOK.encode(),
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS.format(
            shared=SHARED_REL if shared else ""
        ).encode(),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if shared:
        members["xl/sharedStrings.xml"] = shared
    return zip_file(members)


def zip_bomb(unpacked_mb: int) -> bytes:
    """A workbook whose sheet is about 1 MB packed and `unpacked_mb` MB of rows unpacked, made
    in a fraction of a second: deflate turns each further megabyte of the same rows into the
    same bytes, so the packed stream is those bytes repeated (only the checksum reads it all)."""
    start = f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>{HEADER}'.encode()
    rows = b"<row><c><v>1</v></c><c><v>50</v></c></row>" * 25_000
    end = b"</sheetData></worksheet>"
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(start + rows) + packer.flush(zlib.Z_SYNC_FLUSH)
    repeated = packer.compress(rows) + packer.flush(zlib.Z_SYNC_FLUSH)
    assert packer.compress(rows) + packer.flush(zlib.Z_SYNC_FLUSH) == repeated
    count = unpacked_mb * 1024 * 1024 // len(rows)
    last = packer.compress(end) + packer.flush()
    crc = zlib.crc32(start + rows)
    for _ in range(count - 1):
        crc = zlib.crc32(rows, crc)
    crc = zlib.crc32(end, crc)
    size = len(start) + count * len(rows) + len(end)
    return workbook((first + repeated * (count - 1) + last, crc, size))


# --- sending them ------------------------------------------------------------------------


@pytest.fixture
def upload(world, client):
    """Posts a file to the import page as the department's representative; returns the
    response and the peak of Python memory allocated while the server handled it."""
    import openpyxl.reader.excel  # noqa: F401 - loading the module is not reading a file

    sign_in(client, world["users"]["rep"])
    url = f"/intern/handlingsplaner/{world['plan'].pk}/import/"
    assert client.get(url).status_code == 200  # templates and URLs loaded before measuring

    def send(name: str, content: bytes):
        file = SimpleUploadedFile(name, content)
        tracemalloc.start()
        try:
            response = client.post(url, {"file": file})
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        return response, peak

    return send


def refused(response) -> str:
    """The page's list of problems; the page must say nothing was saved."""
    assert response.status_code == 200
    html = response.content.decode()
    assert "Inget sparades" in html
    return html


def unchanged(world):
    measure = Measure.objects.get(pk=world["measure"].pk)
    assert (measure.progress, measure.status) == (0, "not_started")


# --- xlsx ---------------------------------------------------------------------------------


def padded(last_row: int) -> bytes:
    """A 2 kB sheet that says it spans A1:XFD<last_row> and has that last row (empty, as
    Excel writes a formatted one). Read-only openpyxl padded each row up to the last to
    16,384 cells: 250 MB for 2,000 rows, 2.6 GB for 20,000, and a MemoryError for a million."""
    rows = HEADER + progress_row(2, 1, "60") + f'<row r="{last_row}"/>'
    return workbook(sheet(rows, dimension=f"A1:XFD{last_row}"))


def test_a_declared_dimension_does_not_pad_the_rows(world, upload):
    content = padded(2000)
    assert len(content) < 3000
    response, peak = upload("framsteg.xlsx", content)
    assert response.status_code == 302
    assert Measure.objects.get(pk=world["measure"].pk).progress == 60
    assert peak < 8 * MB


@pytest.mark.parametrize("last_row", [20_000, 1_048_576])
def test_reading_stops_at_the_row_limit_whatever_the_sheet_declares(world, upload, last_row):
    response, peak = upload("framsteg.xlsx", padded(last_row))
    assert "Filen fortsätter efter rad 5000, längre än en import läser" in refused(response)
    unchanged(world)
    assert peak < 8 * MB


def test_rows_beyond_the_declared_dimension_are_read_too(world, upload):
    """A sheet whose <dimension> is too small: what it declares is no reason to skip rows
    (the import once read only up to the declared row and dropped the rest unseen)."""
    rows = HEADER + progress_row(2, 1, "70") + progress_row(3, 99, "10")
    response, _peak = upload("framsteg.xlsx", workbook(sheet(rows, dimension="A1:C2")))
    assert "Rad 3: planen har ingen åtgärd 99." in refused(response)
    unchanged(world)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(world, upload):
    content = zip_bomb(unpacked_mb=400)
    assert len(content) < 2 * MB  # within the form's own limit: the sizes must stop it
    response, peak = upload("framsteg.xlsx", content)
    assert "Arbetsboken packas upp till mer än en import kan läsa" in refused(response)
    unchanged(world)
    assert peak < 16 * MB  # the 1.2 MB upload is copied a few times; none of the 400 MB


def test_a_tightly_packed_workbook_under_the_size_limit_is_refused(world, upload):
    """Three megabytes of rows that pack some 300 times over: within the sizes, but no
    spreadsheet packs like that."""
    response, _peak = upload("framsteg.xlsx", zip_bomb(unpacked_mb=3))
    assert "högst 100 gånger sin packade storlek" in refused(response)
    unchanged(world)


@pytest.mark.parametrize(
    "members",
    [
        {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"},
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>"},
    ],
    ids=["opendocument", "word"],
)
def test_a_zip_that_is_not_a_workbook_is_refused(world, upload, members):
    response, _peak = upload("framsteg.xlsx", zip_file(members))
    assert "Filen är inte en Excel-arbetsbok (.xlsx)" in refused(response)
    unchanged(world)


def test_a_file_that_is_not_a_zip_is_refused(world, upload):
    response, _peak = upload("framsteg.xlsx", b"nummer;framsteg;status\n1;50;klar\n")
    assert "Filen gick inte att läsa som en Excel-arbetsbok." in refused(response)
    unchanged(world)


def test_a_row_far_below_a_small_declared_dimension_is_not_skipped(world, upload):
    """A row that the declared A1:C3 leaves out is still in the file: the import once
    dropped it unseen; now it reaches the row limit and says so."""
    rows = HEADER + progress_row(2, 1, "60") + progress_row(1_048_576, 1, "70")
    response, peak = upload("framsteg.xlsx", workbook(sheet(rows)))
    assert "Filen fortsätter efter rad 5000" in refused(response)
    unchanged(world)
    assert peak < 8 * MB


def test_a_cell_far_to_the_right_is_refused(world, upload):
    rows = HEADER + progress_row(2, 1, "60").replace("</row>", inline("XFD2", "x") + "</row>")
    response, _peak = upload("framsteg.xlsx", workbook(sheet(rows)))
    assert "Rad 2 har innehåll efter kolumn 50" in refused(response)
    unchanged(world)


def test_a_row_of_seventy_thousand_cells_is_refused_before_it_is_parsed(world, upload):
    """Half a megabyte packed, well within the sizes, but each cell would become objects of
    some 500 bytes while the row is read (170 MB for 300,000 of them)."""
    cells = "".join(f'<c r="A{n}"/>' for n in range(70_000))
    response, peak = upload("framsteg.xlsx", workbook(sheet(HEADER + f'<row r="2">{cells}</row>')))
    assert "Arbetsboken innehåller fler delar, celler eller formateringar" in refused(response)
    unchanged(world)
    assert peak < 8 * MB


def test_entities_are_refused(world, upload):
    """An entity that stands for a thousand cells, used a thousand times: the counting never
    sees those cells, so a document type declaration is not read at all."""
    cells = "<c/>" * 1000
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY many "{cells}">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER}<row r="2">{"&many;" * 1000}</row>'
        "</sheetData></worksheet>"
    ).encode()
    response, peak = upload("framsteg.xlsx", workbook(xml))
    assert "Filen gick inte att läsa som en Excel-arbetsbok." in refused(response)
    unchanged(world)
    assert peak < 8 * MB


def test_a_long_shared_string_in_every_row_is_not_copied_into_every_error(world, upload):
    """One incompressible megabyte, stored once and used as the status of 400 rows: the page
    names each row's problem with the start of it, not 400 copies of a megabyte."""
    text = secrets.token_urlsafe(MB)[:MB]
    shared = f'<sst xmlns="{MAIN}"><si><t>{text}</t></si></sst>'.encode()
    rows = HEADER + "".join(
        f'<row r="{n}"><c r="A{n}"><v>1</v></c><c r="B{n}"><v>5</v></c>'
        f'<c r="C{n}" t="s"><v>0</v></c></row>'
        for n in range(2, 402)
    )
    response, peak = upload("framsteg.xlsx", workbook(sheet(rows), shared=shared))
    html = refused(response)
    assert f"Rad 2: okänd status ”{text[:100]}…”" in html
    assert len(html) < 200_000
    unchanged(world)
    assert peak < 16 * MB  # the workbook itself holds the megabyte a few times


def test_numbers_that_overflow_in_a_workbook_are_row_errors(world, upload):
    rows = HEADER + progress_row(2, 1, "1e309") + progress_row(3, 1, "-1e400")
    response, _peak = upload("framsteg.xlsx", workbook(sheet(rows)))
    html = refused(response)
    assert "Rad 2: framsteg ska vara ett heltal från 0 till 100." in html
    assert "Rad 3: framsteg ska vara ett heltal från 0 till 100." in html
    unchanged(world)


def test_a_number_too_long_for_python_is_an_unreadable_workbook(world, upload):
    rows = HEADER + progress_row(2, 1, "9" * 5000)
    response, _peak = upload("framsteg.xlsx", workbook(sheet(rows)))
    assert "Filen gick inte att läsa som en Excel-arbetsbok." in refused(response)
    unchanged(world)


# --- csv ----------------------------------------------------------------------------------


def test_overflowing_and_non_numbers_as_progress_are_row_errors(world, upload):
    text = "nummer;framsteg;status\n1;1e309;pågående\n1;inf;pågående\n1;nan;pågående\n"
    response, _peak = upload("framsteg.csv", text.encode())
    html = refused(response)
    for line in (2, 3, 4):
        assert f"Rad {line}: framsteg ska vara ett heltal från 0 till 100." in html
    unchanged(world)


def test_a_byte_neither_utf8_nor_windows_1252_is_named(world, upload):
    content = "nummer;framsteg;status\n1;50;pågående\n".encode("cp1252") + b"1;5\x81;klar\n"
    response, _peak = upload("framsteg.csv", content)
    html = refused(response)
    assert "Rad 3: byten 0x81 går inte att läsa som text" in html
    assert "Spara den som ”CSV UTF-8”" in html
    unchanged(world)


def test_a_cell_longer_than_csv_reads_is_a_row_error(world, upload):
    text = "nummer;framsteg;status\n1;50;pågående\n1;" + "5" * 140_000 + ";klar\n"
    response, _peak = upload("framsteg.csv", text.encode())
    html = refused(response)
    assert "Rad 3 gick inte att läsa: en cell är längre än 131\u00a0072 tecken" in html
    unchanged(world)


def test_a_value_beyond_the_last_column_read_is_refused(world, upload):
    text = "nummer;framsteg;status\n1;50;pågående" + ";" * 60 + "x\n"
    response, _peak = upload("framsteg.csv", text.encode())
    assert "Rad 2 har innehåll efter kolumn 50" in refused(response)
    unchanged(world)


def test_empty_columns_to_the_right_are_fine(world, upload):
    text = "nummer;framsteg;status" + ";" * 300 + "\n1;40;pågående" + ";" * 300 + "\n"
    response, _peak = upload("framsteg.csv", text.encode())
    assert response.status_code == 302
    assert Measure.objects.get(pk=world["measure"].pk).progress == 40


# --- what the spreadsheet shows -------------------------------------------------------------


def test_a_cell_formatted_as_per_cent_is_read_as_it_shows(world, upload):
    """Excel stores 50 % as 0.5; read as a plain number it became progress 0 without a word."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet_ = book.active
    sheet_.append(["nummer", "framsteg", "status"])
    sheet_.append([1, 0.5, "pågående"])
    sheet_["B2"].number_format = "0%"
    out = io.BytesIO()
    book.save(out)
    response, _peak = upload("framsteg.xlsx", out.getvalue())
    assert response.status_code == 302
    assert Measure.objects.get(pk=world["measure"].pk).progress == 50


def test_a_fraction_of_a_per_cent_is_a_row_error_not_cut_off(world, upload):
    response, _peak = upload("framsteg.csv", "nummer;framsteg;status\n1;99,9;pågående\n".encode())
    assert "Rad 2: framsteg ska vara ett heltal från 0 till 100." in refused(response)
    unchanged(world)


def test_excel_unicode_text_a_misnamed_workbook_and_a_blank_first_line(world, upload):
    """What Excel and people hand in besides CSV: UTF-16 "Unicode text", a workbook named
    .csv, and a blank line above the header."""
    utf16 = "nummer\tframsteg\tstatus\r\n1\t30\tpågående\r\n".encode("utf-16")
    response, _peak = upload("framsteg.txt", utf16)
    assert response.status_code == 302
    assert Measure.objects.get(pk=world["measure"].pk).progress == 30

    response, _peak = upload("framsteg.csv", workbook(sheet(HEADER + progress_row(2, 1, "70"))))
    assert "Filen är en Excel-arbetsbok med ett annat namn. Ge den namnet .xlsx" in refused(
        response
    )

    response, _peak = upload(
        "framsteg.csv", "\n;;\nnummer;framsteg;status\n1;45;pågående\n".encode()
    )
    assert response.status_code == 302
    assert Measure.objects.get(pk=world["measure"].pk).progress == 45


def test_a_quotation_mark_left_open_is_an_error_not_a_value(world, upload):
    response, _peak = upload("framsteg.csv", 'nummer;framsteg;status\n1;50;"pågående\n'.encode())
    assert "Rad 2 gick inte att läsa" in refused(response)
    unchanged(world)
