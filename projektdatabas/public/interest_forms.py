"""The "Anmäl intresse" form residents fill in on a project open to them."""

import re

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from projektdatabas.core.text import typed_data
from projektdatabas.participation.consent import consent_text
from projektdatabas.projects.models import InterestKind

from .antispam import AntiSpamMixin

# Digits with the spaces, dashes, brackets and leading plus people write them with.
PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,30}$")


class InterestForm(AntiSpamMixin, forms.Form):
    antispam_scope = "interest"

    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        error_messages={"required": _("Write your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Write the e-mail address like this: namn@exempel.se.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Telephone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    kinds = forms.MultipleChoiceField(
        label=_("What is your registration about?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one of the alternatives.")},
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=2000,
        help_text=_("For example how many you are, or when you can. At most 2,000 characters."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    consent = forms.BooleanField(
        label=_("I agree"),
        error_messages={
            "required": _(
                "Tick the box to agree; without your consent we cannot keep your registration."
            )
        },
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        offered = set(project.interest_kinds)
        self.fields["kinds"].choices = [
            (value, capfirst(label)) for value, label in InterestKind.choices if value in offered
        ]
        if len(self.fields["kinds"].choices) == 1:
            self.initial.setdefault("kinds", [project.interest_kinds[0]])
        self.fields["consent"].help_text = consent_text()
        if self.is_bound:
            # A control character typed or pasted goes before the fields are checked, as in
            # the staff forms: the registration's texts reach the staff pages and exports.
            self.data = typed_data(self.data, ["name", "phone", "message"])

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                _("Write the telephone number with digits, like this: 0303-33 00 00.")
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("email")
            and not cleaned.get("phone")
            and "email" not in self.errors
            and "phone" not in self.errors
        ):
            self.add_error(
                "email",
                _(
                    "Give an e-mail address or a telephone number (or both), so that we can "
                    "reach you."
                ),
            )
        return cleaned
