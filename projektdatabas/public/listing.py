"""The public project list: search, filters with counts, sorting and pages.

Counts are drill-down counts: each shows how many of the current hits a value has, so
clicking it never leads to an empty page.

A capped candidate set keeps every list fast at a million projects: the list, its sorting
and its counts cover at most the CANDIDATE_CAP most recently added matches, found newest
first (which both FTS5 and an index on the primary key give without ranking or counting
every hit). Counting and ranking all 200,000 hits of a broad word took 0.5 s per count on
SQLite (bench/README.md); fetching the newest 2,001 takes about 50 ms. When a search is
broader than the cap, the page says so and invites narrowing it."""

import json
from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.utils.translation import gettext as _
from django_countries import countries

from projektdatabas.core.i18n import localized
from projektdatabas.organisations.models import Department, Organisation
from projektdatabas.projects.models import Project, ProjectKind, ProjectPartner, ProjectStatus
from projektdatabas.projects.reference import Programme, TargetGroup, Theme
from projektdatabas.projects.search import newest_public_matches, parse_query, rank
from projektdatabas.strategy.models import Orientation

from .forms import ProjectSearchForm, Sort

PAGE_SIZE = 20
FACET_LIMIT = 15
CANDIDATE_CAP = 2000


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str


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


def url_with(params: QueryDict, **changes) -> str:
    """The query string with some parameters changed (None removes); the page resets."""
    query = params.copy()
    query.pop("sida", None)
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def id_set(ids: list[int]) -> RawSQL:
    """A list of ids as a subquery with one parameter. Binding 2,000 ids one by one in
    each facet's query cost Django more than the counting itself (cProfile: 120 of
    240 ms for the nine facets)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])  # noqa: S611
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])  # noqa: S611


def apply_filters(projects, data: dict):
    if "typ" in data:
        projects = projects.filter(kind=data["typ"])
    if "status" in data:
        projects = projects.filter(status=data["status"])
    if "tema" in data:
        projects = projects.filter(themes=data["tema"])
    if "program" in data:
        projects = projects.filter(programmes=data["program"])
    if "land" in data:
        projects = projects.in_country(data["land"])
    if "partner" in data:
        projects = projects.filter(partnerships__organisation=data["partner"])
    if "forvaltning" in data:
        projects = projects.filter(lead_department=data["forvaltning"])
    if "malgrupp" in data:
        projects = projects.filter(target_groups=data["malgrupp"])
    if "inriktning" in data:
        projects = projects.filter(orientations=data["inriktning"])
    if "fran" in data:
        projects = projects.filter(Q(end_date__year__gte=data["fran"]) | Q(end_date__isnull=True))
    if "till" in data:
        projects = projects.filter(start_date__year__lte=data["till"])
    return projects


def sort(projects, order: str):
    """Orders other than relevance, which search.rank computes over candidates."""
    if order == Sort.START:
        return projects.order_by(F("start_date").desc(nulls_last=True), "-id")
    if order == Sort.BUDGET:
        return projects.order_by(F("total_budget_sek").desc(nulls_last=True), "-id")
    return projects.order_by(F("first_published_at").desc(nulls_last=True), "-id")


class ProjectListing:
    def __init__(self, *, municipality, params: QueryDict):
        self.form = ProjectSearchForm(params, municipality=municipality)
        self.data = self.form.valid_data()
        # Links built from here carry only values that worked.
        self.params = params.copy()
        for key in self.form.errors:
            self.params.pop(key, None)
        self.query = parse_query(self.data.get("q", ""))
        self.municipality = municipality
        self.base = Project.objects.for_municipality(municipality).public()
        self.results = apply_filters(self.base.search(self.query), self.data)
        default_order = Sort.RELEVANCE if self.query else Sort.NEWEST
        self.order = self.data.get("sortera", default_order)
        if self.order == Sort.RELEVANCE and not self.query:
            self.order = Sort.NEWEST

    @property
    def searched_for_nothing_usable(self) -> bool:
        """Text was typed but held no letters or digits to search for."""
        return bool(self.data.get("q")) and not self.query

    def ordered(self):
        """Every hit, sorted (for downloads, which are not capped); newest first when the
        list is sorted by relevance, since ranking every hit of a broad word is too slow."""
        return sort(self.results, self.order)

    @cached_property
    def _candidates(self) -> list[int]:
        if self.query and not any(key in self.data for key in ProjectSearchForm.FILTERS):
            # Words only, the common case: the full-text index gives its newest hits first.
            return newest_public_matches(
                self.query,
                public_projects=self.base,
                municipality_id=self.municipality.pk,
                limit=CANDIDATE_CAP + 1,
            )
        ids = self.results.order_by("-id").values_list("id", flat=True)[: CANDIDATE_CAP + 1]
        return list(ids)

    @property
    def capped(self) -> bool:
        """More hits than the cap: lists and counts cover the newest CANDIDATE_CAP."""
        return len(self._candidates) > CANDIDATE_CAP

    @property
    def candidate_ids(self) -> list[int]:
        return self._candidates[:CANDIDATE_CAP]

    def page(self):
        if self.order == Sort.RELEVANCE:
            ordered_ids = rank(self.query, self.candidate_ids)
        else:
            candidates = Project.objects.filter(id__in=id_set(self.candidate_ids))
            ordered_ids = list(sort(candidates, self.order).values_list("id", flat=True))
        page = Paginator(ordered_ids, PAGE_SIZE).get_page(self.data.get("sida", 1))
        rows = Project.objects.select_related("lead_department").in_bulk(page.object_list)
        page.object_list = [rows[pk] for pk in page.object_list]
        return page

    def active_filters(self, *, with_counts: bool = False) -> list[ActiveFilter]:
        active = []
        for key in ProjectSearchForm.FILTERS:
            if key not in self.data:
                continue
            field = self.form.fields[key]
            active.append(
                ActiveFilter(
                    key=key,
                    label=str(field.label),
                    value_label=self._value_label(key),
                    remove_url=url_with(self.params, **{key: None}),
                )
            )
        if with_counts:
            for item in active:
                rest = {k: v for k, v in self.data.items() if k != item.key}
                widened = apply_filters(self.base.search(self.query), rest)
                item.count_without = len(widened.values_list("id")[: CANDIDATE_CAP + 1])
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
        ids = id_set(self.candidate_ids)
        candidates = Project.objects.filter(id__in=ids)
        return [
            self._choice_facet(candidates, "typ", _("Kind"), "kind", ProjectKind),
            self._choice_facet(candidates, "status", _("Status"), "status", ProjectStatus),
            self._related_facet(
                "tema",
                _("Theme"),
                Project.themes.through.objects.filter(project_id__in=ids),
                "theme",
                Theme.objects.all(),
                key_attr="slug",
            ),
            self._related_facet(
                "program",
                _("Programme"),
                Project.programmes.through.objects.filter(project_id__in=ids),
                "programme",
                Programme.objects.all(),
            ),
            self._country_facet(ids),
            self._related_facet(
                "partner",
                _("Partner"),
                ProjectPartner.objects.filter(project_id__in=ids),
                "organisation",
                Organisation.objects.all(),
            ),
            self._related_facet(
                "forvaltning",
                _("Department"),
                candidates,
                "lead_department",
                Department.objects.all(),
            ),
            self._related_facet(
                "malgrupp",
                _("Target group"),
                Project.target_groups.through.objects.filter(project_id__in=ids),
                "targetgroup",
                TargetGroup.objects.all(),
                key_attr="slug",
            ),
            self._related_facet(
                "inriktning",
                _("Orientation"),
                Project.orientations.through.objects.filter(project_id__in=ids),
                "orientation",
                Orientation.objects.select_related("area"),
            ),
        ]

    def _facet_value(self, key, value, label, count) -> FacetValue:
        selected = str(self.params.get(key, "")) == str(value)
        url = url_with(self.params, **{key: None if selected else value})
        return FacetValue(str(value), label, count, selected, url)

    def _choice_facet(self, candidates, key, label, field, choices) -> Facet:
        rows = candidates.order_by().values(field).annotate(n=Count("id"))
        counts = {row[field]: row["n"] for row in rows}
        values = [
            self._facet_value(key, choice.value, str(choice.label), counts[choice.value])
            for choice in choices
            if counts.get(choice.value)
        ]
        return Facet(key, str(label), values)

    def _related_facet(self, key, label, rows, field, objects, key_attr="pk") -> Facet:
        counts = dict(
            rows.order_by()
            .values_list(f"{field}_id")
            .annotate(n=Count("*"))
            .order_by("-n")[:FACET_LIMIT]
        )
        values = []
        for obj in objects.filter(pk__in=counts):
            name = localized(obj, "name") if hasattr(obj, "name_sv") else obj.name
            values.append(self._facet_value(key, getattr(obj, key_attr), name, counts[obj.pk]))
        values.sort(key=lambda v: (-v.count, v.label))
        return Facet(key, str(label), values)

    def _country_facet(self, ids) -> Facet:
        rows = (
            ProjectPartner.objects.filter(project_id__in=ids)
            .order_by()
            .values_list("organisation__country")
            .annotate(n=Count("project", distinct=True))
        )
        values = [self._facet_value("land", code, str(countries.name(code)), n) for code, n in rows]
        values.sort(key=lambda v: (-v.count, v.label))
        return Facet("land", str(_("Country")), values[:FACET_LIMIT])
