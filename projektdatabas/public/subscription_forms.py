from django import forms
from django.utils.translation import gettext_lazy as _

from projektdatabas.core.formfields import IdMultipleChoiceField
from projektdatabas.core.i18n import localized
from projektdatabas.projects.reference import Theme

from .antispam import AntiSpamMixin


class _ThemeChoice(IdMultipleChoiceField):
    def label_from_instance(self, obj):
        return localized(obj, "name")


class _TwinningChoice(IdMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.partner.name


class ChoicesForm(forms.Form):
    """What a subscription covers; the sign-up form adds the address."""

    news = forms.BooleanField(label=_("News"), required=False)
    projects = forms.BooleanField(label=_("Newly published projects"), required=False)
    twinning_events = forms.BooleanField(
        label=_("Twin-town activities (visits, exchanges, agreements)"), required=False
    )
    themes = _ThemeChoice(
        label=_("Only projects with these themes"),
        help_text=_("Choose none for projects with any theme."),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    twinnings = _TwinningChoice(
        label=_("Only these twin towns"),
        help_text=_(
            "For projects and twin-town activities. Choose none to hear about all of them."
        ),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["twinnings"].queryset = municipality.twinnings.select_related(
            "partner"
        ).order_by("partner__name")

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("news", "projects", "twinning_events")):
            raise forms.ValidationError(
                _("Choose at least one thing to subscribe to: news, projects or activities."),
                code="nothing_chosen",
            )
        return cleaned


class SubscribeForm(AntiSpamMixin, ChoicesForm):
    antispam_scope = "subscribe"

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        # Django's "Detta fält måste fyllas i." says nothing the field's neighbours do not.
        error_messages={"required": _("Write your e-mail address.")},
    )
    field_order = ["email"]

    def clean_email(self):
        email = self.cleaned_data["email"]
        domain = email.rpartition("@")[2]
        # The address check accepts "name@localhost" and "name@[192.0.2.1]": mail to those
        # goes to the server itself or a machine on its network, never to a resident.
        if domain.startswith("[") or "." not in domain:
            raise forms.ValidationError(
                _("Give an address that e-mail reaches over the internet, like namn@exempel.se."),
                code="not_internet",
            )
        return email
