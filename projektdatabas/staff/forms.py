"""Forms of the staff interface. Labels come from the models' verbose names, so they
are translated once; the forms add what the models cannot know (whose departments)."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from projektdatabas.finance.models import Funding
from projektdatabas.governance.models import Decision, DecisionKind, Delegation
from projektdatabas.projects.models import (
    FINISHED_STATUSES,
    STARTED_STATUSES,
    Project,
    ProjectPartner,
)


class NoColon:
    """Labels without Django's trailing colon: the label sits above its field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def add_service_errors(form, error: ValidationError) -> None:
    """A service's refusal onto the form, so it shows beside what was typed: on the field
    it names when the form has that field, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class RowForm(NoColon, forms.ModelForm):
    pass


class SignInForm(NoColon, forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", autofocus=True)
        self.fields["password"].widget.attrs.update(autocomplete="current-password")


class TokenForm(NoColon, forms.Form):
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


class VersionedForm(NoColon, forms.ModelForm):
    """Carries the version the form was read at (see projects/editing.py)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version


class BasicsForm(VersionedForm):
    class Meta:
        model = Project
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
            "summary_sv",
            "summary_en",
            "source_note",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "completed_on": forms.DateInput(attrs={"type": "date"}),
            "summary_sv": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
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

    def save(self, commit=True):
        project = super().save(commit=False)
        project.slug = slugify(project.title_sv)[:80] or "projekt"
        if commit:
            project.save()
        return project


class NewProjectForm(BasicsForm):
    """The first section, before there is a version to carry."""

    version = None


class MoneyForm(VersionedForm):
    class Meta:
        model = Project
        fields = ["applied_on", "total_budget", "budget_currency", "budget_exchange_rate"]
        widgets = {"applied_on": forms.DateInput(attrs={"type": "date"})}


class StrategyForm(VersionedForm):
    class Meta:
        model = Project
        fields = [
            "programmes",
            "themes",
            "target_groups",
            "participants",
            "young_participants",
            "orientations",
            "growth_dimensions",
            "sdgs",
        ]
        widgets = dict.fromkeys(
            ("programmes", "themes", "target_groups", "orientations", "growth_dimensions", "sdgs"),
            forms.CheckboxSelectMultiple,
        )


class PublicTextForm(VersionedForm):
    class Meta:
        model = Project
        fields = ["public_summary_sv", "public_summary_en", "results_sv", "results_en"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}


class PartnersOnlyForm(VersionedForm):
    """The partners section edits no project field; it carries the version only."""

    class Meta:
        model = Project
        fields = []


PartnerFormSet = inlineformset_factory(
    Project, ProjectPartner, form=RowForm, fields=["organisation", "role"], extra=2, can_delete=True
)
FundingFormSet = inlineformset_factory(
    Project,
    Funding,
    form=RowForm,
    fields=[
        "source",
        "programme",
        "funder",
        "amount",
        "currency",
        "exchange_rate",
        "staff_hours",
        "note",
    ],
    extra=2,
    can_delete=True,
)


class DecisionForm(NoColon, forms.ModelForm):
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

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == DecisionKind.DELEGATED and not data.get("delegation"):
            self.add_error("delegation", _("Choose the delegation the decision rests on."))
        if kind == DecisionKind.COMMITTEE and data.get("delegation"):
            self.add_error("delegation", _("A committee decision rests on no delegation."))
        return data
