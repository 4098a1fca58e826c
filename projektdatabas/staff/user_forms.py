"""Forms for administrators managing staff accounts and their roles."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.forms import inlineformset_factory

from projektdatabas.accounts.models import Membership

from .forms import NoColon


class NewUserForm(NoColon, UserCreationForm):
    """A local account; the password is checked against the validators (12 characters,
    not a common password, not like the user name)."""

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "first_name", "last_name", "email"]


class UserDetailsForm(NoColon, forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email", "is_active"]


class MembershipForm(NoColon, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "department", "committee"]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["department"].queryset = municipality.departments.filter(is_active=True)
        self.fields["committee"].queryset = municipality.committees.filter(is_active=True)


MembershipFormSet = inlineformset_factory(
    get_user_model(), Membership, form=MembershipForm, extra=1, can_delete=True
)
