"""Search, in one place: turning what a resident types into a safe full-text query, for
SQLite FTS5 and PostgreSQL alike, and one search of the public projects with its filters,
order, capped candidate set and counts (PublicSearch, at the end).

User input never reaches MATCH or to_tsquery raw: it is cut into words made of letters
and digits (so quotes, `*`, `NEAR(`, brackets and control characters cannot form
operators), then rebuilt in each engine's syntax. Every word is a prefix ("vänort" finds
"vänortsutbyte"); text in double quotes is a phrase; all parts must match.
"""

import html
import json
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import BooleanField, Count, F, Q
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe

MAX_INPUT = 500  # characters considered; nobody's search is longer
MAX_PARTS = 8  # words and phrases combined
MAX_WORD = 40

_PART = re.compile(r'"([^"]*)"|([^\W_]+)')
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def all_words(self) -> list[str]:
        return [*self.words, *(w for phrase in self.phrases for w in phrase)]


def parse_query(text: str | None) -> ParsedQuery:
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    for match in _PART.finditer((text or "")[:MAX_INPUT]):
        if len(words) + len(phrases) >= MAX_PARTS:
            break
        quoted, bare = match.groups()
        if bare is not None:
            words.append(bare.lower()[:MAX_WORD])
            continue
        inner = [w.lower()[:MAX_WORD] for w in _WORD.findall(quoted)][:MAX_PARTS]
        if len(inner) == 1:
            words.append(inner[0])
        elif inner:
            phrases.append(tuple(inner))
    return ParsedQuery(tuple(dict.fromkeys(words)), tuple(dict.fromkeys(phrases)))


def fts5_expression(query: ParsedQuery) -> str:
    parts = [f'"{word}"*' for word in query.words]
    parts += ['"' + " ".join(phrase) + '"' for phrase in query.phrases]
    return " AND ".join(parts)


def tsquery_expression(query: ParsedQuery) -> str:
    parts = [f"{word}:*" for word in query.words]
    parts += ["(" + " <-> ".join(phrase) + ")" for phrase in query.phrases]
    return " & ".join(parts)


# Weights: a hit in a title counts ten times a hit in a summary.
_SQLITE_MATCH = "SELECT rowid FROM project_fts WHERE project_fts MATCH %s"
# FTS5 re-reads a prefix term's whole doclist for a correlated `rowid = x` probe, so
# ranking row by row cost 40 ms per row at a million projects. One pass over a rowid
# range is cheap: FTS5 seeks to it.
_SQLITE_RANK_RANGE = (
    "SELECT rowid, -bm25(project_fts, 10.0, 10.0, 1.0, 1.0) FROM project_fts "
    "WHERE project_fts MATCH %s AND rowid BETWEEN %s AND %s"
)
_PG_QUERY = "(to_tsquery('swedish'::regconfig, %s) || to_tsquery('english'::regconfig, %s))"
_PG_CONDITION = f"search_vector @@ {_PG_QUERY}"
_PG_MATCH = f"SELECT id FROM projects_project WHERE search_vector @@ {_PG_QUERY}"  # noqa: S608
_PG_RANK = f"ts_rank(projects_project.search_vector, {_PG_QUERY})"
_PG_RANK_IDS = f"SELECT id, {_PG_RANK} FROM projects_project WHERE id = ANY(%s)"  # noqa: S608


# The newest public matches, for the capped candidate set (public/listing.py). On SQLite
# the full-text table must drive the join, in rowid order, so that the scan stops at the
# limit; written as `id IN (MATCH …) ORDER BY id DESC` the planner first collects every
# hit (94 ms for a word in 20 % of a million rows, against 28 ms this way). CROSS JOIN is
# how SQLite is told the join order. The public conditions repeat ProjectQuerySet.public().
_SQLITE_NEWEST_PUBLIC = (
    "SELECT p.id FROM project_fts CROSS JOIN projects_project p ON p.id = project_fts.rowid "
    "WHERE project_fts MATCH %s AND p.municipality_id = %s AND p.is_published "
    "AND p.archived_at IS NULL ORDER BY project_fts.rowid DESC LIMIT %s"
)


def newest_public_matches(
    query: ParsedQuery, *, public_projects, municipality_id: int, limit: int
) -> list[int]:
    """Ids of the newest public projects of a municipality that match, newest first.
    `public_projects` is that municipality's public queryset (used on PostgreSQL)."""
    if connection.vendor == "postgresql":
        expression = tsquery_expression(query)
        matches = RawSQL(_PG_CONDITION, [expression, expression], output_field=BooleanField())  # noqa: S611
        ids = public_projects.filter(matches).order_by("-id").values_list("id", flat=True)
        return list(ids[:limit])
    with connection.cursor() as cursor:
        cursor.execute(_SQLITE_NEWEST_PUBLIC, [fts5_expression(query), municipality_id, limit])
        return [row[0] for row in cursor.fetchall()]


# The SQL below is constant; the user's words travel only as query parameters.
def matching_ids(query: ParsedQuery) -> RawSQL:
    """A subquery of the ids of projects whose public text matches."""
    if connection.vendor == "postgresql":
        expression = tsquery_expression(query)
        return RawSQL(_PG_MATCH, [expression, expression])  # noqa: S611
    return RawSQL(_SQLITE_MATCH, [fts5_expression(query)])  # noqa: S611


def rank(query: ParsedQuery, ids: list[int]) -> list[int]:
    """The given project ids, most relevant first (ties: newest first)."""
    if not ids:
        return []
    wanted = set(ids)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            expression = tsquery_expression(query)
            cursor.execute(_PG_RANK_IDS, [expression, expression, list(ids)])
        else:
            cursor.execute(_SQLITE_RANK_RANGE, [fts5_expression(query), min(ids), max(ids)])
        scores = {rowid: score for rowid, score in cursor.fetchall() if rowid in wanted}
    return sorted(ids, key=lambda pk: (-scores.get(pk, 0.0), -pk))


def highlight(text: str, query: ParsedQuery) -> SafeString:
    """Escape the text and mark the words that the query matched (by prefix)."""
    escaped = html.escape(text or "")
    words = sorted(set(query.all_words), key=len, reverse=True)
    if not words:
        return mark_safe(escaped)  # noqa: S308 - escaped above
    pattern = re.compile(
        r"(?<![^\W_])(" + "|".join(re.escape(html.escape(w)) for w in words) + r")[^\W_]*",
        re.IGNORECASE,
    )
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))  # noqa: S308


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
        from .models import Project

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
        from .models import Project

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
        from .models import Project, ProjectPartner

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
