"""Half-years: January–June and July–December."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class HalfYear:
    year: int
    half: int  # 1 or 2

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    @property
    def previous(self) -> "HalfYear":
        return HalfYear(self.year, 1) if self.half == 2 else HalfYear(self.year - 1, 2)

    def __str__(self) -> str:
        if self.half == 1:
            return _("January–June %(year)s") % {"year": self.year}
        return _("July–December %(year)s") % {"year": self.year}
