"""The form for the semi-annual report's distribution list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from projektdatabas.reporting.models import Recipient

from .forms import StaffForm


class RecipientForm(StaffForm, forms.ModelForm):
    class Meta:
        model = Recipient
        fields = ["name", "email", "role"]

    def clean_email(self):
        # The municipality is not a field of the form, so Django's own check of the unique
        # constraint would skip it and the database refuse the save instead.
        email = self.cleaned_data["email"]
        others = Recipient.objects.filter(
            municipality=self.instance.municipality, email__iexact=email
        ).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("This address is already on the list."))
        return email
