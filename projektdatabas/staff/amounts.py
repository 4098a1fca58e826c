"""Amounts typed and shown the Swedish way in the staff forms.

People write "1 160 000", "1 160 000,50" or paste "1160000.50" from a spreadsheet; the
field accepts all of them (normal, no-break and narrow no-break spaces between groups,
a decimal comma or point, an optional "kr" or "SEK") and shows a stored value as
"1 160 000", without the ".00" a DecimalField would print. Every staff form gets it in
place of Django's DecimalField (StaffForm in forms.py), so no form can forget it."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import get_language, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from projektdatabas.core.money import grouped

SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
UNIT = re.compile(r"(kr|sek|kronor|eur|euro|€)\.?$", re.IGNORECASE)
UNIT_CURRENCY = {
    "kr": "SEK",
    "sek": "SEK",
    "kronor": "SEK",
    "eur": "EUR",
    "euro": "EUR",
    "€": "EUR",
}
# "24.000": thousands grouped by points, as some write them. Refused with its own message
# where the field has fewer than three decimals (it could not be a number there anyway);
# "Skriv högst 2 decimaler" had told the writer to make it 24.00, which is 24 kronor.
POINT_GROUPED = re.compile(r"[-−]?\d{1,3}(?:\.\d{3})+")
# After the spaces are gone: digits, optionally grouped by the other separator in English
# ("1,160,000.50"), and at most one decimal separator.
PLAIN = re.compile(r"[-−]?\d+(?:[.,]\d+)?")
ENGLISH_GROUPED = re.compile(r"[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def bare(text: str) -> tuple[str, str | None]:
    """`text` without its spaces and unit, and the currency the unit names (or None)."""
    text = text.strip()
    unit = UNIT.search(text)
    currency = UNIT_CURRENCY[unit.group(1).lower()] if unit else None
    return SPACES.sub("", UNIT.sub("", text).strip()), currency


def parse_number(text: str) -> Decimal | None:
    """The number in `text`, or None if it is not one a person would write. Points or
    commas as thousands separators in Swedish ("1.160.000") are refused, not guessed,
    and so (by the field's decimal places) is "1.160": it must not become one krona."""
    text = bare(text)[0]
    if get_language() == "en" and ENGLISH_GROUPED.fullmatch(text):
        text = text.replace(",", "")
    if not PLAIN.fullmatch(text):
        return None
    text = text.replace("−", "-").replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


def shown(value, *, decimal_places: int) -> str:
    """A stored number as typed back: "1 160 000", "1 160 000,50", "11,25"."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)  # what was typed, re-shown beside its error
    number = number.normalize()  # 1.0000 -> 1, 11.2500 -> 11.25
    decimals = max(0, -number.as_tuple().exponent)
    if 0 < decimals < 2 <= decimal_places:
        decimals = 2  # money reads 0,50, not 0,5
    return grouped(number, min(decimals, decimal_places))


class NumberInput(forms.TextInput):
    """A text field, not type=number: browsers' number fields refuse spaces and commas
    and change the value on a scroll of the mouse wheel."""

    def __init__(self, *, decimal_places: int, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        self.decimal_places = decimal_places

    def format_value(self, value):
        if isinstance(value, str):
            return value  # as typed, when the form comes back with an error
        return shown(value, decimal_places=self.decimal_places)


class SwedishDecimalField(forms.DecimalField):
    default_error_messages = {
        "invalid": _("Write a number in digits, for example 1 160 000 or 1 160 000,50."),
        "max_digits": ngettext_lazy(
            "The number is too long: at most %(max)s digit.",
            "The number is too long: at most %(max)s digits.",
            "max",
        ),
        "max_decimal_places": ngettext_lazy(
            "Write at most %(max)s decimal.", "Write at most %(max)s decimals.", "max"
        ),
        "point_grouped": _(
            "Write thousands with a space, not a point: 24 000. Decimals take a comma: 1,50."
        ),
        "max_whole_digits": ngettext_lazy(
            "The number is too large: at most %(max)s digit before the decimal comma.",
            "The number is too large: at most %(max)s digits before the decimal comma.",
            "max",
        ),
    }

    def __init__(self, **kwargs):
        decimal_places = kwargs.get("decimal_places") or 0
        kwargs.setdefault("widget", NumberInput(decimal_places=decimal_places))
        kwargs["localize"] = False
        super().__init__(**kwargs)
        if decimal_places == 0:
            self.error_messages["max_decimal_places"] = _("Write a whole number, no decimals.")

    def widget_attrs(self, widget):
        return {}  # no min, max or step: those belong to type=number

    # The currency a unit typed after the amount named ("24 000 €"), for the form to hold
    # against the currency chosen (StaffForm.currency_of).
    typed_currency: str | None = None

    def to_python(self, value):
        self.typed_currency = None
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        text, self.typed_currency = bare(str(value))
        if (
            (self.decimal_places or 0) < 3
            and get_language() != "en"
            and POINT_GROUPED.fullmatch(text)
        ):
            raise ValidationError(self.error_messages["point_grouped"], code="point_grouped")
        number = parse_number(str(value))
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    @classmethod
    def replacing(cls, field: forms.DecimalField) -> "SwedishDecimalField":
        return cls(
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            max_value=field.max_value,
            min_value=field.min_value,
            required=field.required,
            label=field.label,
            help_text=field.help_text,
            initial=field.initial,
            disabled=field.disabled,
        )


class WholeNumberField(forms.IntegerField):
    """A whole number in a text field: a browser's number field drops a comma without a
    word ("5,5" reached the server as 55 and was saved as 55 %), and refuses "1 200"."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Write a whole number in digits, for example 40.")}
    percent = False  # a share in per cent: "40 %" is 40

    def widget_attrs(self, widget):
        return {"inputmode": "numeric", "autocomplete": "off"}

    def to_python(self, value):
        if isinstance(value, str):
            value = SPACES.sub("", value)
            if self.percent and value.endswith("%"):
                value = value[:-1]
        return super().to_python(value)

    @classmethod
    def replacing(cls, field: forms.IntegerField) -> "WholeNumberField":
        whole = cls(
            required=field.required,
            label=field.label,
            help_text=field.help_text,
            initial=field.initial,
            disabled=field.disabled,
        )
        # Every check the field had (its limits among them), and its messages.
        whole.min_value, whole.max_value = field.min_value, field.max_value
        whole.validators = list(field.validators)
        messages = dict(field.error_messages)
        if messages.get("invalid") == forms.IntegerField.default_error_messages["invalid"]:
            messages["invalid"] = whole.error_messages["invalid"]  # unless a form set its own
        whole.error_messages = messages
        return whole


# Limits past this are the database's range, not a rule anyone set: "too large" says enough.
DATABASE_RANGE = 10**9


def plain_limits(field: forms.Field, model_validators=()) -> None:
    """The number field's limits in plain Swedish with the number written as the field
    shows it ("Skriv ett tal från 1990 till 2100.", "Skriv 0,01 eller mer."), in place of
    Django's "Kontrollera att detta värde är större än eller lika med 0.01"."""
    decimal_places = getattr(field, "decimal_places", None)

    def written(limit) -> str:
        if decimal_places is None:
            return str(limit)  # a year reads 2100, not 2 100
        return shown(limit, decimal_places=decimal_places)

    validators = [*field.validators, *model_validators]
    low = [v.limit_value for v in validators if isinstance(v, MinValueValidator)]
    high = [v.limit_value for v in validators if isinstance(v, MaxValueValidator)]
    low = max(low) if low else None
    high = min(high) if high else None
    if high is not None and abs(high) >= DATABASE_RANGE:
        field.error_messages["max_value"] = _("The number is too large.")
        high = None
    if low is not None and abs(low) >= DATABASE_RANGE:
        field.error_messages["min_value"] = _("The number is too small.")
        low = None
    if low is not None and high is not None:
        message = _("Write a number from %(low)s to %(high)s.") % {
            "low": written(low),
            "high": written(high),
        }
        field.error_messages["min_value"] = field.error_messages["max_value"] = message
    elif low is not None:
        field.error_messages["min_value"] = _("Write %(low)s or more.") % {"low": written(low)}
    elif high is not None:
        field.error_messages["max_value"] = _("Write at most %(high)s.") % {"high": written(high)}
