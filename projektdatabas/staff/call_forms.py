"""Forms of the funding calls' pages. They check what was typed; the services
(calls/services.py) check who may and the rest, so a script gets the same answers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from projektdatabas.calls.models import Call
from projektdatabas.core.formfields import IdMultipleChoiceField
from projektdatabas.organisations.models import Department
from projektdatabas.projects.models import Programme, Theme

from .forms import StaffForm, VersionedForm
from .links import WebLinkField

CHANGED_FIELDS = [
    "programme",
    "programme_name",
    "identifier",
    "title_sv",
    "title_en",
    "opens_on",
    "closes_on",
    "closes_at_time",
    "budget",
    "budget_currency",
    "link",
    "themes",
    "departments",
    "description_sv",
    "description_en",
    "is_public",
    "audience_sv",
    "audience_en",
]


def _departments(municipality):
    return Department.objects.filter(municipality=municipality, is_active=True).order_by("name")


class CallForm(VersionedForm):
    link = WebLinkField(label=_("Link to the call"), required=False, max_length=500)

    class Meta:
        model = Call
        fields = CHANGED_FIELDS
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
            "closes_at_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description_sv": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.order_by("name")
        # Made here, not adjusted: StaffForm has already turned the model's choice fields'
        # choices into lists, which a new queryset would not reach.
        for name, queryset in (
            ("themes", Theme.objects.all()),
            ("departments", _departments(municipality)),
        ):
            model_field = Call._meta.get_field(name)
            self.fields[name] = IdMultipleChoiceField(
                queryset=queryset,
                required=False,
                label=model_field.verbose_name.capitalize(),
                help_text=model_field.help_text,
                widget=forms.CheckboxSelectMultiple,
            )
        if not self.instance.pk:
            del self.fields["version"]  # a new call: nothing to have been read

    def clean(self):
        data = super().clean()
        if not data.get("programme") and not (data.get("programme_name") or "").strip():
            self.add_error("programme", _("Choose the programme or write its name."))
        if not (data.get("title_sv") or "").strip() and not (data.get("title_en") or "").strip():
            self.add_error("title_sv", _("Give the call's title in Swedish or English."))
        if data.get("closes_at_time") and not data.get("closes_on"):
            self.add_error("closes_on", _("A closing time needs a last day."))
        if data.get("is_public") and not (data.get("audience_sv") or "").strip():
            self.add_error(
                "audience_sv", _("Say who the call suits: residents read it on the public page.")
            )
        if data.get("programme") and (data.get("programme_name") or "").strip():
            # The typed name had been dropped without a word: which one was meant?
            self.add_error(
                "programme_name",
                _("Choose the programme from the list or write its name here, not both."),
            )
        return data

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in CHANGED_FIELDS}


class RouteForm(StaffForm, forms.Form):
    note = forms.CharField(
        label=_("Note to the departments"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: why the call may suit them. It is in the e-mail."),
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        routed = call.routings.values_list("department_id", flat=True)
        # Made here, after StaffForm has turned choice fields' choices into lists.
        self.fields = {
            "departments": IdMultipleChoiceField(
                label=_("Departments"),
                queryset=_departments(call.municipality).exclude(pk__in=routed),
                widget=forms.CheckboxSelectMultiple,
                help_text=_(
                    "Their representatives get an e-mail and see the call on their start page."
                ),
                error_messages={"required": _("Choose at least one department.")},
            ),
            **self.fields,
        }
        if not self.is_bound:
            self.initial["departments"] = list(
                call.departments.exclude(pk__in=routed).values_list("pk", flat=True)
            )


class AnswerForm(StaffForm, forms.Form):
    answer = forms.ChoiceField(
        label=_("Do you apply?"),
        choices=[
            ("applying", _("Yes, we apply: register a project idea")),
            ("not_applying", _("No, we do not apply")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you apply.")},
    )
    reason = forms.CharField(
        label=_("Why not? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Helps the coordinator send better calls next time."),
    )


class CallImportForm(StaffForm, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A CSV or Excel file in the template's columns, or a JSON file saved from the EU "
            "Funding & Tenders Portal's search."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt", ".json")):
            raise forms.ValidationError(_("Choose a .csv, .xlsx or .json file."))
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
