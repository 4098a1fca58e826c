"""Every CSV the system writes goes through `csv_writer`, and every XLSX through
`xlsx_file`, so that no cell can be read as a formula (CSV injection); a test finds
csv.writer or Workbook anywhere else. A list offered in both formats describes its columns
once (`Column`) and `spreadsheet_response` writes either from the same rows, so the two
files cannot disagree.

A cell that starts with `=`, `+`, `-` or `@` is a formula to Excel and LibreOffice: a project
titled `=HYPERLINK("http://…","Klicka")` would become a link in the coordinator's Excel. Such
text, and text starting with a tab or carriage return (OWASP lists those too), gets an
apostrophe in front, as OWASP recommends; the spreadsheet shows the text as typed. Only text
is touched: a number is written as a number, so `-5` stays minus five.

Two ways past a check of the first character are closed too. Leading spaces: LibreOffice can
trim them on import, and Excel reads the full-width ＝ as =. And a spreadsheet whose list
separator is a comma (English Excel, a partner abroad) splits even a quoted cell of this
semicolon file at its commas, so a formula character right after a comma or semicolon
inside the text would start a cell of its own: it gets its apostrophe there. Text is always
quoted, so a separator inside it never splits it where the separator is a semicolon."""

import csv
import datetime as dt
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# A formula character after a separator, and spaces: where a comma-separated reading splits.
EMBEDDED = re.compile(r"([,;]\s*)(?=[=+\-@＝＋－＠])")


def neutralise(value):
    if value is None or isinstance(value, int | float | Decimal):
        return value
    text = str(value)  # a model or a lazy translation is written as its text, so check that
    text = EMBEDDED.sub(r"\1'", text)
    return "'" + text if looks_like_formula(text) else text


def looks_like_formula(text: str) -> bool:
    return text.lstrip(" \u00a0").startswith(FORMULA_STARTS)


class _Writer:
    def __init__(self, out):
        out.write("\ufeff")  # so that Excel reads UTF-8 and keeps å, ä and ö
        # Text quoted, numbers not: a number stays a number in the spreadsheet.
        self._writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_NONNUMERIC)

    def writerow(self, row):
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(out) -> _Writer:
    """A CSV writer for Swedish Excel (a byte-order mark first, then semicolons, so that it
    opens in columns) whose every text cell is neutralised."""
    return _Writer(out)


# Both formats from one description of the columns


TEXT, DATE, INTEGER, AMOUNT = "text", "date", "integer", "amount"
# Excel shows these in the reader's own conventions: "# ##0" is "250 000" in Swedish Excel.
NUMBER_FORMATS = {DATE: "yyyy-mm-dd", INTEGER: "0", AMOUNT: "#,##0"}
WIDTHS = {TEXT: 24, DATE: 12, INTEGER: 10, AMOUNT: 14}


@dataclass(frozen=True)
class Column:
    """A column of a downloadable list: its heading (translated when the file is written)
    and what it holds, which decides the XLSX cell's number format and default width. The
    cells themselves are the row's values: a date, a number, text, or None for empty."""

    header: str
    kind: str = TEXT
    width: int | None = None


def csv_chunks(columns: list[Column], rows: Iterable[list]) -> Iterator[str]:
    """The CSV a piece at a time, for a streaming response: a long list is never held whole."""
    buffer = _Chunks()
    writer = csv_writer(buffer)
    writer.writerow([str(column.header) for column in columns])
    yield buffer.flush()
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
        yield buffer.flush()


class _Chunks:
    def __init__(self):
        self._parts = []

    def write(self, text):
        self._parts.append(text)

    def flush(self) -> str:
        text, self._parts = "".join(self._parts), []
        return text


def xlsx_file(columns: list[Column], rows: Iterable[list], *, title: str):
    """An .xlsx of the rows in a temporary file, read from its start. openpyxl's write-only
    mode keeps each row on disk as it is appended, so a list of a million projects costs a
    worker no more memory than one of ten.

    Dates are dates and numbers are numbers (with a number format), the heading row is bold
    and stays in view. No cell is a formula: text is written as text whatever it begins
    with (openpyxl would otherwise make `=…` a formula), and text that a spreadsheet would
    read as a formula if someone edited the cell keeps the quote prefix that Excel gives
    text typed after an apostrophe: it shows as written and stays text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook(write_only=True)
    # A sheet name is at most 31 characters, without []:*?/\.
    sheet = book.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", str(title))[:31] or "Blad1")
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        width = column.width or max(WIDTHS[column.kind], len(str(column.header)) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = _text_cell(sheet, WriteOnlyCell, str(column.header))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(sheet, WriteOnlyCell, c, v) for c, v in zip(columns, row, strict=True)])
    # Not book.save(): it stamps the file with the time it was written, and the zip its
    # members. The same rows give the same bytes, so a restored backup's exports compare
    # equal to the original's (tests/test_backup.py) and a cached copy stays valid.
    book.properties.created = book.properties.modified = dt.datetime(*_SteadyZip.DATE)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it once sent
    try:
        with _SteadyZip(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(book, archive).save()
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


class _SteadyZip(zipfile.ZipFile):
    """A zip whose members all carry one date (the earliest a zip can hold)."""

    DATE = (1980, 1, 1, 0, 0, 0)

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    def writestr(self, name, data, *args, **kwargs):
        if isinstance(name, str):
            name = self._info(name)
        super().writestr(name, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        # The write-only sheet, kept in a temporary file while its rows were appended.
        info = self._info(arcname or os.path.basename(filename))
        info.file_size = os.path.getsize(filename)  # so that a big sheet gets ZIP64 in time
        with open(filename, "rb") as source, self.open(info, "w") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)


def _cell(sheet, make, column: Column, value):
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        # Excel has no time zones: the Swedish wall-clock time, as on the pages.
        value = (
            timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        )
    if isinstance(value, bool):
        return _text_cell(sheet, make, str(value))
    if isinstance(value, dt.date | int | float | Decimal):
        cell = make(sheet, value=value)
        if isinstance(value, dt.date) or column.kind in NUMBER_FORMATS:
            kind = DATE if isinstance(value, dt.date) else column.kind
            cell.number_format = NUMBER_FORMATS[kind]
        return cell
    return _text_cell(sheet, make, str(value))


def _text_cell(sheet, make, text: str):
    # Characters XML 1.0 cannot hold (control characters but tab and line breaks) would
    # make the file unreadable; a spreadsheet shows nothing for them anyway.
    text = ILLEGAL_XML.sub("", text)
    cell = make(sheet, value=text)
    cell.data_type = "s"  # text, never a formula
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell


ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_response(
    format: str, *, filename: str, columns: list[Column], rows: Iterable[list], title: str = ""
):
    """A download of the list as `filename`.csv or .xlsx (`format`). A CSV of rows already
    in a list (a statistics table) is sent whole, with its length; rows from a generator (a
    query's) are streamed. An XLSX is built on disk and sent from there."""
    if format == "xlsx":
        return FileResponse(
            xlsx_file(columns, rows, title=title or filename),
            as_attachment=True,
            filename=f"{filename}.xlsx",
            content_type=XLSX_TYPE,
        )
    content_type = "text/csv; charset=utf-8"
    if isinstance(rows, list):
        response = HttpResponse("".join(csv_chunks(columns, rows)), content_type=content_type)
    else:
        response = StreamingHttpResponse(csv_chunks(columns, rows), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
