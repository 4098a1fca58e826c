"""Bulk update of measures' progress from a CSV or XLSX file.

Every row is checked first; if any row is wrong, nothing is written and each error is
reported with its row number, so the file can be fixed and sent again as a whole. The file
is read through core/spreadsheets, which bounds what reading it can cost."""

import contextlib
import copy
import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projektdatabas.accounts.permissions import (
    can_update_any_progress,
    can_update_progress,
    require,
)
from projektdatabas.core.import_preview import ImportRefused
from projektdatabas.core.models import log_action
from projektdatabas.core.spreadsheets import TableRefused, read_table

from .models import ActionPlan, MeasureStatus
from .services import update_progress

# Column names accepted, Swedish first (what the download gives), English as well.
COLUMNS = {
    "number": ("nummer", "åtgärd", "number", "measure"),
    "progress": ("framsteg", "progress"),
    "status": ("status",),
}
MAX_ROWS = 1000  # measures in one file


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
    """The header's columns, then each non-empty row's three cells, checked as they are
    read: nothing past a limit is read at all."""
    positions, rows = None, []
    try:
        with contextlib.closing(read_table(upload_name, content)) as lines:
            for line, cells in lines:
                if not any(cells):
                    continue  # blank lines, before the header too
                if positions is None:
                    positions = _positions([cell.lower() for cell in cells])
                    continue
                if len(rows) == MAX_ROWS:
                    raise ImportRefused([_("At most %(n)d rows at a time.") % {"n": MAX_ROWS}])
                rows.append(Row(line, *(cells[i] if i < len(cells) else "" for i in positions)))
    except TableRefused as refused:
        raise ImportRefused(refused.errors) from refused
    if positions is None:
        raise ImportRefused([_("The file is empty.")])
    if not rows:
        # Reported as "0 measures updated", a file saved before its rows were typed in
        # read as done.
        raise ImportRefused([_("The file has no rows under its header.")])
    return rows


def _positions(header: list[str]) -> tuple[int, int, int]:
    positions = []
    for names in COLUMNS.values():
        found = next((i for i, name in enumerate(header) if name in names), None)
        if found is None:
            raise ImportRefused([_("The file needs a column named %(name)s.") % {"name": names[0]}])
        positions.append(found)
    return tuple(positions)


def _progress(text: str) -> int | None:
    """A whole per cent from 0 to 100, or None: `1e309`, `inf` and `nan` are floats, not per
    cents, and 99.9 is not 99 (the form takes whole numbers; the file must not differ)."""
    try:
        value = float(text.replace("%", "").replace(",", ".").strip())
    except ValueError:
        return None
    if not math.isfinite(value) or not 0 <= value <= 100 or value != int(value):
        return None
    return int(value)


def _refusals(measure, progress: int, status: str) -> list[str]:
    """What the measure's own rules (Measure.clean, which the form and update_progress
    apply) say of this progress and status together: "not started" at 20 % is refused
    there, so here too, as a row's error rather than a failure of the whole import."""
    trial = copy.copy(measure)
    trial.progress, trial.status = progress, status
    try:
        trial.clean()
    except ValidationError as error:
        return [message[:1].lower() + message[1:] for message in error.messages]
    return []


@transaction.atomic
def import_progress(*, plan: ActionPlan, rows: list[Row], actor) -> int:
    """Validate every row, then write all of them or none. Returns the number updated.
    Someone who may update no measure at all is refused outright; a row for a measure that
    is not theirs is an error of that row, with the others' errors."""
    require(can_update_any_progress(actor))
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
        progress = _progress(row.progress)
        if progress is None:
            errors.append(f"{prefix}: " + _("progress must be a whole number from 0 to 100."))
        status = statuses.get(row.status.lower())
        if status is None:
            errors.append(f"{prefix}: " + _("unknown status “%(s)s”.") % {"s": row.status})
        allowed = can_update_progress(actor, measure)
        if not allowed:
            errors.append(f"{prefix}: {allowed.reason}")
        if progress is not None and status is not None:
            errors.extend(
                f"{prefix}: {message}" for message in _refusals(measure, progress, status)
            )
        updates.append((measure, progress, status))
    if errors:
        raise ImportRefused(errors)
    for measure, progress, status in updates:
        update_progress(measure=measure, progress=progress, status=status, actor=actor)
    log_action(
        actor=actor,
        action="plan.progress_imported",
        target=plan,
        data={"measures": [measure.number for measure, _p, _s in updates]},
    )
    return len(updates)
