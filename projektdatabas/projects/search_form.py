from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from projektdatabas.organisations.models import Department, Municipality, Organisation
from projektdatabas.strategy.models import Orientation

from .models import ProjectKind, ProjectStatus
from .reference import Programme, TargetGroup, Theme
from .search import Order
from .visibility import public_organisations


def country_choices():
    return list(countries)


class Sort(Order):
    CHOICES = [
        (Order.RELEVANCE, _("relevance")),
        (Order.NEWEST, _("newest")),
        (Order.START, _("start year")),
        (Order.BUDGET, _("budget")),
    ]


# The values come from an address, often an old or edited link, not from a choice the
# visitor made: the framework's "Select a valid choice" reads as if they had.
NOT_A_CHOICE = {"invalid_choice": _("there is no “%(value)s” to filter by.")}
A_YEAR = {
    "invalid": _("write a year in figures, such as 2024."),
    "min_value": _("write a year from 1950 to 2100."),
    "max_value": _("write a year from 1950 to 2100."),
}


class ProjectSearchForm(forms.Form):
    """The project search's query string. Parameter names are Swedish and stable: they are
    part of every shared link. The public list reports a bad value and leaves it out (never an
    error page); the API (api/) answers it with 400 and the same message."""

    q = forms.CharField(label=_("Search"), required=False, strip=True)
    kommun = forms.ModelChoiceField(
        error_messages=NOT_A_CHOICE,
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.none(),
        to_field_name="slug",
    )
    typ = forms.ChoiceField(
        error_messages=NOT_A_CHOICE, label=_("Kind"), required=False, choices=ProjectKind.choices
    )
    status = forms.ChoiceField(
        error_messages=NOT_A_CHOICE,
        label=_("Status"),
        required=False,
        choices=ProjectStatus.choices,
    )
    tema = forms.ModelChoiceField(
        error_messages=NOT_A_CHOICE,
        label=_("Theme"),
        required=False,
        queryset=Theme.objects.all(),
        to_field_name="slug",
    )
    program = forms.ModelChoiceField(
        error_messages=NOT_A_CHOICE,
        label=_("Programme"),
        required=False,
        queryset=Programme.objects.all(),
    )
    # A callable: every form copies its fields, and copying 250 countries' names was a
    # tenth of a search page's Python time.
    land = forms.ChoiceField(
        error_messages=NOT_A_CHOICE, label=_("Country"), required=False, choices=country_choices
    )
    partner = forms.ModelChoiceField(
        error_messages=NOT_A_CHOICE,
        label=_("Partner"),
        required=False,
        queryset=Organisation.objects.all(),
    )
    forvaltning = forms.ModelChoiceField(
        error_messages=NOT_A_CHOICE,
        label=_("Department"),
        required=False,
        queryset=Department.objects.all(),
    )
    malgrupp = forms.ModelChoiceField(
        error_messages=NOT_A_CHOICE,
        label=_("Target group"),
        required=False,
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
    )
    inriktning = forms.ModelChoiceField(
        error_messages=NOT_A_CHOICE,
        label=_("Orientation"),
        required=False,
        queryset=Orientation.objects.all(),
    )
    fran = forms.IntegerField(
        error_messages=A_YEAR, label=_("From year"), required=False, min_value=1950, max_value=2100
    )
    till = forms.IntegerField(
        error_messages=A_YEAR, label=_("To year"), required=False, min_value=1950, max_value=2100
    )
    sortera = forms.ChoiceField(
        error_messages={"invalid_choice": _("there is no order called “%(value)s”.")},
        label=_("Sort by"),
        required=False,
        choices=Sort.CHOICES,
    )
    # The page number as given: the paginator turns anything that is not a page into the
    # first page (or the last, past the end), as the other lists do. A message naming it
    # ("Sida: Fyll i ett heltal") would only puzzle someone who followed an old link.
    sida = forms.CharField(required=False, label=_("Page"))

    FILTERS = [
        "kommun",
        "typ",
        "status",
        "tema",
        "program",
        "land",
        "partner",
        "forvaltning",
        "malgrupp",
        "inriktning",
        "fran",
        "till",
    ]

    def __init__(self, data, *, municipality=None, municipalities=()):
        """One municipality's search, or a regional one over `municipalities`, where
        `kommun` (a municipality's slug) picks one of them."""
        super().__init__(data)
        municipalities = list(municipalities) or [municipality]
        # An organisation without a public page is as unknown here as a made-up id. (Built
        # only to check a partner asked for: building it cost a search page half a ms.)
        if data and data.get("partner"):
            self.fields["partner"].queryset = public_organisations(
                municipality, municipalities=municipalities
            )
        if len(municipalities) > 1:
            self.fields["kommun"].queryset = Municipality.objects.filter(
                pk__in=[m.pk for m in municipalities]
            )
        else:
            del self.fields["kommun"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("fran"), cleaned.get("till")
        if start and end and start > end:
            self.add_error("till", _("The end year cannot be before the start year."))
        return cleaned

    def valid_data(self) -> dict:
        """The values that passed validation; invalid ones are dropped (and shown)."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in (None, "")
        }
