"""Search, in one place: one search of the public projects of one or more municipalities
with its filters, order, exact total and exact counts (PublicSearch), on the full-text
matching of fulltext.py, whose names are taken from here too.

Every hit is ranked and counted: there is no candidate cap (issue 16). The ranking is
fulltext.py's (`ranked`): bm25 with the project's weights (titles ten times summaries) on
both databases, ties newest first. The total and the counts come from each worker's facet
index (search_index.py) and the ranking of words from its bm25 over the full-text index's
data (search_bm25.py on SQLite, search_pgtext.py on PostgreSQL); both give the same answers
as the SQL here, which is used where they cannot (no content version yet, or quoted
phrases' ranking)."""

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from django.db.models import Count, F, Q

from . import search_index
from .fulltext import (
    ParsedQuery,
    highlight,
    matching_ids,
    parse_query,
    ranked,
)
from .models import Project, ProjectPartner

__all__ = ["ParsedQuery", "highlight", "matching_ids", "parse_query", "PublicSearch"]


class Order:
    """How a list is sorted; the values are the stable Swedish `sortera` parameter."""

    RELEVANCE = "relevans"
    NEWEST = "nyast"
    START = "start"
    BUDGET = "budget"


def apply_filters(projects, filters: dict):
    """Filters by the search's (stable, Swedish) names, each value already validated."""
    if "kommun" in filters:
        projects = projects.filter(municipality=filters["kommun"])
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
    """Orders other than relevance, which fulltext.ranked() gives."""
    if order == Order.START:
        return projects.order_by(F("start_date").desc(nulls_last=True), "-id")
    if order == Order.BUDGET:
        return projects.order_by(F("total_budget_sek").desc(nulls_last=True), "-id")
    return projects.order_by(F("first_published_at").desc(nulls_last=True), "-id")


class PublicSearch:
    """Words, filters and an order over the public projects of some municipalities (one
    for a municipality's own site, several for a regional portal). With several, the
    `kommun` filter (a Municipality) narrows to one and is counted as a facet."""

    def __init__(
        self,
        *,
        municipalities=None,
        municipality=None,
        query: ParsedQuery,
        filters: dict,
        order: str = "",
    ):
        if municipalities is None:
            municipalities = [municipality]
        self.municipalities = list(municipalities)
        self.query, self.filters = query, filters
        self.order = order or (Order.RELEVANCE if query else Order.NEWEST)
        if self.order == Order.RELEVANCE and not query:
            self.order = Order.NEWEST

    # The querysets are built only where SQL answers (downloads, other orders, no index):
    # building them was a twentieth of a first-time page the index answers.
    @cached_property
    def base(self):
        return Project.objects.filter(municipality__in=self.municipalities).public()

    @cached_property
    def results(self):
        return apply_filters(self.base.search(self.query), self.filters)

    @property
    def municipality(self):
        """The one municipality searched (its own site); the first of several."""
        return self.municipalities[0]

    @property
    def regional(self) -> bool:
        return len(self.municipalities) > 1

    def ordered(self):
        """Every hit, in the search's order (for the list, its downloads and the API)."""
        if self.order == Order.RELEVANCE:
            return ranked(self.results, self.query)
        return sort(self.results, self.order)

    @cached_property
    def _hits(self) -> "Hits | None":
        index = search_index.current()
        if index is None:
            return None
        return Hits.find(index, self, self.filters)

    @cached_property
    def total(self) -> int:
        if self._hits is None:
            return self.results.count()
        return len(self._hits.ids)

    def ordered_ids(self) -> "OrderedIds":
        """The hits' ids in order, as a sequence that fetches only the slice asked for."""
        return OrderedIds(self)

    def count_without(self, name: str) -> int:
        """Hits with one filter taken away."""
        rest = {k: v for k, v in self.filters.items() if k != name}
        if self._hits is not None:
            return len(Hits.find(self._hits.index, self, rest).ids)
        return apply_filters(self.base.search(self.query), rest).count()

    def counts(self, limit: int, *, whole: str = "") -> dict[str, dict]:
        """For each filter, how many hits each value has ({value: count}): kinds and
        statuses by value, countries by code, municipalities (`kommun`, several only) and
        the rest by primary key (the `limit` most frequent; ties: lowest key first), but
        every value of the filter named `whole` (a facet opened in full)."""
        if self._hits is not None:
            return self._hits.index.counts(
                self._hits.ids, limit, regional=self.regional, whole=whole
            )
        return self.counts_in_sql(limit, whole=whole)

    def counts_in_sql(self, limit: int, *, whole: str = "") -> dict[str, dict]:
        """counts(), each one a query over every hit (the definition the index follows)."""
        ids = self.results.order_by().values("id")
        hits = Project.objects.filter(id__in=ids)

        def by_value(field):
            rows = hits.order_by().values(field).annotate(n=Count("id"))
            return {row[field]: row["n"] for row in rows}

        def top(rows, field, key):
            return dict(
                rows.order_by()
                .values_list(f"{field}_id")
                .annotate(n=Count("*"))
                .order_by("-n", f"{field}_id")[: None if key == whole else limit]
            )

        def through(name):
            return getattr(Project, name).through.objects.filter(project_id__in=ids)

        countries = (
            ProjectPartner.objects.filter(project_id__in=ids)
            .order_by()
            .values_list("organisation__country")
            .annotate(n=Count("project", distinct=True))
        )
        counts = {
            "typ": by_value("kind"),
            "status": by_value("status"),
            "tema": top(through("themes"), "theme", "tema"),
            "program": top(through("programmes"), "programme", "program"),
            "land": dict(countries),
            "partner": top(
                ProjectPartner.objects.filter(project_id__in=ids), "organisation", "partner"
            ),
            "forvaltning": top(
                hits.exclude(lead_department=None), "lead_department", "forvaltning"
            ),
            "malgrupp": top(through("target_groups"), "targetgroup", "malgrupp"),
            "inriktning": top(through("orientations"), "orientation", "inriktning"),
        }
        if self.regional:
            counts["kommun"] = by_value("municipality_id")
        return counts


@dataclass
class Hits:
    """A search's hits in a facet index: their ids (ascending) and, for a ranked search of
    words, their bm25 scores (higher is better)."""

    index: search_index.FacetIndex
    ids: np.ndarray
    scores: np.ndarray | None = None

    @classmethod
    def find(cls, index, search: PublicSearch, filters: dict) -> "Hits":
        mask = index.mask([m.pk for m in search.municipalities], filters)
        query = search.query
        if not query:
            return cls(index, np.flatnonzero(mask))
        if index.text is not None and not query.phrases:
            ids, scores = index.text.match(query.words)
        else:
            ids = np.sort(search_index.matching(query))
            scores = None
        keep = mask[np.minimum(ids, index.size - 1)] & (ids < index.size)
        return cls(index, ids[keep], scores[keep] if scores is not None else None)

    def ranked_slice(self, start: int, stop: int) -> list[int]:
        """Ids start:stop in the order score, then id, descending: a stable sort of the
        scores with the ids in descending order keeps ties newest first."""
        scores, ids = self.scores[::-1], self.ids[::-1]
        order = np.argsort(-scores, kind="stable")[start:stop]
        return [int(pk) for pk in ids[order]]


class OrderedIds:
    """A search's ids in order, for a Paginator: its length is the exact total and a
    slice reads only that slice from the database."""

    def __init__(self, search: PublicSearch):
        self.search = search

    def __len__(self) -> int:
        return self.search.total

    def count(self) -> int:
        return self.search.total

    def __getitem__(self, index):
        hits = self.search._hits
        if hits is not None and hits.scores is not None and self.search.order == Order.RELEVANCE:
            if isinstance(index, slice):
                start, stop, _ = index.indices(len(hits.ids))
                return hits.ranked_slice(start, stop)
            return hits.ranked_slice(index, index + 1)[0]
        ids = self.search.ordered().values_list("id", flat=True)
        if isinstance(index, slice):
            return list(ids[index])
        return ids[index]
