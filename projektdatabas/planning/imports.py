"""Bulk update of measures' progress from a CSV or XLSX file.

Every row is checked first; if any row is wrong, nothing is written and each error is
reported with its row number, so the file can be fixed and sent again as a whole."""

import contextlib
import csv
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from projektdatabas.accounts.permissions import can_update_progress

from .models import ActionPlan, MeasureStatus
from .services import update_progress

# Column names accepted, Swedish first (what the download gives), English as well.
COLUMNS = {
    "number": ("nummer", "åtgärd", "number", "measure"),
    "progress": ("framsteg", "progress"),
    "status": ("status",),
}
MAX_ROWS = 1000


class ImportRefused(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class Row:
    line: int
    number: str
    progress: str
    status: str


def _status_by_name() -> dict[str, str]:
    names = {}
    for value, label in MeasureStatus.choices:
        names[value] = value
        names[str(label).lower()] = value
    return names


def read_rows(upload_name: str, content: bytes) -> list[Row]:
    table = _xlsx_rows(content) if upload_name.lower().endswith(".xlsx") else _csv_rows(content)
    if not table:
        raise ImportRefused([_("The file is empty.")])
    header = [str(cell or "").strip().lower() for cell in table[0]]
    positions = {}
    for key, names in COLUMNS.items():
        found = next((i for i, name in enumerate(header) if name in names), None)
        if found is None:
            raise ImportRefused([_("The file needs a column named %(name)s.") % {"name": names[0]}])
        positions[key] = found
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        values = [str(cell).strip() if cell is not None else "" for cell in cells]
        if not any(values):
            continue
        values += [""] * (len(header) - len(values))
        rows.append(
            Row(line, *(values[positions[key]] for key in ("number", "progress", "status")))
        )
    if len(rows) > MAX_ROWS:
        raise ImportRefused([_("At most %(n)d rows at a time.") % {"n": MAX_ROWS}])
    return rows


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")  # older Swedish Excel
    dialect = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t")
    return list(csv.reader(io.StringIO(text), dialect))


def _xlsx_rows(content: bytes) -> list[list]:
    from openpyxl import load_workbook  # only for this upload

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    except Exception as exc:  # noqa: BLE001 - any unreadable file gets the same answer
        raise ImportRefused([_("The file could not be read as an Excel workbook.")]) from exc
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def import_progress(*, plan: ActionPlan, rows: list[Row], actor) -> int:
    """Validate every row, then write all of them or none. Returns the number updated."""
    measures = {str(m.number): m for m in plan.measures.select_related("plan__strategy")}
    statuses = _status_by_name()
    errors, updates, seen = [], [], set()
    for row in rows:
        prefix = _("Row %(line)d") % {"line": row.line}
        measure = measures.get(row.number.removesuffix(".0"))
        if measure is None:
            errors.append(f"{prefix}: " + _("the plan has no measure %(n)s.") % {"n": row.number})
            continue
        if measure.pk in seen:
            errors.append(f"{prefix}: " + _("measure %(n)s appears twice.") % {"n": row.number})
        seen.add(measure.pk)
        try:
            progress = int(float(row.progress.replace("%", "").replace(",", ".")))
        except ValueError:
            progress = -1
        if not 0 <= progress <= 100:
            errors.append(f"{prefix}: " + _("progress must be a whole number from 0 to 100."))
        status = statuses.get(row.status.lower())
        if status is None:
            errors.append(f"{prefix}: " + _("unknown status “%(s)s”.") % {"s": row.status})
        allowed = can_update_progress(actor, measure)
        if not allowed:
            errors.append(f"{prefix}: {allowed.reason}")
        updates.append((measure, progress, status))
    if errors:
        raise ImportRefused(errors)
    with transaction.atomic():
        for measure, progress, status in updates:
            update_progress(measure=measure, progress=progress, status=status, actor=actor)
    return len(updates)
