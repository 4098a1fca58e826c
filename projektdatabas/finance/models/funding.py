"""How projects are financed: each line of a project's financing plan, granted or
pledged. Own staff time in hours without an amount is valued at the year's hourly rate
(rates.py) and the value stored in `staff_time_value_sek`, so that the one column every
sum reads, `amount_sek`, holds it too."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projektdatabas.core.money import (
    MoneyAmount,
    amount_field,
    kronor,
    money_constraints,
    rate_error,
)
from projektdatabas.organisations.models import Organisation
from projektdatabas.projects.models import Programme, Project

from .rates import StaffTimeRate, hours_text, valuation_year


class FundingSource(models.TextChoices):
    EU_GRANT = "eu_grant", _("EU grant")
    MUNICIPAL_MONEY = "municipal_money", _("municipal co-financing in money")
    MUNICIPAL_STAFF_TIME = "municipal_staff_time", _("municipal co-financing in own staff time")
    OTHER_COFINANCING = "other_cofinancing", _("other co-financier")


# Both kinds of municipal co-financing trigger the strategy's decision rule.
MUNICIPAL_SOURCES = (FundingSource.MUNICIPAL_MONEY, FundingSource.MUNICIPAL_STAFF_TIME)


def check_eu_programme(record) -> None:
    """An EU grant, planned (`Funding`) or received (`Receipt`), comes from an EU
    programme, when it names one."""
    if (
        record.source == FundingSource.EU_GRANT
        and record.programme_id
        and (not record.programme.is_eu)
    ):
        raise ValidationError({"programme": _("An EU grant must come from an EU programme.")})


class FundingQuerySet(models.QuerySet):
    def eu(self):
        return self.filter(source=FundingSource.EU_GRANT)

    def municipal(self):
        return self.filter(source__in=MUNICIPAL_SOURCES)

    def money(self):
        return self.filter(source=FundingSource.MUNICIPAL_MONEY)

    def staff_time(self):
        return self.filter(source=FundingSource.MUNICIPAL_STAFF_TIME)

    def total_sek(self) -> Decimal:
        return self.aggregate(total=Sum("amount_sek"))["total"] or Decimal("0")

    def total_hours(self) -> Decimal:
        return self.aggregate(total=Sum("staff_hours"))["total"] or Decimal("0")


class Funding(MoneyAmount):
    """One line of a project's financing plan: granted or pledged, not yet paid."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="fundings"
    )
    source = models.CharField(_("source"), max_length=25, choices=FundingSource.choices)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fundings",
    )
    funder = models.ForeignKey(
        Organisation,
        verbose_name=_("co-financier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fundings",
    )
    staff_hours = models.DecimalField(
        _("own staff time (hours)"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        # At most 100 000 hours on a line, some 60 years of full-time work: a reviewer's
        # 99 999 999 went public as 46 499 999 535 kr.
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100000"))],
    )
    # Optional for own staff time only (a constraint below): left empty, the hours are
    # valued at the year's hourly rate.
    amount = amount_field(
        verbose_name=_("amount"),
        null=True,
        blank=True,
        help_text=_(
            "For own staff time it may be left empty: the hours are then valued at the "
            "municipality's hourly rate for the year the project starts."
        ),
    )
    # Computed on save, never typed: the hours times `staff_time_rate`, for staff time
    # without an amount of its own (empty when there is no rate for the year).
    staff_time_value_sek = models.DecimalField(
        _("value of the hours at the hourly rate (SEK)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    staff_time_rate = models.ForeignKey(
        StaffTimeRate,
        verbose_name=_("hourly rate used"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="fundings",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # What every sum reads: the amount given, in SEK, or else the hours' value at the rate.
    amount_sek = models.GeneratedField(
        expression=Coalesce(F("amount") * F("exchange_rate"), F("staff_time_value_sek")),
        output_field=models.DecimalField(max_digits=20, decimal_places=2),
        db_persist=True,
        verbose_name=_("amount in SEK"),
    )

    objects = FundingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["amount_sek"])

    class Meta:
        verbose_name = _("financing")
        verbose_name_plural = _("financing")
        ordering = ["project", "source"]
        constraints = [
            *money_constraints("funding", "amount", "currency", "exchange_rate"),
            models.CheckConstraint(
                condition=Q(source__in=FundingSource.values),
                name="funding_source_valid",
                violation_error_message=_("Unknown source of financing."),
            ),
            models.CheckConstraint(
                condition=Q(staff_hours__isnull=True)
                | Q(source=FundingSource.MUNICIPAL_STAFF_TIME, staff_hours__gte=0),
                name="funding_hours_only_for_staff_time",
                violation_error_message=_(
                    "Hours can only be given for own staff time, and cannot be negative."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=False)
                | Q(
                    source=FundingSource.MUNICIPAL_STAFF_TIME,
                    staff_hours__isnull=False,
                    currency="SEK",
                ),
                name="funding_amount_unless_staff_time",
                violation_error_message=_(
                    "Give an amount. Only own staff time may leave it empty, to be valued "
                    "from its hours."
                ),
            ),
            # A value at the rate exists exactly when a rate was used, and only for a line
            # without an amount of its own.
            models.CheckConstraint(
                condition=Q(staff_time_rate__isnull=True, staff_time_value_sek__isnull=True)
                | Q(
                    staff_time_rate__isnull=False,
                    staff_time_value_sek__isnull=False,
                    amount__isnull=True,
                ),
                name="funding_valued_only_at_a_rate",
            ),
        ]

    def __str__(self) -> str:
        if self.amount is None and self.staff_hours is not None:
            return f"{self.get_source_display()}: {hours_text(self.staff_hours)} h"
        return f"{self.get_source_display()}: {self.amount} {self.currency}"

    def clean(self) -> None:
        staff_time = self.source == FundingSource.MUNICIPAL_STAFF_TIME
        # Said at the field, before the constraints below would say it in the summary only.
        if self.staff_hours is not None and not staff_time:
            raise ValidationError(
                {
                    "staff_hours": _(
                        "Hours are given for own staff time only: choose that source, or "
                        "empty the field."
                    )
                }
            )
        # A co-financier on an EU grant line (left from another source chosen first) had
        # been saved, and named as a financier of the EU money.
        if self.funder_id is not None and self.source != FundingSource.OTHER_COFINANCING:
            raise ValidationError(
                {
                    "funder": _(
                        "A co-financier is given for other co-financing only: choose that "
                        "source, or empty the field."
                    )
                }
            )
        if self.amount is not None and (error := rate_error(self.currency, self.exchange_rate)):
            raise ValidationError({"exchange_rate": error})
        if staff_time and self.staff_hours is None:
            raise ValidationError({"staff_hours": _("Give the number of hours of own staff time.")})
        if self.amount is None and not staff_time:
            raise ValidationError(
                {
                    "amount": _(
                        "Give the amount. Only own staff time may leave it empty, to be "
                        "valued from its hours."
                    )
                }
            )
        if self.amount is None:
            # Valued at a rate in SEK: a currency typed beside an empty amount means nothing.
            self.currency, self.exchange_rate = "SEK", Decimal("1")
        check_eu_programme(self)

    def save(self, *args, **kwargs):
        self._value_staff_time()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "staff_time_rate",
                "staff_time_value_sek",
            }
        super().save(*args, **kwargs)

    def _value_staff_time(self) -> None:
        rate = None
        if (
            self.source == FundingSource.MUNICIPAL_STAFF_TIME
            and self.amount is None
            and self.staff_hours is not None
        ):
            rate = StaffTimeRate.objects.for_project(self.project)
        self.staff_time_rate = rate
        self.staff_time_value_sek = rate.value_of(self.staff_hours) if rate else None

    @property
    def is_unvalued_staff_time(self) -> bool:
        return (
            self.source == FundingSource.MUNICIPAL_STAFF_TIME
            and self.amount is None
            and self.staff_time_rate_id is None
        )

    def valuation_text(self) -> str:
        """How a staff-time line's value was reached, e.g. "40 h × 450 kr = 18 000 kr,
        hourly rate 2026"; empty for a line with an amount of its own."""
        if self.source != FundingSource.MUNICIPAL_STAFF_TIME or self.amount is not None:
            return ""
        if self.staff_time_rate is None:
            return gettext("%(hours)s h, not valued: no hourly rate for %(year)s") % {
                "hours": hours_text(self.staff_hours),
                "year": valuation_year(self.project),
            }
        return gettext("%(hours)s h × %(rate)s = %(value)s, hourly rate %(year)s") % {
            "hours": hours_text(self.staff_hours),
            "rate": kronor(self.staff_time_rate.hourly_rate_sek),
            "value": kronor(self.staff_time_value_sek),
            "year": self.staff_time_rate.year,
        }


def revalue_staff_time(fundings, *, actor=None) -> int:
    """Values again the staff-time lines without an amount among `fundings`, after their
    rate or their project's start year changed; saves (and so records in the history, as
    the actor's) only the lines whose value moved. Returns how many did."""
    changed = 0
    lines = fundings.filter(
        source=FundingSource.MUNICIPAL_STAFF_TIME, amount__isnull=True
    ).select_related("project", "staff_time_rate")
    for line in lines:
        before = (line.staff_time_rate_id, line.staff_time_value_sek)
        line._value_staff_time()
        if (line.staff_time_rate_id, line.staff_time_value_sek) != before:
            line._history_user = actor
            line.save(update_fields=["staff_time_rate", "staff_time_value_sek"])
            changed += 1
    return changed
