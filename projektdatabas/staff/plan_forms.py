"""Forms for action plans and measures."""

from django import forms
from django.utils.translation import gettext_lazy as _

from projektdatabas.planning.models import (
    ActionPlan,
    Measure,
    Rating,
    StrategyReview,
)

from .forms import StaffForm, person_name

DATE = forms.DateInput(attrs={"type": "date"})


class PlanForm(StaffForm, forms.ModelForm):
    past_dates = ("adopted_on",)

    class Meta:
        model = ActionPlan
        fields = [
            "strategy",
            "title",
            "starts_on",
            "ends_on",
            "adopted_on",
            "decision_reference",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "adopted_on": DATE}

    def __init__(self, *args, strategies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategy"].queryset = strategies
        # The status moves by its own steps (adopt, evaluate, revise), each with its checks;
        # the day of the adoption is set by adopting, and corrected here afterwards.
        if self.instance.adopted_on is None:
            del self.fields["adopted_on"]
        else:
            self.fields["adopted_on"].required = True


class PlanAdoptionForm(StaffForm, forms.Form):
    past_dates = ("adopted_on",)

    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE)
    decision_reference = forms.CharField(
        label=_("Case number (diarienummer)"),
        max_length=50,
        required=False,
        help_text=_("As the registry gave it, for example KS 2026/42."),
    )


class MeasureForm(StaffForm, forms.ModelForm):
    class Meta:
        model = Measure
        fields = [
            "number",
            "orientation",
            "description_sv",
            "description_en",
            "responsible_department",
            "responsible_person",
            "starts_on",
            "deadline",
            "indicator",
            "target_value",
            "status",
            "progress",
            "projects",
            "assessment_rating",
            "assessment",
        ]
        widgets = {
            "starts_on": DATE,
            "deadline": DATE,
            "description_sv": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "assessment": forms.Textarea(attrs={"rows": 3}),
            "projects": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        municipality = plan.strategy.municipality
        self.fields["orientation"].queryset = self.fields["orientation"].queryset.filter(
            area__strategy=plan.strategy
        )
        self.fields["responsible_department"].queryset = municipality.departments.filter(
            is_active=True
        )
        self.fields["responsible_person"].queryset = (
            self.fields["responsible_person"]
            .queryset.filter(memberships__municipality=municipality)
            .distinct()
        )
        self.fields["responsible_person"].label_from_instance = person_name
        self.fields["projects"].queryset = municipality.projects.filter(archived_at__isnull=True)


class ProgressForm(StaffForm, forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["status", "progress", "progress_note"]
        help_texts = {"progress": _("0–100. A measure marked done counts as 100.")}
        widgets = {"progress_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["progress"].percent = True  # "40 %" was refused as not a whole number


class PlanEvaluationForm(StaffForm, forms.Form):
    past_dates = ("evaluated_on",)

    # Buttons with none chosen: a preselected "achieved" was saved by one careless click.
    rating = forms.ChoiceField(
        label=_("Overall assessment"), choices=Rating.choices, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label=_("Evaluation of the plan"), widget=forms.Textarea(attrs={"rows": 6})
    )
    evaluated_on = forms.DateField(label=_("Evaluated on"), widget=DATE)


class PlanRevisionForm(StaffForm, forms.Form):
    title = forms.CharField(label=_("Title of the next plan"), max_length=250)


class StrategyReviewForm(StaffForm, forms.ModelForm):
    past_dates = ("reviewed_on",)

    class Meta:
        model = StrategyReview
        fields = ["reviewed_on", "decision_reference", "outcome", "summary"]
        widgets = {
            "reviewed_on": DATE,
            "outcome": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 6}),
        }


class ImportForm(StaffForm, forms.Form):
    file = forms.FileField(
        label=_("File (CSV or Excel)"),
        help_text=_(
            "Columns: nummer, framsteg, status. Download the current values to start from."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload
