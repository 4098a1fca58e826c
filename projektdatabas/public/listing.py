"""The public project list: the request's parameters turned into a search
(projects/search.py, where searching, filtering, sorting and counting live), and its
result drawn as filters with counts, active filters and pages.

Counts are drill-down counts: each shows how many of the current hits a value has, so
clicking it never leads to an empty page. They are exact: every hit is counted and ranked."""

from dataclasses import dataclass
from functools import lru_cache, partial
from urllib.parse import quote_plus, urlencode

from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils.translation import gettext as _
from django_countries import countries

from projektdatabas.core.i18n import localized, page_language, shown_language
from projektdatabas.core.kept import kept
from projektdatabas.organisations.models import Department, Municipality, Organisation
from projektdatabas.projects.models import ProjectKind, ProjectStatus
from projektdatabas.projects.reference import Programme, TargetGroup, Theme
from projektdatabas.projects.search import PublicSearch, parse_query
from projektdatabas.projects.search_form import ProjectSearchForm
from projektdatabas.strategy.models import Orientation

from .hits import hits, kept_rows

PAGE_SIZE = 20
FACET_LIMIT = 15
SHOW_ALL = "alla"  # the address's name for the one facet opened in full: alla=partner


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
    # Where it has more values than FACET_LIMIT: the address showing them all, or, when
    # they are shown, the one showing the first again.
    more_url: str = ""
    fewer_url: str = ""


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

    @property
    def results(self):
        return self.search.results

    @property
    def searched_for_nothing_usable(self) -> bool:
        """Text was typed but held no letters or digits to search for."""
        return bool(self.data.get("q")) and not self.query

    def ordered(self):
        return self.search.ordered()

    def page(self):
        ordered_ids = self.search.ordered_ids()
        page = Paginator(ordered_ids, PAGE_SIZE).get_page(self.data.get("sida", 1))
        page.object_list = hits(page.object_list)
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
        counts = facet_counts(self.search, self.params)
        regional = []
        if "kommun" in counts:
            municipalities = kept_rows(Municipality.objects.all())
            regional.append(
                related_facet(
                    self.params,
                    counts["kommun"],
                    "kommun",
                    _("Municipality"),
                    municipalities,
                    key_attr="slug",
                )
            )
        related = partial(related_facet, self.params)
        return regional + [
            choice_facet(self.params, counts["typ"], "typ", _("Kind"), ProjectKind),
            choice_facet(self.params, counts["status"], "status", _("Status"), ProjectStatus),
            related(counts["tema"], "tema", _("Theme"), kept_rows(Theme.objects.all()), "slug"),
            related(counts["program"], "program", _("Programme"), kept_rows(Programme.objects)),
            country_facet(self.params, counts["land"]),
            related(
                counts["partner"],
                "partner",
                _("Partner"),
                partner_rows(list(counts["partner"])),
            ),
            related(
                counts["forvaltning"],
                "forvaltning",
                _("Department"),
                kept_rows(Department.objects),
            ),
            related(
                counts["malgrupp"],
                "malgrupp",
                _("Target group"),
                kept_rows(TargetGroup.objects.all()),
                "slug",
            ),
            related(
                counts["inriktning"], "inriktning", _("Orientation"), kept_rows(Orientation.objects)
            ),
        ]


# Facets are built per search page for every value counted (a hundred links): the links'
# query strings share all but their last pair, so each facet encodes its shared part once
# (urlencode and QueryDict copies per link were a fifth of the page's Python time).


def facet_counts(search, params: QueryDict) -> dict[str, dict]:
    """The facets' counts: one more value than shown, so that a facet knows it has more,
    and every value of the facet opened in full."""
    return search.counts(limit=FACET_LIMIT + 1, whole=str(params.get(SHOW_ALL, "")))


def facet(params: QueryDict, key: str, label, items) -> Facet:
    """A facet of (value, label, count, language) items, in the order given, the first
    FACET_LIMIT unless it is opened in full (`alla=<key>`); each value links to the search
    with it chosen (the same query string as url_with() builds), or, when chosen, without
    it. A partner with one project is not left out of reach: "Visa alla" opens the rest."""
    chosen = str(params.get(key, ""))
    shared = urlencode(
        [(k, v) for k, values in params.lists() if k != "sida" and k != key for v in values]
    )
    without = f"?{shared}" if shared else "?"
    prefix = f"{without}&{quote_plus(key)}=" if shared else f"?{quote_plus(key)}="
    opened = params.get(SHOW_ALL) == key
    values = []
    for value, text, count, language in items if opened else items[:FACET_LIMIT]:
        value = str(value)
        selected = value == chosen
        url = without if selected else prefix + quote_plus(value)
        values.append(FacetValue(value, text, count, selected, url, language))
    more = fewer = ""
    if len(items) > FACET_LIMIT:
        rest = [(k, v) for k, vs in params.lists() if k not in ("sida", SHOW_ALL) for v in vs]
        if opened:
            fewer = f"?{urlencode(rest)}#filter-{key}"
        else:
            more = f"?{urlencode([*rest, (SHOW_ALL, key)])}#filter-{key}"
    return Facet(key, str(label), values, more, fewer)


def by_count(items: list) -> list:
    """Most hits first, then by label."""
    return sorted(items, key=lambda item: (-item[2], item[1]))


def choice_facet(params, counts, key, label, choices, *, ordered=False) -> Facet:
    """Kinds or statuses with hits, in the choices' order (`ordered`: by count)."""
    items = [
        (choice.value, str(choice.label), counts[choice.value], "")
        for choice in choices
        if counts.get(choice.value)
    ]
    return facet(params, key, label, by_count(items) if ordered else items)


def related_facet(params, counts, key, label, rows: dict, key_attr="pk") -> Facet:
    """Values counted by primary key, named from `rows` ({pk: object})."""
    items = []
    for pk, count in counts.items():
        obj = rows.get(pk)
        if obj is None:
            continue
        name = localized(obj, "name") if hasattr(obj, "name_sv") else obj.name
        items.append((getattr(obj, key_attr), name, count, name_language(obj)))
    return facet(params, key, label, by_count(items))


def country_facet(params, counts) -> Facet:
    names = country_names(page_language())
    items = [
        (code, names.get(code) or str(countries.name(code)), n, "") for code, n in counts.items()
    ]
    return facet(params, "land", _("Country"), by_count(items))


@lru_cache(maxsize=4)
def country_names(language: str) -> dict[str, str]:
    """Every country's name in the page's language, named once per process rather than a
    hundred gettext calls per page."""
    return {code: str(name) for code, name in countries}


def partner_rows(pks: list[int]) -> dict:
    """{pk: Organisation with its name} of the partners a facet names: read by name only,
    and kept per content version in each worker, filled as searches name more of them
    (the most frequent partners recur from one search to the next): on PostgreSQL a query
    is a round trip, half a millisecond of a search page."""
    known = kept("facet partners", dict)
    missing = [pk for pk in pks if pk not in known]
    if missing:
        if len(known) > MAX_KEPT_PARTNERS:
            known.clear()
        for pk, name in Organisation.objects.filter(pk__in=missing).values_list("pk", "name"):
            known[pk] = Organisation(pk=pk, name=name)
    return {pk: known[pk] for pk in pks if pk in known}


# Bounds the partners' names each worker keeps (a few MB).
MAX_KEPT_PARTNERS = 20_000
