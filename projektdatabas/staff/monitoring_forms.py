"""Forms of EU monitoring. They check what was typed; the services (monitoring/services.py,
monitoring/imports.py) check who may and what the register allows."""

import datetime as dt

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projektdatabas.monitoring.feeds import MAX_BYTES
from projektdatabas.monitoring.models import Channel, EUItem, ItemKind, normalise_celex
from projektdatabas.monitoring.services import ITEM_FIELDS

from .forms import StaffForm, VersionedForm
from .links import WebLinkField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# How long a department gets to answer unless the coordinator says otherwise.
ANSWER_WITHIN = dt.timedelta(days=21)


def _formfield(field, **kwargs):
    # A link is shown as a link: http(s) only, and typed without its scheme it is https.
    if isinstance(field, models.URLField):
        kwargs["form_class"] = WebLinkField
    return field.formfield(**kwargs)


class EUItemForm(VersionedForm):
    # A deadline for putting it into Swedish law is a directive's; a closing date a
    # consultation's (both had been asked of every kind).
    shown_when = {
        "transposition_deadline": ("kind", (ItemKind.LEGISLATION,)),
        "consultation_closes": ("kind", (ItemKind.CONSULTATION,)),
    }

    class Meta:
        model = EUItem
        fields = list(ITEM_FIELDS)
        formfield_callback = _formfield
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "summary_sv": forms.Textarea(attrs={"rows": 8}),
            "kind": forms.RadioSelect,
            **dict.fromkeys(
                (
                    "published_on",
                    "adopted_on",
                    "applies_from",
                    "transposition_deadline",
                    "consultation_closes",
                ),
                DATE,
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["version"]  # a new item: nothing to have been read
        self.fields["celex"].widget.attrs.update(spellcheck="false", autocapitalize="characters")

    def clean_celex(self):
        return normalise_celex(self.cleaned_data["celex"])

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in ITEM_FIELDS}


class RouteForm(StaffForm, forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=None)
    reason = forms.CharField(
        label=_("Why it concerns the department"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The representatives read this in the e-mail and on their start page."),
    )
    answer_due = forms.DateField(
        label=_("Answer by"),
        widget=DATE,
        help_text=_("The representatives are reminded two weeks before and a week after."),
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        routed = item.concerns.values_list("department_id", flat=True)
        self.fields["department"].queryset = (
            item.municipality.departments.filter(is_active=True)
            .exclude(pk__in=list(routed))
            .order_by("name")
        )
        self.fields["department"].empty_label = _("Choose …")
        if not self.is_bound:
            self.initial["answer_due"] = timezone.localdate() + ANSWER_WITHIN


class AnswerForm(StaffForm, forms.Form):
    concerns_us = forms.TypedChoiceField(
        label=_("Does it concern us?"),
        choices=[("yes", _("Yes, it concerns us")), ("no", _("No, it does not concern us"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    meaning = forms.CharField(
        label=_("What it means for us"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when it concerns you. If it does not, you may say why."),
    )
    action = forms.CharField(
        label=_("What we do"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: who follows it, what changes, by when."),
    )

    def clean(self):
        data = super().clean()
        if data.get("concerns_us") and not (data.get("meaning") or "").strip():
            self.add_error(
                "meaning", _("Say what it means for the department, in a sentence or two.")
            )
        return data


class ImportForm(StaffForm, forms.Form):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A feed (RSS or Atom, .xml) or a CSV file in the template's columns."),
    )
    url = forms.URLField(
        label=_("Or the feed's address"),
        required=False,
        assume_scheme="https",
        help_text=_(
            "Fetched once, now. For example EUR-Lex's feed of the Official Journal's L series."
        ),
    )
    channel = forms.ChoiceField(
        label=_("Source"),
        choices=Channel.choices,
        help_text=_("For rows and entries that do not name their own."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=ItemKind.choices,
        help_text=_("For entries whose CELEX number does not tell, and rows without a kind."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Choose a file or give an address (one of them)."))
        return data
