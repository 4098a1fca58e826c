"""Half-years: January–June and July–December."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class HalfYear:
    year: int
    half: int  # 1 or 2

    @classmethod
    def of(cls, day: dt.date) -> "HalfYear":
        """The half-year `day` falls in."""
        return cls(day.year, 1 if day.month <= 6 else 2)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    @property
    def first_day_after(self) -> dt.date:
        return self.end + dt.timedelta(days=1)

    def has_ended(self, today: dt.date) -> bool:
        return today > self.end

    @property
    def previous(self) -> "HalfYear":
        return HalfYear(self.year, 1) if self.half == 2 else HalfYear(self.year - 1, 2)

    def year_label(self, year: int) -> str:
        """A calendar year as a report on this half-year counts it: in a report on January
        to June, its own year holds only those months, and says so beside the full years."""
        if year == self.year and self.half == 1:
            return _("%(year)s (January–June)") % {"year": year}
        return str(year)

    def __str__(self) -> str:
        if self.half == 1:
            return _("January–June %(year)s") % {"year": self.year}
        return _("July–December %(year)s") % {"year": self.year}


def check_period_over(period: HalfYear) -> None:
    """A report is finalised once its half-year is over: frozen on 1 December, the July to
    December report would say for ever what December had not yet done."""
    if not period.has_ended(timezone.localdate()):
        raise ValidationError(
            _(
                "The half-year runs until %(end)s: its report can be finalised from "
                "%(first)s. Until then it is a draft that follows the data."
            )
            % {
                "end": date_format(period.end, "j F Y"),
                "first": date_format(period.first_day_after, "j F Y"),
            }
        )
