"""Money: how projects are financed, what has been received, and the yearly budget
the municipality sets aside for twin-town work and for preparing projects."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projektdatabas.core.money import MoneyAmount, amount_field, money_constraints
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

    def total_sek(self) -> Decimal:
        return self.aggregate(total=Sum("amount_sek"))["total"] or Decimal("0")


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
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

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
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.amount} {self.currency}"

    def clean(self) -> None:
        if self.source == FundingSource.MUNICIPAL_STAFF_TIME and self.staff_hours is None:
            raise ValidationError({"staff_hours": _("Give the number of hours of own staff time.")})
        if (
            self.source == FundingSource.EU_GRANT
            and self.programme_id
            and (not self.programme.is_eu)
        ):
            raise ValidationError({"programme": _("An EU grant must come from an EU programme.")})


class Receipt(MoneyAmount):
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

    objects = FundingQuerySet.as_manager()
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
        ]
        # EU money received per year is the strategy's headline figure.
        indexes = [models.Index(fields=["source", "received_on"], name="receipt_year_idx")]

    def __str__(self) -> str:
        return f"{self.received_on}: {self.amount} {self.currency}"


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

    @property
    def used(self) -> Decimal:
        return self.spendings.aggregate(total=Sum("amount"))["total"] or Decimal("0")

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.used


class AllocationSpending(models.Model):
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
        ]

    def __str__(self) -> str:
        return f"{self.spent_on}: {self.amount} SEK"

    def clean(self) -> None:
        if self.spent_on and self.allocation_id and self.spent_on.year != self.allocation.year:
            raise ValidationError({"spent_on": _("The date must fall in the allocation's year.")})
