"""Money: how projects are financed, what has been received, and the yearly budget
the municipality sets aside for twin-town work and for preparing projects.

Own staff time is entered in hours. Unless an amount is given, its value is the hours
times the municipality's hourly rate for the project's start year (`StaffTimeRate`),
computed when the line is saved and stored in `staff_time_value_sek`, so that the one
column every sum reads, `amount_sek`, holds it too; changing a rate, or a project's start
year, values the lines it concerns again (`revalue_staff_time`)."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projektdatabas.core.money import MoneyAmount, amount_field, kronor, money_constraints
from projektdatabas.organisations.models import Municipality, Organisation
from projektdatabas.projects.models import Programme, Project


class FundingSource(models.TextChoices):
    EU_GRANT = "eu_grant", _("EU grant")
    MUNICIPAL_MONEY = "municipal_money", _("municipal co-financing in money")
    MUNICIPAL_STAFF_TIME = "municipal_staff_time", _("municipal co-financing in own staff time")
    OTHER_COFINANCING = "other_cofinancing", _("other co-financier")


# Both kinds of municipal co-financing trigger the strategy's decision rule.
MUNICIPAL_SOURCES = (FundingSource.MUNICIPAL_MONEY, FundingSource.MUNICIPAL_STAFF_TIME)


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


class ReceiptQuerySet(FundingQuerySet):
    def received_during(self, start, end):
        return self.filter(received_on__range=(start, end))

    def received_by(self, day):
        return self.filter(received_on__lte=day)

    def per_year(self):
        """Summed per calendar year (`year`, `sek`, `projects`), oldest first: the
        statistics and the semi-annual report count money per year this one way."""
        return (
            self.annotate(year=ExtractYear("received_on"))
            .values("year")
            .annotate(sek=Sum("amount_sek"), projects=Count("project", distinct=True))
            .order_by("year")
        )


class AllocationQuerySet(models.QuerySet):
    def with_spending(self, up_to=None):
        """Each allocation with `spent` (its uses dated up to `up_to`, or all of them) and
        `remaining` (the amount set aside less that)."""
        uses = AllocationSpending.objects.filter(allocation=OuterRef("pk"))
        if up_to is not None:
            uses = uses.filter(spent_on__lte=up_to)
        spent = uses.order_by().values("allocation").annotate(s=Sum("amount")).values("s")
        return self.annotate(
            spent=Coalesce(
                Subquery(spent),
                Value(Decimal("0")),
                output_field=models.DecimalField(max_digits=14, decimal_places=2),
            )
        ).annotate(remaining=F("amount") - F("spent"))


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
    return number_format(hours, decimal_pos=0 if whole else 1, force_grouping=True)


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
        validators=[MinValueValidator(Decimal("0"))],
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
        if (
            self.source == FundingSource.EU_GRANT
            and self.programme_id
            and (not self.programme.is_eu)
        ):
            raise ValidationError({"programme": _("An EU grant must come from an EU programme.")})

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


class VoidedLeftOut(models.Manager):
    """Every list and sum reads through this manager, so a record voided as a mistake
    counts nowhere; `all_objects` still finds it, for the record."""

    def get_queryset(self):
        return super().get_queryset().filter(voided_at__isnull=True)


class IncludingVoided(models.Manager):
    """Every record, voided ones too: for the pages that show the records themselves."""


class Voidable(models.Model):
    """A public record is never deleted: one entered by mistake is voided, with who, when
    and why, and stays in the records."""

    voided_at = models.DateTimeField(_("voided"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    void_reason = models.CharField(_("reason for voiding"), max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


class Receipt(MoneyAmount, Voidable):
    """Money actually received, on a date: what the strategy's yearly EU figure sums."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="receipts"
    )
    received_on = models.DateField(_("received on"))
    source = models.CharField(
        _("source"), max_length=25, choices=FundingSource.choices, default=FundingSource.EU_GRANT
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receipts",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = VoidedLeftOut.from_queryset(ReceiptQuerySet)()
    all_objects = ReceiptQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["amount_sek"])

    class Meta:
        verbose_name = _("payment received")
        verbose_name_plural = _("payments received")
        ordering = ["project", "received_on"]
        constraints = [
            *money_constraints("receipt", "amount", "currency", "exchange_rate"),
            models.CheckConstraint(
                condition=Q(source__in=FundingSource.values),
                name="receipt_source_valid",
                violation_error_message=_("Unknown source of financing."),
            ),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                name="receipt_voided_with_reason",
                violation_error_message=_("Say why the payment is voided."),
            ),
        ]
        # EU money received per year is the strategy's headline figure.
        indexes = [models.Index(fields=["source", "received_on"], name="receipt_year_idx")]

    def __str__(self) -> str:
        return f"{self.received_on}: {self.amount} {self.currency}"

    def clean(self) -> None:
        if (
            self.source == FundingSource.EU_GRANT
            and self.programme_id
            and (not self.programme.is_eu)
        ):
            raise ValidationError({"programme": _("An EU grant must come from an EU programme.")})


class AllocationPurpose(models.TextChoices):
    TWINNING = "twinning", _("twin-town work")
    PROJECT_PREPARATION = "project_preparation", _("preparing international projects")


class AnnualAllocation(models.Model):
    """Money the municipality's budget sets aside for a year. Municipal budgets are in SEK."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    purpose = models.CharField(_("purpose"), max_length=25, choices=AllocationPurpose.choices)
    amount = amount_field(verbose_name=_("amount (SEK)"))
    decision_reference = models.CharField(_("case reference number"), max_length=50, blank=True)

    objects = AllocationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual allocation")
        verbose_name_plural = _("annual allocations")
        ordering = ["municipality", "-year", "purpose"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "purpose"],
                name="allocation_once_per_year",
                violation_error_message=_(
                    "There is already an allocation for this purpose and year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="allocation_amount_non_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=AllocationPurpose.values),
                name="allocation_purpose_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_purpose_display()}"


class AllocationSpending(Voidable):
    allocation = models.ForeignKey(
        AnnualAllocation,
        verbose_name=_("allocation"),
        on_delete=models.PROTECT,
        related_name="spendings",
    )
    spent_on = models.DateField(_("date"))
    amount = amount_field(verbose_name=_("amount (SEK)"))
    description = models.CharField(_("what for"), max_length=300)
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocation_spendings",
    )

    objects = VoidedLeftOut()
    all_objects = IncludingVoided()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("use of allocation")
        verbose_name_plural = _("uses of allocations")
        ordering = ["allocation", "spent_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="spending_amount_non_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                name="spending_voided_with_reason",
                violation_error_message=_("Say why the line is voided."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.spent_on}: {self.amount} SEK"

    def clean(self) -> None:
        if self.spent_on and self.allocation_id and self.spent_on.year != self.allocation.year:
            raise ValidationError({"spent_on": _("The date must fall in the allocation's year.")})
