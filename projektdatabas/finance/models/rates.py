"""The hourly rate that values own staff time, per municipality and year.

Own staff time is entered in hours. Unless an amount is given, its value is the hours
times the municipality's hourly rate for the project's start year, computed when the line
is saved and stored on it; changing a rate, or a project's start year, values the lines it
concerns again (`Funding.save` and `revalue_staff_time`, in funding.py)."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projektdatabas.core.money import grouped, kronor
from projektdatabas.organisations.models import Municipality


class StaffTimeRateQuerySet(models.QuerySet):
    def for_project(self, project) -> "StaffTimeRate | None":
        return self.filter(
            municipality_id=project.municipality_id, year=valuation_year(project)
        ).first()


class StaffTimeRate(models.Model):
    """What an hour of the municipality's own staff time is worth in a year, in SEK: set
    by the coordinator, used to value staff time given in hours only."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="staff_time_rates",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    # At most 99 999.99 kr an hour: with the hours field's own limit every value then
    # fits in `Funding.staff_time_value_sek`.
    hourly_rate_sek = models.DecimalField(
        _("hourly rate (SEK)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    basis = models.CharField(
        _("basis"),
        max_length=300,
        blank=True,
        help_text=_("Where the rate comes from, e.g. a decision or the average salary cost."),
    )

    objects = StaffTimeRateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hourly rate for own staff time")
        verbose_name_plural = _("hourly rates for own staff time")
        ordering = ["municipality", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"],
                name="staff_time_rate_once_per_year",
                violation_error_message=_("There is already an hourly rate for this year."),
            ),
            models.CheckConstraint(
                condition=Q(hourly_rate_sek__gt=0),
                name="staff_time_rate_positive",
                violation_error_message=_("The hourly rate must be greater than zero."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(rate)s an hour in %(year)s") % {
            "rate": kronor(self.hourly_rate_sek),
            "year": self.year,
        }

    def value_of(self, hours: Decimal) -> Decimal:
        return (hours * self.hourly_rate_sek).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def valuation_year(project) -> int:
    """The year whose hourly rate values a project's staff time: the year it starts, or,
    with no start date yet, the year it was registered."""
    if project.start_date is not None:
        return project.start_date.year
    if project.created_at is not None:
        return timezone.localtime(project.created_at).year
    return timezone.localdate().year


def hours_text(hours: Decimal) -> str:
    """ "40" or "7,5" (hours are kept to a tenth)."""
    whole = hours == hours.to_integral_value()
    return grouped(hours, 0 if whole else 1)
