"""Money as the strategy sees it: EU money in EUR, the municipality's budget in SEK.

Every amount keeps the currency it was booked in and the exchange rate used, so a
report in SEK can be reproduced later, and a generated column holds the SEK value
that sums, sorts and filters use.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Currency(models.TextChoices):
    SEK = "SEK", _("SEK (Swedish kronor)")
    EUR = "EUR", _("EUR (euro)")


def grouped(number, decimals: int = 0) -> str:
    """A number as people read it in the page's language: "8 000 000" and "1 160 000,50" in
    Swedish (a no-break space between the groups, so a number never breaks over two lines),
    "8,000,000" in English. The one place numbers and amounts are formatted for people: the
    pages use it through the `number` and `kronor` template filters (core/templatetags/pd.py).
    Rounded half up, as a person rounds; Django's number_format cuts the decimals off."""
    rounded = _half_up(number, decimals)
    return number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def whole(number) -> int:
    """A figure in whole kronor (or hours), rounded half up as `grouped` shows it. Python's
    round() rounds half to even: a training's 12 500,50 kr became 12 500 in the report's
    list and 12 501 on the staff page."""
    return int(_half_up(number, 0))


def _half_up(number, decimals: int) -> Decimal:
    exact = Decimal(str(number)) if isinstance(number, float) else Decimal(number)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def kronor(amount, decimals: int = 0) -> str:
    """An amount in SEK as people read it: "18 000 kr" in Swedish, "18,000 SEK" in English."""
    return gettext("%(amount)s SEK") % {"amount": grouped(amount, decimals)}


# The widest range of kronor a euro can plausibly have cost (8.2–11.9 from 1999 to 2025).
EURO_IN_KRONOR = (5, 20)


def rate_error(currency: str, rate) -> str | None:
    """What is wrong with an exchange rate for its currency, in the user's words; None if
    nothing. A euro at 1 is never meant: it is the rate field left as kronor had it, and
    5 000 EUR would be counted as 5 000 kr."""
    if rate is None:
        return None
    if currency == Currency.SEK and rate != 1:
        return gettext("An amount in SEK has the exchange rate 1.")
    if currency != Currency.SEK and rate == 1:
        return gettext("Give the exchange rate used: SEK per euro, e.g. 11.25.")
    if currency == Currency.EUR and not EURO_IN_KRONOR[0] <= rate <= EURO_IN_KRONOR[1]:
        # 99 999 kr a euro had put 99 999 000 086 302 500 kr of EU money in the statistics.
        return gettext(
            "Give the rate used, SEK per euro, between 5 and 20, e.g. 11.25: a euro has cost "
            "8–12 kronor since it began."
        )
    return None


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
