"""Forms for administrators managing staff accounts and their roles."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from projektdatabas.accounts.models import Membership
from projektdatabas.organisations.models import Committee, Department, Municipality

from .forms import StaffForm


class NewUserForm(StaffForm, UserCreationForm):
    """A local account; the password is checked against the validators (12 characters,
    not a common password, not like the user name)."""

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "first_name", "last_name", "email"]


class UserDetailsForm(StaffForm, forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]  # deactivating is its own action


class MembershipForm(StaffForm, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["municipality", "role", "department", "committee"]

    def __init__(self, *args, municipalities, **kwargs):
        """Only the administrator's own municipalities (and their departments and
        committees) can be chosen; with one there is nothing to choose."""
        super().__init__(*args, **kwargs)
        municipalities = list(municipalities)
        if len(municipalities) == 1:
            del self.fields["municipality"]
            self.instance.municipality = municipalities[0]
        else:
            self.fields["municipality"].queryset = Municipality.objects.filter(
                pk__in=[m.pk for m in municipalities]
            )
        self.fields["department"].queryset = Department.objects.filter(
            municipality__in=municipalities, is_active=True
        )
        self.fields["committee"].queryset = Committee.objects.filter(
            municipality__in=municipalities, is_active=True
        )

    def clean(self):
        cleaned = super().clean()
        municipality = cleaned.get("municipality")
        for name in ("department", "committee"):
            scope = cleaned.get(name)
            if municipality and scope and scope.municipality_id != municipality.pk:
                self.add_error(name, _("It belongs to another municipality than the role."))
        return cleaned


MembershipFormSet = inlineformset_factory(
    get_user_model(), Membership, form=MembershipForm, extra=1, can_delete=True
)
