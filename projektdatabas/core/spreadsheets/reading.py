"""Reading an uploaded CSV or XLSX file, bounded.

The file comes from outside, so reading it cannot be allowed to cost what the file asks
for: rows are read one at a time and reading stops at the limits below, an .xlsx is
measured unpacked before anything parses it, and whatever cannot be read is an error in the
uploader's language, never a crash. Cells come back as the text a person sees in the
spreadsheet (50 %, not 0.5), cut short past MAX_CELL characters."""

import csv
import datetime as dt
import io
import zipfile
import zlib
from collections.abc import Iterator

from django.utils.translation import gettext as _

from ..text import typed

# Rows read at most, empty ones included: an .xlsx may number its rows up to a million (and
# a crafted one further), and every skipped row number is an empty row to step over.
MAX_LINES = 5000
MAX_COLUMNS = 50
MAX_CELL = 100  # characters of a cell kept for checking; no number or status is longer
# An .xlsx is a zip of XML files. A real progress workbook unpacks to well under a megabyte;
# a zip bomb (a few MB packed, hundreds unpacked) is refused on the sizes its directory
# declares, before any XML is parsed. Python's zipfile never inflates a member past its
# declared size, so a directory that lies only truncates the member.
MAX_XLSX_MEMBER = 4 * 1024 * 1024
MAX_XLSX_TOTAL = 8 * 1024 * 1024
MAX_XLSX_RATIO = 100  # XML packs 5-20 times; 1000 times is a bomb
XLSX_REQUIRED = ("[Content_Types].xml", "xl/workbook.xml")
# Within those sizes, dense XML still costs: each element or attribute that openpyxl's
# parsers meet takes some 400-600 bytes while its part or row is read (one row of 300,000
# empty cells, 0.7 MB packed, took 170 MB). So the unpacked parts are counted first, in C:
# each `<` starts at most one element, each `=` at most one attribute. A 1,000-row progress
# workbook (five columns, written by openpyxl) has some 30,000 `<` and 12,000 `=`; at these
# bounds the worst workbook measured grew a worker by 32 MB.
MAX_XLSX_TAGS = 60_000
MAX_XLSX_ATTRIBUTES = 80_000
MAX_XLSX_MEMBERS = 1000  # files in the zip; Excel writes a dozen, more with pictures


class TableRefused(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


def read_table(
    name: str, content: bytes, *, max_cell: int = MAX_CELL
) -> Iterator[tuple[int, list[str]]]:
    """Each row of the file as (row number, cells as text), within the limits; a file past
    them is refused as soon as the reading gets there. Close the iterator when done early:
    that closes the workbook. `max_cell`: characters kept of a cell, for an import whose
    cells are texts (an EU act's title and summary) rather than numbers and statuses."""
    rows = _xlsx_rows(content) if name.lower().endswith(".xlsx") else _csv_rows(content)
    try:
        for line, cells in rows:
            if line > MAX_LINES:
                raise TableRefused(
                    [
                        _(
                            "The file goes on past row %(n)d, further than an import reads. "
                            "If the rows at its end are empty, delete them and send the file "
                            "again."
                        )
                        % {"n": MAX_LINES}
                    ]
                )
            if not all(_blank(cell) for cell in cells[MAX_COLUMNS:]):
                raise TableRefused(
                    [
                        _(
                            "Row %(line)d has something beyond column %(n)d. An import reads "
                            "at most %(n)d columns."
                        )
                        % {"line": line, "n": MAX_COLUMNS}
                    ]
                )
            yield line, [_text(cell, max_cell) for cell in cells[:MAX_COLUMNS]]
    finally:
        rows.close()  # stops the reader where the limits stopped reading


def _blank(cell) -> bool:
    # isspace() looks without copying: one long shared string can fill every cell of a sheet.
    if cell is None:
        return True
    value = getattr(cell, "value", cell)
    return value is None or (isinstance(value, str) and (not value or value.isspace()))


def _text(cell, max_cell: int = MAX_CELL) -> str:
    """A cell as the spreadsheet shows it, cut short: an over-long value is wrong anyway,
    and is then shown, not copied whole, in the error that names it."""
    value = getattr(cell, "value", cell)
    if value is None:
        return ""
    if isinstance(value, bool):
        text = str(value).upper()
    elif isinstance(value, int | float):
        # A cell formatted as per cent holds 0.5 for what it shows as 50 %.
        per_cent = "%" in (getattr(cell, "number_format", None) or "")
        number = value * 100 if per_cent else value
        text = (str(number) if isinstance(number, int) else f"{number:.10g}") + (
            " %" if per_cent else ""
        )
    elif isinstance(value, dt.datetime | dt.date):
        text = value.isoformat()
    else:
        # A NUL character shows as nothing in a spreadsheet, and PostgreSQL refuses to store
        # one: a text cell holding one would pass every check and fail the import's save.
        # The other control characters would stop the feeds (core/text.py).
        text = typed(str(value))
    return (text[:max_cell] + "…" if len(text) > max_cell else text).strip()


def _csv_rows(content: bytes):
    if content.startswith(b"PK\x03\x04"):
        raise TableRefused(
            [
                _(
                    "The file is an Excel workbook with another name. Name it .xlsx, or save "
                    "it as CSV, and send it again."
                )
            ]
        )
    text = _decode(content)
    # The separator is the one the header uses most (semicolon for Swedish Excel, comma,
    # or tab). csv.Sniffer guessed wrong when a later row had more or longer cells.
    header = text[:2048].partition("\n")[0]
    delimiter = max((";", ",", "\t"), key=header.count)
    # Strict: a quotation mark left open is an error, not a last cell that runs to the end.
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter, strict=True)
    line = 0
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as error:
            # A quotation mark left open, or stray text after a closing one, or a cell
            # longer than the csv module reads.
            limit = f"{csv.field_size_limit():,}".replace(",", "\u00a0")  # 131 072
            raise TableRefused(
                [
                    _(
                        "Row %(line)d could not be read: a cell is longer than %(n)s "
                        "characters, or a quotation mark is not closed."
                    )
                    % {"line": line + 1, "n": limit}
                ]
            ) from error
        if cells is None:
            return
        line += 1
        yield line, cells


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" (.txt) is UTF-16 with a byte-order mark, and tab-separated.
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")  # older Swedish Excel
    except UnicodeDecodeError as error:
        raise TableRefused(
            [
                _(
                    "Row %(line)d: the byte 0x%(byte)02X cannot be read as text; the file is "
                    "neither UTF-8 nor Windows-1252. Save it as “CSV UTF-8” and send it again."
                )
                % {
                    "line": content.count(b"\n", 0, error.start) + 1,
                    "byte": content[error.start],
                }
            ]
        ) from error


def _unreadable() -> TableRefused:
    return TableRefused([_("The file could not be read as an Excel workbook.")])


def _xlsx_rows(content: bytes):
    _check_xlsx(content)
    from openpyxl import load_workbook  # only for an upload

    # Any failure inside an untrusted workbook (bad XML, a missing part, a number too long
    # for Python) gets the same answer.
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001
        raise _unreadable() from exc
    try:
        sheet = book.active
        # A read-only sheet pads every row to the <dimension> the file declares: A1:XFD2000
        # in a 2 kB file made 2,000 rows of 16,384 cells. Without it, a row is as wide as
        # its last cell and missing rows are empty tuples.
        sheet.reset_dimensions()
        # Cells, not values: the number format tells a per cent from a plain number.
        rows = enumerate(sheet.iter_rows(), start=1)
    except Exception as exc:  # noqa: BLE001
        book.close()
        raise _unreadable() from exc
    try:
        while True:
            try:
                item = next(rows, None)
            except Exception as exc:  # noqa: BLE001
                raise _unreadable() from exc
            if item is None:
                return
            yield item
    finally:
        book.close()


def _check_xlsx(content: bytes) -> None:
    """Before any XML is parsed: the zip's directory says it is a workbook (not some other
    zip), packed the way Excel packs, and small enough unpacked; then its parts, unpacked
    64 kB at a time, hold no more markup than the bounds above."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except Exception as exc:  # noqa: BLE001 - not a zip at all, or a broken one
        raise _unreadable() from exc
    with archive:
        members = archive.infolist()
        names = {member.filename for member in members}
        if not all(name in names for name in XLSX_REQUIRED):
            raise TableRefused(
                [
                    _(
                        "The file is not an Excel workbook (.xlsx). Save it as a workbook or "
                        "as CSV and send it again."
                    )
                ]
            )
        if len(members) > MAX_XLSX_MEMBERS:
            raise _too_complex()
        total = 0
        for member in members:
            # Only stored and deflated parts: zipfile inflates bzip2 and LZMA in one call,
            # whatever size the directory declares. Flag bit 0 is encryption.
            if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or (
                member.flag_bits & 0x1
            ):
                raise _unreadable()
            total += member.file_size
            if (
                member.file_size > MAX_XLSX_MEMBER
                or total > MAX_XLSX_TOTAL
                or member.file_size > MAX_XLSX_RATIO * max(member.compress_size, 1)
            ):
                raise TableRefused(
                    [
                        _(
                            "The workbook unpacks to more than an import can read (at most "
                            "%(mb)d MB, at most %(ratio)d times its packed size). Save only the "
                            "sheet to import, or save it as CSV, and send it again."
                        )
                        % {"mb": MAX_XLSX_TOTAL // (1024 * 1024), "ratio": MAX_XLSX_RATIO}
                    ]
                )
        try:
            _count_markup(archive, members)
        except (zipfile.BadZipFile, EOFError, zlib.error) as exc:  # a damaged part, a bad CRC
            raise _unreadable() from exc


def _count_markup(archive: zipfile.ZipFile, members) -> None:
    """Counts what the XML parsers would build, and refuses a document type declaration
    outright: entities defined there could multiply elements that the count never sees."""
    tags = attributes = 0
    for member in members:
        with archive.open(member) as part:
            previous = b""
            while piece := part.read(65536):
                tags += piece.count(b"<")
                attributes += piece.count(b"=")
                if b"<!DOCTYPE" in previous[-8:] + piece[:8] or b"<!DOCTYPE" in piece:
                    raise _unreadable()
                if tags > MAX_XLSX_TAGS or attributes > MAX_XLSX_ATTRIBUTES:
                    raise _too_complex()
                previous = piece


def _too_complex() -> TableRefused:
    return TableRefused(
        [
            _(
                "The workbook holds more parts, cells or formatting than an import reads. Save "
                "only the sheet to import, or save it as CSV, and send it again."
            )
        ]
    )
