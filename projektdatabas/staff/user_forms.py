"""Forms for administrators managing staff accounts and their roles."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from projektdatabas.accounts.models import Membership, Role
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
        fields = ["municipality", "region", "role", "department", "committee"]

    def __init__(self, *args, municipalities, regional=False, home=None, **kwargs):
        """Only the administrator's own municipalities (and their departments and
        committees) can be chosen; with one there is nothing to choose. The regional
        coordinator's role (held for a region, reading all its municipalities) only where
        `regional`: for a superuser (accounts.permissions.can_give_regional_role)."""
        super().__init__(*args, **kwargs)
        if not regional:
            del self.fields["region"]
            self.fields["role"].choices = [
                choice
                for choice in self.fields["role"].choices
                if choice[0] != Role.REGIONAL_COORDINATOR
            ]
        municipalities = list(municipalities)
        if len(municipalities) == 1:
            del self.fields["municipality"]
            self.instance.municipality = municipalities[0]
        else:
            self.fields["municipality"].queryset = Municipality.objects.filter(
                pk__in=[m.pk for m in municipalities]
            )
            # A new role is most often for the administrator's own municipality (`home`).
            if home is not None and not self.instance.pk:
                self.fields["municipality"].initial = home.pk
        self.fields["department"].queryset = Department.objects.filter(
            municipality__in=municipalities, is_active=True
        )
        self.fields["committee"].queryset = Committee.objects.filter(
            municipality__in=municipalities, is_active=True
        )

    def clean(self):
        cleaned = super().clean()
        self._clean_scope(cleaned)
        municipality = cleaned.get("municipality")
        for name in ("department", "committee"):
            scope = cleaned.get(name)
            if municipality and scope and scope.municipality_id != municipality.pk:
                self.add_error(name, _("It belongs to another municipality than the role."))
        return cleaned

    def _clean_scope(self, cleaned) -> None:
        """A regional coordinator's role is held for a region, every other for a municipality."""
        if "region" in self.fields and cleaned.get("role") == Role.REGIONAL_COORDINATOR:
            if not cleaned.get("region"):
                self.add_error("region", _("Choose the region the regional coordinator reads."))
            cleaned["municipality"] = self.instance.municipality = None
        else:
            if cleaned.get("region"):
                self.add_error("region", _("Only the regional coordinator's role has a region."))
                cleaned["region"] = None
            if "municipality" in self.fields and not cleaned.get("municipality"):
                self.add_error("municipality", _("Choose the municipality of the role."))


MembershipFormSet = inlineformset_factory(
    get_user_model(), Membership, form=MembershipForm, extra=1, can_delete=True
)
