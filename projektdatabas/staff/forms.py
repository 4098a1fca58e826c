"""Forms of the staff interface. Labels come from the models' verbose names, so they
are translated once; the forms add what the models cannot know (whose departments)."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.forms.renderers import DjangoTemplates
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from projektdatabas.core.formfields import IdMultipleChoiceField
from projektdatabas.core.money import Currency, rate_error
from projektdatabas.core.text import swedish_order, typed_data
from projektdatabas.finance.models import Funding, FundingSource
from projektdatabas.governance.models import (
    APPROVING,
    Decision,
    DecisionKind,
    DecisionOutcome,
    Delegation,
)
from projektdatabas.organisations.models import Organisation
from projektdatabas.projects.models import (
    FINISHED_STATUSES,
    STARTED_STATUSES,
    InterestKind,
    Project,
    ProjectLink,
    ProjectPartner,
)

from .amounts import SwedishDecimalField, WholeNumberField, plain_limits
from .links import WebLinkField
from .public_text import no_personal_details


class StaffFormRenderer(DjangoTemplates):
    """Every field of every staff form drawn by one template (staff/forms/field.html):
    the label above the field, marked "(obligatoriskt)" when required, the hint under
    the label, the error above the field with a red border, as GOV.UK and
    Designsystemet lay out a form."""

    field_template_name = "staff/forms/field.html"


FIRST_YEAR, LAST_YEAR = 1900, 2100


def sensible_year(day) -> None:
    """A date's year as typed: 0026 or 3026 is a slip of the keyboard that would count in a
    year's sums (a payment "received" in 1800)."""
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(
            _("Write a date from the year %(first)s to %(last)s."),
            code="year",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


def _capital(label):
    """An option's label with a capital; a group of options (a list) as it is."""
    return label if isinstance(label, list | tuple) else capfirst(label)


def person_name(user) -> str:
    """A staff account in a list of choices: by name, not by user name ("samordnare")."""
    return user.get_full_name() or user.username


class DayField(forms.DateField):
    """A date field that tells a day that does not exist (2026-02-30) from a date written
    another way: both had been "Skriv datumet som 2026-03-31."."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*", value):
                raise ValidationError(
                    _("There is no such day. Give the date as YYYY-MM-DD, for example 2026-03-31."),
                    code="invalid",
                ) from None
            raise


def not_after_today(day) -> None:
    """The date of something recorded once it has happened (a decision made, a payment
    received, a plan evaluated): a decision dated 2030 cleared a breach of the decision
    rule today, and a payment "received" in 2099 counted in this year's sums."""
    today = timezone.localdate()
    if day is not None and day > today:
        raise ValidationError(
            _(
                "Write a date no later than today, %(today)s: only what has happened is "
                "recorded here."
            ),
            code="future",
            params={"today": today.isoformat()},
        )


TYPED_CURRENCY = {
    "EUR": _(
        "The amount is written in euro, but the currency chosen is SEK: choose EUR, or "
        "write the amount in kronor."
    ),
    "SEK": _(
        "The amount is written in kronor, but the currency chosen is EUR: choose SEK, or "
        "write the amount in euro."
    ),
}


DJANGO_REQUIRED = forms.Field.default_error_messages["required"]


def lower_first(label: str) -> str:
    """The label as it reads inside a sentence: "Typ" in "Välj typ"; "EU-program" stays."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


class StaffForm:
    """The base of every staff form: the shared layout, no colon after labels, "Välj …"
    instead of dashes in selects, and numbers typed and shown the Swedish way."""

    default_renderer = StaffFormRenderer
    # "(obligatoriskt)" beside required fields; off where every field is required (signing
    # in), where the mark would only be noise.
    mark_required = True
    # {field: (other field, the values of it for which the field applies)}: elsewhere the
    # field is hidden while empty (staff/shown-when.js), so that a payment in kronor is not
    # asked for an exchange rate. Shown throughout without JavaScript; the models' checks
    # stay the rule either way.
    shown_when: dict[str, tuple[str, tuple]] = {}
    # {field: the value that counts as empty for hiding it}: the rate 1 of a krona.
    neutral: dict[str, str] = {}
    # Dates of what has happened, never later than today (not_after_today).
    past_dates: tuple[str, ...] = ()
    # Texts published to everyone: no identity numbers or contact details (public_text.py).
    public_texts: tuple[str, ...] = ()
    # {amount field: its currency field}: a unit typed after the amount ("24 000 €") must
    # agree with the currency chosen; it had been dropped, and 24 000 € saved as kronor.
    currency_of = {
        "amount": "currency",
        "total_budget": "budget_currency",
        "budget": "budget_currency",
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DecimalField) and not isinstance(field, SwedishDecimalField):
                self.fields[name] = field = SwedishDecimalField.replacing(field)
            if type(field) is forms.IntegerField and not field.widget.is_hidden:
                # A hidden number (the version an edit was read at) stays hidden: made a
                # text field, it showed as "Version (obligatoriskt)" above Save.
                self.fields[name] = field = WholeNumberField.replacing(field)
                if name == "year":  # "till exempel 40" read oddly under "År"
                    field.error_messages["invalid"] = _(
                        "Write the year in digits, for example 2026."
                    )
            if isinstance(field, forms.IntegerField):  # Float- and DecimalField too
                plain_limits(field, self._model_validators(name))
            if isinstance(field, forms.DateField):
                if type(field) is forms.DateField:
                    field.__class__ = DayField
                field.validators.append(sensible_year)
                field.error_messages["invalid"] = _("Write the date as 2026-03-31.")
            if isinstance(field, forms.TimeField):
                # "9.30" is how a time is written in Swedish; "9:30" what Django read.
                field.input_formats = ["%H:%M", "%H.%M", "%H:%M:%S"]
                field.error_messages["invalid"] = _("Write the time as 09:30.")
            if isinstance(field, forms.EmailField):
                field.error_messages["invalid"] = _(
                    "Write the e-mail address like this: namn@exempel.se."
                )
            if type(field) is forms.URLField:
                # A link the pages show as a link: http(s) only, https assumed if left out.
                self.fields[name] = field = WebLinkField.replacing(field)
            if isinstance(field, forms.CharField) and field.max_length:
                # Django's "Säkerställ att detta värde har som mest 250 tecken (den har 10000)."
                field.error_messages["max_length"] = _(
                    "Write at most %(limit_value)s characters (this is %(show_value)s)."
                )
            if type(field) is forms.ModelMultipleChoiceField:
                # A forged id past 64 bits would fail SQLite's lookup with a server error;
                # this subclass refuses it as an unknown choice (core/formfields.py).
                field.__class__ = IdMultipleChoiceField
            if (
                isinstance(field, forms.ChoiceField)
                and field.required
                and field.label
                and not str(field.label).endswith("?")  # "Söker ni?" has its own message
                and field.error_messages["required"] == DJANGO_REQUIRED
            ):
                # Django's "Detta fält måste fyllas i." under a list one chooses from.
                field.error_messages["required"] = _("Choose %(label)s.") % {
                    "label": lower_first(str(field.label))
                }
            if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
                field.empty_label = CHOOSE
            elif isinstance(field, forms.ChoiceField) and not isinstance(
                # Not a model's choices: made a list here, they would keep every row of the
                # table whatever queryset a form narrows them to after this (another
                # municipality's projects offered in a measure's form).
                field,
                (forms.MultipleChoiceField, forms.ModelChoiceField),
            ):
                # A required choice drawn as radio buttons offers no "Välj …" button: it
                # would be one of the answers, ticked before anyone chose.
                # Each option with a capital, as an answer of its own: "partner" and
                # "vänortsutbyte" stood under "EU-projekt", and "kommunal medfinansiering i
                # pengar" among the radio buttons (labels written to be read inside a
                # sentence).
                radio = isinstance(field.widget, forms.RadioSelect) and field.required
                field.choices = [
                    ("", CHOOSE) if value == "" else (value, _capital(label))
                    for value, label in field.choices
                    if not (radio and value == "")
                ]
        for field in self.fields.values():
            # Without the browser's maxlength, which cuts a pasted text (a long link) short
            # without a word: the max_length message says it, and keeps all that was typed.
            field.widget.attrs.pop("maxlength", None)
        if self.is_bound:
            self.data = self._typed(self.data)
        if get_language() == "sv" and isinstance(self.fields.get("country"), forms.ChoiceField):
            # Swedish order: django-countries sorts "Åland" beside Afghanistan.
            field = self.fields["country"]
            choices = list(field.choices)
            empty = [c for c in choices if c[0] == ""]
            named = sorted(
                (c for c in choices if c[0] != ""), key=lambda c: swedish_order(str(c[1]))
            )
            field.choices = empty + named
        for name in self.past_dates:
            if name in self.fields:
                self.fields[name].validators.append(not_after_today)
        for name in self.public_texts:
            if name in self.fields:
                self.fields[name].validators.append(no_personal_details)
        # After the fields above were replaced, so that the marks are on the widgets drawn.
        for name, (other, values) in self.shown_when.items():
            if name in self.fields and other in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["data-shown-when"] = f"{other}:{' '.join(values)}"
                if name in self.neutral:
                    attrs["data-neutral"] = self.neutral[name]

    def clean(self):
        data = super().clean()
        for name, field in self.fields.items():
            typed = getattr(field, "typed_currency", None)
            if not typed or name in self._errors:
                continue
            if self.currency_of.get(name) in self.fields:
                chosen = data.get(self.currency_of[name])
                if chosen and typed != chosen:
                    self.add_error(name, TYPED_CURRENCY[typed])
            elif typed != Currency.SEK:  # a field in kronor only: a budget, an hourly rate
                self.add_error(name, _("Write the amount in kronor: this field is in SEK."))
        return data

    def _typed(self, data):
        """The texts as they may be stored and published (core/text.py): a control
        character pasted from Word stopped the feeds. Passwords are left as typed."""
        names = [
            self.add_prefix(name)
            for name, field in self.fields.items()
            if isinstance(field, forms.CharField)
            and not isinstance(field.widget, forms.PasswordInput)
        ]
        return typed_data(data, names)

    def _model_validators(self, name: str) -> list:
        """The model field's own checks: a ModelForm reports their errors (a minimum, a
        year's range) under the form field's messages for the same code."""
        model = getattr(getattr(self, "_meta", None), "model", None)
        try:
            return list(model._meta.get_field(name).validators) if model else []
        except FieldDoesNotExist:
            return []

    def add_error(self, field, error):
        """One message a field, as GOV.UK advises: the first one says what is wrong with
        what was typed ("write a number"); the model's check of the value left empty by
        it ("give the amount") would only contradict it."""
        if field is not None and self._errors and field in self._errors:
            return
        if field is not None and field not in self.fields:
            # A model's rule about a field this form does not show (a plan's evaluation
            # date, on the plan's form) goes above the form: Django raises ValueError.
            field = None
        if field is None and hasattr(error, "error_dict"):
            # A model's errors handed over whole (ModelForm._post_clean): those on fields
            # the form does not show go above it, those on fields already in error go.
            kept = {}
            for name, errors in error.error_dict.items():
                key = name if name == NON_FIELD_ERRORS or name in self.fields else NON_FIELD_ERRORS
                if not (self._errors and key in self._errors):
                    kept.setdefault(key, []).extend(errors)
            if not kept:
                return
            error = ValidationError(kept)
        super().add_error(field, error)


CHOOSE = _("Choose …")


def add_service_errors(form, error: ValidationError) -> None:
    """A service's refusal onto the form, so it shows beside what was typed: on the field
    it names when the form has that field, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class RowForm(StaffForm, forms.ModelForm):
    pass


# An exchange rate is asked for an amount in another currency than kronor.
NOT_KRONOR = tuple(c for c in Currency.values if c != Currency.SEK)


class FundingRowForm(RowForm):
    """A financing line. The source is chosen among four buttons, each read in full (a
    select cut both kinds of municipal co-financing to "kommunal medfinansieri…" on a
    phone), and the hours are asked for own staff time only."""

    shown_when = {
        "staff_hours": ("source", (FundingSource.MUNICIPAL_STAFF_TIME,)),
        "funder": ("source", (FundingSource.OTHER_COFINANCING,)),
        "exchange_rate": ("currency", NOT_KRONOR),
    }
    neutral = {"exchange_rate": "1"}

    class Meta:
        widgets = {"source": forms.RadioSelect}


class RowFormSet(BaseInlineFormSet):
    """A repeating group of rows (partners, financing). A saved row can be ticked for
    removal; a new row left empty is simply not saved, and a new row refused can be
    ticked away too: one added by mistake, its role changed, had no way out but to
    reload the page and lose the rest."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this row when saving")

    # Django's "Korrigera duplikatdata för organisation." and "Korrigera duplikatvärdena
    # nedan." did not say what to do.
    def get_unique_error_message(self, unique_check):
        # Each row is the project's: its own key is not what repeats.
        fields = self.form.base_fields
        checked = [n for n in unique_check if n != self.fk.name]
        names = [str(fields[n].label).lower() if n in fields else n for n in checked]
        return _("Two rows have the same %(field)s: remove one of them.") % {
            "field": " / ".join(names)
        }

    def get_form_error(self):
        return _("This row repeats another one: remove it, or choose something else.")


class SignInForm(StaffForm, forms.Form):
    mark_required = False

    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", autofocus=True)
        self.fields["password"].widget.attrs.update(autocomplete="current-password")


class TokenForm(StaffForm, forms.Form):
    mark_required = False

    token = forms.RegexField(
        label=_("Six-digit code from the authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits the app shows.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].widget.attrs.update(
            autocomplete="one-time-code", inputmode="numeric", autofocus=True
        )

    def clean_token(self):
        return self.cleaned_data["token"].strip()


class VersionedForm(StaffForm, forms.ModelForm):
    """Carries the version the form was read at (see projects/editing.py)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version


class BasicsForm(VersionedForm):
    # Shown under the public page ("Källa: …"): a rector's e-mail address had gone public.
    public_texts = ("source_note",)

    class Meta:
        model = Project
        help_texts = {
            "source_note": _(
                "Shown on the public page: where the facts come from, e.g. a strategy "
                "document or a decision. No names or contact details."
            )
        }
        fields = [
            "title_sv",
            "title_en",
            "kind",
            "lead_department",
            "municipal_role",
            "start_date",
            "end_date",
            "started_on",
            "completed_on",
            "internal_description_sv",
            "internal_description_en",
            "source_note",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "completed_on": forms.DateInput(attrs={"type": "date"}),
            "internal_description_sv": forms.Textarea(attrs={"rows": 4}),
            "internal_description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_department"].queryset = departments
        if departments.count() == 1 and not self.instance.lead_department_id:
            self.initial["lead_department"] = departments.first().pk
        # The lifecycle records these days; they are offered for correction only once the
        # step has been taken.
        if self.instance.status not in STARTED_STATUSES:
            del self.fields["started_on"]
        if self.instance.status not in FINISHED_STATUSES:
            del self.fields["completed_on"]

    def clean(self):
        # At the end date, where the mistake is: the model's check said it only in the
        # summary above the form.
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The project cannot end before it starts."))
        return cleaned


class NewProjectForm(BasicsForm):
    """The first section, before there is a version to carry."""

    version = None


class MoneyForm(VersionedForm):
    past_dates = ("applied_on",)
    shown_when = {"budget_exchange_rate": ("budget_currency", NOT_KRONOR)}
    neutral = {"budget_exchange_rate": "1"}

    class Meta:
        model = Project
        fields = ["applied_on", "total_budget", "budget_currency", "budget_exchange_rate"]
        widgets = {"applied_on": forms.DateInput(attrs={"type": "date"})}

    def clean(self):
        # Here, not in Project.clean: a project whose stored budget broke the rule could
        # then not be saved from any other section, which has no rate field to show it at.
        data = super().clean()
        if data.get("total_budget") is not None and (
            error := rate_error(data.get("budget_currency"), data.get("budget_exchange_rate"))
        ):
            self.add_error("budget_exchange_rate", error)
        return data


class StrategyForm(VersionedForm):
    class Meta:
        model = Project
        # The programmes are asked once, on the financing lines (the money section), and
        # follow from them (projects/services.py save_project).
        fields = [
            "themes",
            "target_groups",
            "participants",
            "young_participants",
            "orientations",
            "growth_dimensions",
            "sdgs",
        ]
        widgets = dict.fromkeys(
            ("themes", "target_groups", "orientations", "growth_dimensions", "sdgs"),
            forms.CheckboxSelectMultiple,
        )


class PublicTextForm(VersionedForm):
    public_texts = (
        "public_summary_sv",
        "public_summary_en",
        "results_sv",
        "results_en",
        "interest_text_sv",
        "interest_text_en",
    )

    # Open to residents ("Anmäl intresse", the participation app): what they may register
    # as, in the project's words, and until when.
    interest_kinds = forms.MultipleChoiceField(
        label=capfirst(Project._meta.get_field("interest_kinds").verbose_name),
        help_text=Project._meta.get_field("interest_kinds").help_text,
        choices=[(value, capfirst(label)) for value, label in InterestKind.choices],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Project
        fields = [
            "public_summary_sv",
            "public_summary_en",
            "results_sv",
            "results_en",
            "interest_kinds",
            "interest_text_sv",
            "interest_text_en",
            "interest_until",
        ]
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 5})
                for name in ("public_summary_sv", "public_summary_en", "results_sv", "results_en")
            },
            "interest_text_sv": forms.Textarea(attrs={"rows": 2}),
            "interest_text_en": forms.Textarea(attrs={"rows": 2}),
            "interest_until": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_interest_until(self):
        # A last day already past closes the registration the moment it is saved, and
        # residents find no form: said here rather than found out by nobody registering.
        # Only when changed: a call that has run its course is saved again as it was.
        day = self.cleaned_data.get("interest_until")
        if day and "interest_until" in self.changed_data and day < timezone.localdate():
            raise ValidationError(
                _(
                    "That day has passed, so residents could not register at all. Give a "
                    "day from today on, or leave it empty."
                ),
                code="past",
            )
        return day


class PartnersOnlyForm(VersionedForm):
    """The partners section edits no project field; it carries the version only."""

    class Meta:
        model = Project
        fields = []


# One empty row to begin with; "Add a row" gives more (with or without JavaScript).
# A section holds at most ROW_LIMIT rows: far more than "Add a row" gives (50), and far
# below Django's 2,000, which a changed TOTAL_FORMS turned into a 13 MB page and 40 s of work.
ROW_LIMIT = 100
PartnerFormSet = inlineformset_factory(
    Project,
    ProjectPartner,
    form=RowForm,
    formset=RowFormSet,
    fields=["organisation", "role"],
    extra=1,
    can_delete=True,
    can_delete_extra=True,  # offered once the row has errors (_row.html)
    max_num=ROW_LIMIT,
    absolute_max=ROW_LIMIT,
)
FundingFormSet = inlineformset_factory(
    Project,
    Funding,
    form=FundingRowForm,
    formset=RowFormSet,
    # The hours right after the source: for own staff time they are what is asked, and
    # the amount may be left empty.
    fields=[
        "source",
        "staff_hours",
        "programme",
        "funder",
        "amount",
        "currency",
        "exchange_rate",
        "note",
    ],
    extra=1,
    can_delete=True,
    can_delete_extra=True,  # offered once the row has errors (_row.html)
    max_num=ROW_LIMIT,
    absolute_max=ROW_LIMIT,
)


class LinkRowForm(RowForm):
    """A link on the public page: the project's own site, its page in the EU's results
    platform, a report. Its address and texts are public, so they are checked as the
    summary is (an address can carry an e-mail address in its query)."""

    public_texts = ("url", "label_sv", "label_en")


LinkFormSet = inlineformset_factory(
    Project,
    ProjectLink,
    form=LinkRowForm,
    formset=RowFormSet,
    fields=["url", "label_sv", "label_en", "is_public"],
    extra=1,
    # A link that was on the website is part of the public record: it is taken off the
    # website ("Visas på webbplatsen"), never removed.
    can_delete=False,
    max_num=ROW_LIMIT,
    absolute_max=ROW_LIMIT,
)


class OrganisationForm(StaffForm, forms.ModelForm):
    """A partner organisation added from the partner section (projects/partners.py)."""

    prefix = "new_organisation"

    class Meta:
        model = Organisation
        fields = ["name", "country", "town", "kind"]
        labels = {"name": _("Name of the organisation"), "kind": _("Kind of organisation")}
        help_texts = {"name": _("As the organisation writes it, e.g. Comune di Bertinoro.")}


class DecisionForm(StaffForm, forms.ModelForm):
    past_dates = ("decided_on",)
    shown_when = {
        "delegation": ("kind", (DecisionKind.DELEGATED,)),
        "approved_cofinancing_sek": ("outcome", APPROVING),
    }
    neutral = {"approved_cofinancing_sek": "0"}

    class Meta:
        model = Decision
        fields = [
            "committee",
            "kind",
            "delegation",
            "decided_on",
            "case_number",
            "paragraph",
            "outcome",
            "approved_cofinancing_sek",
            "conditions",
            "minutes_url",
        ]
        widgets = {
            "decided_on": forms.DateInput(attrs={"type": "date"}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["delegation"].queryset = Delegation.objects.filter(
            committee__in=committees
        ).select_related("committee")
        self.fields["delegation"].help_text = _("Only for delegated decisions.")
        # A rejection approves nothing: the amount may be left empty (0).
        self.fields["approved_cofinancing_sek"].required = False

    def clean_paragraph(self):
        # "§ 12" typed where the page adds the sign itself read "KS 2026/4 § § 12".
        return self.cleaned_data["paragraph"].lstrip("§ ").strip()

    def clean(self):
        data = super().clean()
        outcome, amount = data.get("outcome"), data.get("approved_cofinancing_sek")
        if outcome == DecisionOutcome.REJECTED and amount:
            self.add_error(
                "approved_cofinancing_sek",
                _("A rejection approves no co-financing: leave the amount empty."),
            )
        if amount is None and "approved_cofinancing_sek" in data:  # left empty
            if outcome in APPROVING:  # an approval of nothing is a slip
                self.add_error(
                    "approved_cofinancing_sek",
                    _("Give the co-financing approved, in SEK (0 if none)."),
                )
            else:
                data["approved_cofinancing_sek"] = Decimal("0")
        kind = data.get("kind")
        if kind == DecisionKind.DELEGATED and not data.get("delegation"):
            self.add_error("delegation", _("Choose the delegation the decision rests on."))
        if kind == DecisionKind.COMMITTEE and data.get("delegation"):
            self.add_error("delegation", _("A committee decision rests on no delegation."))
        return data
