"""Voiding instead of deleting: money records are public records."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from projektdatabas.core.money import grouped


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


def amount_text(amount, currency: str) -> str:
    """ "10 000 SEK", "1 160 000,50 EUR": a record's amount as its name shows it (it read
    "10000.00 SEK" on the void form's heading)."""
    decimals = 0 if amount == amount.to_integral_value() else 2
    return f"{grouped(amount, decimals)} {currency}"
