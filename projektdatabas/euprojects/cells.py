"""Reading one cell of an export row, and the checks every source's rows share: the
required columns, the dates, amounts and co-financing rate, and a period that does not end
before it starts. One set for Kohesio and keep.eu, so that a cell is read and refused with
the same words whichever export it is in."""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

# The EU writes Greece EL and the United Kingdom UK; the partner register (ISO 3166) GR, GB.
COUNTRY_ALIASES = {"EL": "GR", "UK": "GB"}
NOT_GIVEN = {"", "n.a.", "n/a", "na", "-"}


class RowError(ValueError):
    pass


def text(cells, columns, name, limit=1000) -> str:
    position = columns.get(name)
    if position is None or position >= len(cells):
        return ""
    value = cells[position]
    return (value if isinstance(value, str) else str(value)).strip()[:limit]


def date(cells, columns, name) -> dt.date | None:
    position = columns.get(name)
    value = cells[position] if position is not None and position < len(cells) else ""
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if text.lower() in NOT_GIVEN:
        return None
    parts = text.split("/")
    if len(parts) == 3 and len(parts[2]) == 4:  # Kohesio's dd/mm/yyyy, without strptime's cost
        try:
            return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise RowError(name, _("“%(value)s” is not a date.") % {"value": text[:40]}) from None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text[:10], pattern).date()
        except ValueError:
            continue
    raise RowError(name, _("“%(value)s” is not a date.") % {"value": text[:40]})


_AMOUNT_JUNK = re.compile(r"[\s\u00a0€]|EUR")


def amount(cells, columns, name) -> Decimal | None:
    position = columns.get(name)
    value = cells[position] if position is not None and position < len(cells) else ""
    if isinstance(value, int | float):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    text = _AMOUNT_JUNK.sub("", str(value))
    if text.lower() in NOT_GIVEN:
        return None
    # A lone comma is a decimal comma ("1 250 000,00"); beside a point, a thousands separator.
    text = text.replace(",", ".") if "," in text and "." not in text else text.replace(",", "")
    try:
        number = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise RowError(
            name, _("“%(value)s” is not an amount.") % {"value": str(value)[:40]}
        ) from None
    if number.is_nan() or abs(number) >= Decimal("1e14"):
        raise RowError(name, _("“%(value)s” is not an amount.") % {"value": str(value)[:40]})
    return number


def rate(cells, columns, name) -> Decimal | None:
    """A co-financing rate in per cent: "80%", "80", or 0.8 as a spreadsheet keeps 80 %."""
    position = columns.get(name)
    value = cells[position] if position is not None and position < len(cells) else ""
    text = str(value).replace("%", "").strip()
    number = amount([text], {name: 0}, name)
    if number is None:
        return None
    if abs(number) <= 1 and "%" not in str(value):
        number *= 100
    if not 0 <= number <= 100:
        raise RowError(
            name, _("“%(value)s” is not a share between 0 and 100 %%.") % {"value": value}
        )
    return number.quantize(Decimal("0.01"))


def country(text: str) -> str:
    code = text.strip().upper()[:2]
    return COUNTRY_ALIASES.get(code, code)


def reader(cells, columns):
    """A row's text by column name (`get(name, limit)`), or None for a blank row."""
    if not any(cell != "" for cell in cells):
        return None
    return lambda name, limit=1000: text(cells, columns, name, limit)


def required(pairs) -> list[tuple[str, str]]:
    """The problems of the (column, value) pairs whose value is missing."""
    return [(column, _("This is required.")) for column, value in pairs if not value]


@dataclass(frozen=True)
class Figures:
    """Where a source writes a project's period and money: the columns' names."""

    start: str
    end: str
    total: str
    eu: str
    rate: str

    def read(self, cells, columns, problems: list) -> dict:
        """The period and the money of a row by their role (start, end, total, eu, rate);
        a cell that cannot be read, or a period that ends before it starts, adds its
        problem to `problems`."""
        values = {}
        for role, parse in (
            ("start", date),
            ("end", date),
            ("total", amount),
            ("eu", amount),
            ("rate", rate),
        ):
            name = getattr(self, role)
            try:
                values[role] = parse(cells, columns, name)
            except RowError as error:
                problems.append(error.args)
        # The period is checked once the row has no other problem.
        start, end = values.get("start"), values.get("end")
        if not problems and start and end and end < start:
            problems.append((self.end, _("The end is before the start.")))
        return values


def period_and_money(values) -> dict:
    """What Figures.read read, as the project's fields."""
    start, end = values["start"], values["end"]
    start_year, last_year = years(start, end)
    return {
        "start_date": start,
        "end_date": end,
        "start_year": start_year,
        "last_year": last_year,
        "total_budget": values["total"],
        "eu_funding": values["eu"],
        "cofinancing_rate": values["rate"],
    }


def years(start, end):
    """The first year and the year it last ran (the end's, or the start's without one)."""
    return (start.year if start else None), (end or start).year if (end or start) else None
