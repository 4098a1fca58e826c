"""Forms for money in the staff pages: payments received, the yearly allocations and
their use, hourly rates. Labels come from the models' verbose names."""

from django import forms
from django.utils.translation import gettext_lazy as _

from projektdatabas.finance.models import (
    AllocationSpending,
    AnnualAllocation,
    Receipt,
    StaffTimeRate,
)
from projektdatabas.projects.models import Programme

from .forms import NOT_KRONOR, StaffForm

DATE = forms.DateInput(attrs={"type": "date"})


class ReceiptForm(StaffForm, forms.ModelForm):
    past_dates = ("received_on",)
    shown_when = {"exchange_rate": ("currency", NOT_KRONOR)}
    neutral = {"exchange_rate": "1"}

    class Meta:
        model = Receipt
        fields = ["received_on", "amount", "currency", "exchange_rate", "programme", "note"]
        widgets = {"received_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(is_eu=True)


class AllocationForm(StaffForm, forms.ModelForm):
    # The model has no range: a budget year is one the municipality could have set, the
    # same range as an hourly rate's year.
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)

    class Meta:
        model = AnnualAllocation
        fields = ["year", "purpose", "amount", "decision_reference"]


class SpendingForm(StaffForm, forms.ModelForm):
    past_dates = ("spent_on",)

    class Meta:
        model = AllocationSpending
        fields = ["spent_on", "amount", "description", "project"]
        widgets = {"spent_on": DATE}

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["project"].help_text = _(
            "Optional: the project the money went to, among those running in the year."
        )


class StaffTimeRateForm(StaffForm, forms.ModelForm):
    class Meta:
        model = StaffTimeRate
        fields = ["year", "hourly_rate_sek", "basis"]


class VoidForm(StaffForm, forms.Form):
    void_reason = forms.CharField(
        label=_("Reason for voiding"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "E.g. entered twice, or by mistake. The record stays, marked as voided, and "
            "counts in no sum."
        ),
    )
