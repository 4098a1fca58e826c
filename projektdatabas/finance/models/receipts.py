"""Money actually received, on a date: what the strategy's yearly EU figure sums."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projektdatabas.core.money import MoneyAmount, money_constraints, rate_error
from projektdatabas.projects.models import Programme, Project

from .funding import FundingQuerySet, FundingSource, check_eu_programme
from .voiding import Voidable, VoidedLeftOut, amount_text


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


def every_year(rows, *, until: int) -> list[dict]:
    """`per_year`'s rows from the first year with a payment to `until` (the report's year,
    or this year), the years without one at nought: a chart whose axis went from 2012 to
    2016, or stopped at 2021 in a report on 2026, read as if the money had never stopped."""
    rows = list(rows)
    if not rows:
        return rows
    by_year = {row["year"]: row for row in rows}
    return [
        by_year.get(year, {"year": year, "sek": 0, "projects": 0})
        for year in range(rows[0]["year"], max(until, rows[-1]["year"]) + 1)
    ]


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
        return f"{self.received_on}: {amount_text(self.amount, self.currency)}"

    def clean(self) -> None:
        if self.amount is not None and self.amount <= 0:
            # A payment of 0 kr counted as a payment received in the lists and the report.
            raise ValidationError({"amount": _("A payment received is more than 0.")})
        if error := rate_error(self.currency, self.exchange_rate):
            raise ValidationError({"exchange_rate": error})
        check_eu_programme(self)
        if self.pk is None and self.amount is not None and self.received_on and self.project_id:
            same = Receipt.objects.filter(
                project_id=self.project_id,
                received_on=self.received_on,
                amount=self.amount,
                currency=self.currency,
                source=self.source,
                programme_id=self.programme_id,
                note=self.note.strip(),
                voided_at__isnull=True,
            )
            if same.exists():
                # Back and "Spara" again had recorded one payment twice, in every sum.
                raise ValidationError(
                    {
                        "amount": _(
                            "This payment is already recorded: the same amount, day and note. "
                            "A second payment of the same amount on the same day needs a note "
                            "of its own."
                        )
                    }
                )
