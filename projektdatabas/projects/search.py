"""Search, in one place: one search of a municipality's public projects with its filters,
order, capped candidate set and counts (PublicSearch), on the full-text matching of
fulltext.py, whose names are taken from here too."""

import json
from functools import cached_property

from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.expressions import RawSQL

from .fulltext import (
    ParsedQuery,
    highlight,
    matching_ids,
    newest_public_matches,
    parse_query,
    rank,
)
from .models import Project, ProjectPartner

__all__ = ["ParsedQuery", "highlight", "matching_ids", "parse_query", "rank", "PublicSearch"]

# --- one search of a municipality's public projects ---------------------------------------
# The public list, its downloads and its filter counts all ask this (public/listing.py only
# turns the request's parameters into a query, filters and an order, and draws the result).
#
# A capped candidate set keeps every list fast at a million projects: the list, its sorting
# and its counts cover at most the CANDIDATE_CAP most recently added matches, found newest
# first (which both FTS5 and an index on the primary key give without ranking or counting
# every hit). Counting and ranking all 200,000 hits of a broad word took 0.5 s per count on
# SQLite (bench/README.md); fetching the newest 2,001 takes about 50 ms.
CANDIDATE_CAP = 2000


class Order:
    """How a list is sorted; the values are the stable Swedish `sortera` parameter."""

    RELEVANCE = "relevans"
    NEWEST = "nyast"
    START = "start"
    BUDGET = "budget"


def id_set(ids: list[int]) -> RawSQL:
    """A list of ids as a subquery with one parameter. Binding 2,000 ids one by one in
    each facet's query cost Django more than the counting itself (cProfile: 120 of
    240 ms for the nine facets)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])  # noqa: S611
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])  # noqa: S611


def apply_filters(projects, filters: dict):
    """Filters by the search's (stable, Swedish) names, each value already validated."""
    if "typ" in filters:
        projects = projects.filter(kind=filters["typ"])
    if "status" in filters:
        projects = projects.filter(status=filters["status"])
    if "tema" in filters:
        projects = projects.filter(themes=filters["tema"])
    if "program" in filters:
        projects = projects.filter(programmes=filters["program"])
    if "land" in filters:
        projects = projects.in_country(filters["land"])
    if "partner" in filters:
        projects = projects.filter(partnerships__organisation=filters["partner"])
    if "forvaltning" in filters:
        projects = projects.filter(lead_department=filters["forvaltning"])
    if "malgrupp" in filters:
        projects = projects.filter(target_groups=filters["malgrupp"])
    if "inriktning" in filters:
        projects = projects.filter(orientations=filters["inriktning"])
    if "fran" in filters:
        projects = projects.filter(
            Q(end_date__year__gte=filters["fran"]) | Q(end_date__isnull=True)
        )
    if "till" in filters:
        projects = projects.filter(start_date__year__lte=filters["till"])
    return projects


def sort(projects, order: str):
    """Orders other than relevance, which rank() computes over candidates."""
    if order == Order.START:
        return projects.order_by(F("start_date").desc(nulls_last=True), "-id")
    if order == Order.BUDGET:
        return projects.order_by(F("total_budget_sek").desc(nulls_last=True), "-id")
    return projects.order_by(F("first_published_at").desc(nulls_last=True), "-id")


class PublicSearch:
    """Words, filters and an order over one municipality's public projects."""

    def __init__(self, *, municipality, query: ParsedQuery, filters: dict, order: str = ""):
        self.municipality, self.query, self.filters = municipality, query, filters
        self.base = Project.objects.for_municipality(municipality).public()
        self.results = apply_filters(self.base.search(query), filters)
        self.order = order or (Order.RELEVANCE if query else Order.NEWEST)
        if self.order == Order.RELEVANCE and not query:
            self.order = Order.NEWEST

    def ordered(self):
        """Every hit, sorted (for downloads, which are not capped); newest first when the
        list is sorted by relevance, since ranking every hit of a broad word is too slow."""
        return sort(self.results, self.order)

    @cached_property
    def _candidates(self) -> list[int]:
        if self.query and not self.filters:
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

    def ordered_ids(self) -> list[int]:
        """The candidates in the search's order."""
        if self.order == Order.RELEVANCE:
            return rank(self.query, self.candidate_ids)
        candidates = Project.objects.filter(id__in=id_set(self.candidate_ids))
        return list(sort(candidates, self.order).values_list("id", flat=True))

    def count_without(self, name: str) -> int:
        """Hits with one filter taken away, up to just past the cap."""
        rest = {k: v for k, v in self.filters.items() if k != name}
        widened = apply_filters(self.base.search(self.query), rest)
        return len(widened.values_list("id")[: CANDIDATE_CAP + 1])

    def counts(self, limit: int) -> dict[str, dict]:
        """For each filter, how many candidates each value has ({value: count}): kinds and
        statuses by value, countries by code, the rest by primary key (the `limit` most
        frequent)."""
        ids = id_set(self.candidate_ids)
        candidates = Project.objects.filter(id__in=ids)

        def by_value(field):
            rows = candidates.order_by().values(field).annotate(n=Count("id"))
            return {row[field]: row["n"] for row in rows}

        def top(rows, field):
            return dict(
                rows.order_by()
                .values_list(f"{field}_id")
                .annotate(n=Count("*"))
                .order_by("-n")[:limit]
            )

        def through(name):
            return getattr(Project, name).through.objects.filter(project_id__in=ids)

        countries = (
            ProjectPartner.objects.filter(project_id__in=ids)
            .order_by()
            .values_list("organisation__country")
            .annotate(n=Count("project", distinct=True))
        )
        return {
            "typ": by_value("kind"),
            "status": by_value("status"),
            "tema": top(through("themes"), "theme"),
            "program": top(through("programmes"), "programme"),
            "land": dict(countries),
            "partner": top(ProjectPartner.objects.filter(project_id__in=ids), "organisation"),
            "forvaltning": top(candidates, "lead_department"),
            "malgrupp": top(through("target_groups"), "targetgroup"),
            "inriktning": top(through("orientations"), "orientation"),
        }
