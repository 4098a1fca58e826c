"""Dates known only to the year or month, as history often is ("hösten 1992"); and the
last moment of a day, to read a history as it stood then."""

import datetime

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def format_fuzzy_date(value: datetime.date | None, precision: str) -> str:
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    # As every page writes a day ("18 March 2025"), not English's default "March 18, 2025".
    return formats.date_format(value, "j F Y")


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last moment of `day` in the site's time zone: what the records showed that day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
