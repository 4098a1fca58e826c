"""Every CSV the system writes goes through `csv_writer`, so that no cell can be read as a
formula (CSV injection). An XLSX writer, if one is ever needed, belongs here and passes its
cells through `neutralise` (a test finds csv.writer or Workbook anywhere else).

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
import re
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# A formula character after a separator, and spaces: where a comma-separated reading splits.
EMBEDDED = re.compile(r"([,;]\s*)(?=[=+\-@＝＋－＠])")


def neutralise(value):
    if value is None or isinstance(value, int | float | Decimal):
        return value
    text = str(value)  # a model or a lazy translation is written as its text, so check that
    text = EMBEDDED.sub(r"\1'", text)
    return "'" + text if text.lstrip(" \u00a0").startswith(FORMULA_STARTS) else text


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
