"""Money as the strategy sees it: EU money in EUR, the municipality's budget in SEK.

Every amount keeps the currency it was booked in and the exchange rate used, so a
report in SEK can be reproduced later, and a generated column holds the SEK value
that sums, sorts and filters use.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Currency(models.TextChoices):
    SEK = "SEK", _("SEK (Swedish kronor)")
    EUR = "EUR", _("EUR (euro)")


def kronor(amount: Decimal) -> str:
    """An amount in SEK as people read it: "18 000 kr" in Swedish, "18,000 SEK" in English."""
    return gettext("%(amount)s SEK") % {
        "amount": number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)
    }


def amount_field(**kwargs) -> models.DecimalField:
    return models.DecimalField(
        max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))], **kwargs
    )


def money_constraints(prefix: str, amount: str, currency: str, rate: str) -> list:
    """Constraints that every (amount, currency, rate) triple obeys."""
    return [
        models.CheckConstraint(
            condition=Q(**{f"{amount}__gte": 0}) | Q(**{f"{amount}__isnull": True}),
            name=f"{prefix}_{amount}_non_negative",
            violation_error_message=_("An amount cannot be negative."),
        ),
        models.CheckConstraint(
            condition=Q(**{f"{currency}__in": Currency.values}),
            name=f"{prefix}_{currency}_valid",
            violation_error_message=_("The currency must be SEK or EUR."),
        ),
        models.CheckConstraint(
            condition=Q(**{f"{rate}__gt": 0}),
            name=f"{prefix}_{rate}_positive",
            violation_error_message=_("The exchange rate must be greater than zero."),
        ),
        models.CheckConstraint(
            condition=~Q(**{currency: Currency.SEK}) | Q(**{rate: 1}),
            name=f"{prefix}_{rate}_one_for_sek",
            violation_error_message=_("An amount in SEK has the exchange rate 1."),
        ),
    ]


class MoneyAmount(models.Model):
    """An amount in SEK or EUR with the rate (SEK per unit) used when it was booked."""

    amount = amount_field(verbose_name=_("amount"))
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.SEK
    )
    exchange_rate = models.DecimalField(
        _("exchange rate"),
        max_digits=10,
        decimal_places=4,
        default=Decimal("1"),
        help_text=_("SEK per unit of the currency, as used when the amount was booked."),
    )
    amount_sek = models.GeneratedField(
        expression=F("amount") * F("exchange_rate"),
        output_field=models.DecimalField(max_digits=20, decimal_places=2),
        db_persist=True,
        verbose_name=_("amount in SEK"),
    )

    class Meta:
        abstract = True
