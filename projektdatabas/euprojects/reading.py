"""Reading a keep.eu or Kohesio export from disk, one row at a time.

Unlike an upload through the staff pages (core/spreadsheets/reading.py, bounded to a few
thousand rows), these files are the size of the data: Kohesio's are a million rows. So
nothing is read whole: CSV streams through the csv module, XLSX through openpyxl's
read-only mode, and the reader says how far it has come for the progress bar."""

import csv
import datetime as dt
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

# A header is looked for in the first rows: keep.eu's sheets may carry a title above it.
HEADER_SEARCH_ROWS = 10


class FileRefused(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class Table:
    columns: dict[str, int]  # heading -> position
    rows: Iterator[tuple[int, list]]  # (row number in the file, cells)
    total: int  # bytes (CSV) or rows (XLSX) in all
    done: callable  # how many of `total` have been read


def open_table(path: str, required: tuple[str, ...]) -> Table:
    """The table whose header names the `required` columns, or FileRefused naming those
    missing."""
    table = _xlsx(path) if path.lower().endswith(".xlsx") else _csv(path)
    for _line, cells in _take(table.rows, HEADER_SEARCH_ROWS):
        names = [str(cell).strip() if cell is not None else "" for cell in cells]
        if all(name in names for name in required):
            table.columns = {name: names.index(name) for name in names if name}
            return table
    raise FileRefused(
        [
            _("%(file)s: no row names the columns %(columns)s.")
            % {"file": os.path.basename(path), "columns": ", ".join(required)}
        ]
    )


def _take(rows, n):
    for index, row in enumerate(rows):
        yield row
        if index + 1 >= n:
            return


def _csv(path: str) -> Table:
    raw = open(path, "rb")  # noqa: SIM115 - closed when the rows end
    head = raw.read(4096)
    raw.seek(0)
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the end of the sample
            encoding = "cp1252"
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    first_line = head.decode(encoding, errors="replace").partition("\n")[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(text, delimiter=delimiter, strict=True)

    def rows():
        line = 0
        try:
            while True:
                try:
                    cells = next(reader, None)
                except csv.Error as exc:
                    raise FileRefused(
                        [
                            _(
                                "Row %(line)d could not be read: a quotation mark is not "
                                "closed, or a cell is too long."
                            )
                            % {"line": line + 1}
                        ]
                    ) from exc
                except UnicodeDecodeError as exc:
                    raise FileRefused(
                        [_("The file is not UTF-8 text. Save it as “CSV UTF-8”.")]
                    ) from exc
                if cells is None:
                    return
                line += 1
                yield line, cells
        finally:
            text.close()

    return Table({}, rows(), os.path.getsize(path), raw.tell)


def _xlsx(path: str) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.active
        total = sheet.max_row or 0
    except Exception as exc:  # noqa: BLE001 - whatever is wrong inside the workbook
        raise FileRefused([_("The file could not be read as an Excel workbook.")]) from exc
    position = [0]

    def rows():
        try:
            for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                position[0] = line
                yield line, [_cell(value) for value in values]
        finally:
            book.close()

    return Table({}, rows(), total, lambda: position[0])


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date | int | float):
        return value
    return str(value).replace("\x00", "").strip()
