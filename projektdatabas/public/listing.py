"""The public project list: the request's parameters turned into a search
(projects/search.py, where searching, filtering, sorting and counting live), and its
result drawn as filters with counts, active filters and pages.

Counts are drill-down counts: each shows how many of the current hits a value has, so
clicking it never leads to an empty page. They are exact: every hit is counted and ranked."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils.translation import gettext as _
from django_countries import countries

from projektdatabas.core.i18n import localized, shown_language
from projektdatabas.organisations.models import Department, Municipality, Organisation
from projektdatabas.projects.models import Project, ProjectKind, ProjectStatus
from projektdatabas.projects.reference import Programme, TargetGroup, Theme
from projektdatabas.projects.search import PublicSearch, parse_query
from projektdatabas.projects.search_form import ProjectSearchForm
from projektdatabas.strategy.models import Orientation

PAGE_SIZE = 20
FACET_LIMIT = 15


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str
    language: str = ""  # of the label, marked where it is not the page's (WCAG 3.1.2)


@dataclass
class Facet:
    key: str
    label: str
    values: list[FacetValue]


@dataclass
class ActiveFilter:
    key: str
    label: str
    value_label: str
    remove_url: str
    count_without: int | None = None
    value_language: str = ""  # of value_label, as FacetValue.language


def name_language(obj) -> str:
    """The language of a filter value's name as shown; none for a partner organisation, whose
    name is a proper name in its own country's language."""
    return "" if isinstance(obj, Organisation) else shown_language(obj, "name")


def url_with(params: QueryDict, **changes) -> str:
    """The query string with some parameters changed (None removes); the page resets.
    A page has a hundred of these links: built from pairs, not from a copied QueryDict
    (its deep copy was a fifth of a search page's Python time)."""
    dropped = {"sida", *changes}
    pairs = [(k, v) for k, values in params.lists() if k not in dropped for v in values]
    pairs += [(k, str(v)) for k, v in changes.items() if v not in (None, "")]
    encoded = urlencode(pairs)
    return f"?{encoded}" if encoded else "?"


class ProjectListing:
    """One municipality's list (`municipality`) or a regional one (`municipalities`, with a
    `kommun` facet)."""

    def __init__(self, *, municipality=None, municipalities=(), params: QueryDict):
        municipalities = list(municipalities) or [municipality]
        self.form = ProjectSearchForm(params, municipalities=municipalities)
        self.data = self.form.valid_data()
        # Links built from here carry only values that worked.
        self.params = params.copy()
        for key in self.form.errors:
            self.params.pop(key, None)
        self.query = parse_query(self.data.get("q", ""))
        filters = {k: v for k, v in self.data.items() if k in ProjectSearchForm.FILTERS}
        self.search = PublicSearch(
            municipalities=municipalities,
            query=self.query,
            filters=filters,
            order=self.data.get("sortera", ""),
        )
        self.order = self.search.order
        self.results = self.search.results

    @property
    def searched_for_nothing_usable(self) -> bool:
        """Text was typed but held no letters or digits to search for."""
        return bool(self.data.get("q")) and not self.query

    def ordered(self):
        return self.search.ordered()

    def page(self):
        ordered_ids = self.search.ordered_ids()
        page = Paginator(ordered_ids, PAGE_SIZE).get_page(self.data.get("sida", 1))
        rows = Project.objects.select_related("lead_department").in_bulk(page.object_list)
        page.object_list = [rows[pk] for pk in page.object_list]
        return page

    def active_filters(self, *, with_counts: bool = False) -> list[ActiveFilter]:
        active = []
        for key in ProjectSearchForm.FILTERS:
            if key not in self.data:
                continue
            field, value = self.form.fields[key], self.data[key]
            active.append(
                ActiveFilter(
                    key=key,
                    label=str(field.label),
                    value_label=self._value_label(key),
                    value_language=name_language(value) if hasattr(value, "pk") else "",
                    remove_url=url_with(self.params, **{key: None}),
                )
            )
        if with_counts:
            for item in active:
                item.count_without = self.search.count_without(item.key)
        return active

    def _value_label(self, key) -> str:
        value = self.data[key]
        if key == "typ":
            return str(ProjectKind(value).label)
        if key == "status":
            return str(ProjectStatus(value).label)
        if key == "land":
            return str(countries.name(value))
        if key in ("fran", "till"):
            return str(value)
        if hasattr(value, "name_sv"):
            return localized(value, "name")
        return str(value)

    # --- facets -----------------------------------------------------------------
    def facets(self) -> list[Facet]:
        counts = self.search.counts(limit=FACET_LIMIT)
        regional = []
        if "kommun" in counts:
            regional.append(
                self._related_facet(
                    counts["kommun"],
                    "kommun",
                    _("Municipality"),
                    Municipality.objects.all(),
                    key_attr="slug",
                )
            )
        return regional + [
            self._choice_facet(counts["typ"], "typ", _("Kind"), ProjectKind),
            self._choice_facet(counts["status"], "status", _("Status"), ProjectStatus),
            self._related_facet(
                counts["tema"], "tema", _("Theme"), Theme.objects.all(), key_attr="slug"
            ),
            self._related_facet(counts["program"], "program", _("Programme"), Programme.objects),
            self._country_facet(counts["land"]),
            self._related_facet(counts["partner"], "partner", _("Partner"), Organisation.objects),
            self._related_facet(
                counts["forvaltning"], "forvaltning", _("Department"), Department.objects
            ),
            self._related_facet(
                counts["malgrupp"],
                "malgrupp",
                _("Target group"),
                TargetGroup.objects.all(),
                key_attr="slug",
            ),
            self._related_facet(
                counts["inriktning"],
                "inriktning",
                _("Orientation"),
                Orientation.objects.select_related("area"),
            ),
        ]

    def _facet_value(self, key, value, label, count) -> FacetValue:
        selected = str(self.params.get(key, "")) == str(value)
        url = url_with(self.params, **{key: None if selected else value})
        return FacetValue(str(value), label, count, selected, url)

    def _choice_facet(self, counts, key, label, choices) -> Facet:
        values = [
            self._facet_value(key, choice.value, str(choice.label), counts[choice.value])
            for choice in choices
            if counts.get(choice.value)
        ]
        return Facet(key, str(label), values)

    def _related_facet(self, counts, key, label, objects, key_attr="pk") -> Facet:
        values = []
        for obj in objects.filter(pk__in=counts):
            name = localized(obj, "name") if hasattr(obj, "name_sv") else obj.name
            value = self._facet_value(key, getattr(obj, key_attr), name, counts[obj.pk])
            value.language = name_language(obj)
            values.append(value)
        values.sort(key=lambda v: (-v.count, v.label))
        return Facet(key, str(label), values)

    def _country_facet(self, counts) -> Facet:
        values = [
            self._facet_value("land", code, str(countries.name(code)), n)
            for code, n in counts.items()
        ]
        values.sort(key=lambda v: (-v.count, v.label))
        return Facet("land", str(_("Country")), values[:FACET_LIMIT])
