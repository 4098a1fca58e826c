"""Full-text matching: turning what a resident types into a safe full-text query, for
SQLite FTS5 and PostgreSQL alike, the ids it matches, their ranking and the highlighted
words. It knows the search index's tables, not the models, so that the Project QuerySet can
use it (search.py builds the public search on both).

User input never reaches MATCH or to_tsquery raw: it is cut into words made of letters
and digits (so quotes, `*`, `NEAR(`, brackets and control characters cannot form
operators), then rebuilt in each engine's syntax. Every word is a prefix ("vänort" finds
"vänortsutbyte"); text in double quotes is a phrase; all parts must match.
"""

import html
import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField
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
