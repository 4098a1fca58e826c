"""The yearly budget the municipality sets aside for twin-town work and for preparing
projects, and what it was spent on. Municipal budgets are in SEK."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projektdatabas.core.money import amount_field
from projektdatabas.organisations.models import Municipality
from projektdatabas.projects.models import Project

from .voiding import IncludingVoided, Voidable, VoidedLeftOut, amount_text


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
        return f"{self.spent_on}: {amount_text(self.amount, 'SEK')}"

    def clean(self) -> None:
        if self.spent_on and self.allocation_id and self.spent_on.year != self.allocation.year:
            raise ValidationError({"spent_on": _("The date must fall in the allocation's year.")})
