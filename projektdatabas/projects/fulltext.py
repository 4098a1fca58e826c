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
from django.db.models import FloatField
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


# The ranking, one definition for the page, its downloads, the API and the benchmark's
# "true top 20" (bench/search.py):
# - SQLite: FTS5's bm25 with column weights (title_sv, title_en, public_summary_sv,
#   public_summary_en) = (10, 10, 1, 1): a hit in a title counts ten times a hit in a summary.
# - PostgreSQL: ts_rank over the generated search_vector, whose titles are weight A and
#   summaries weight B, with PostgreSQL's default weights {D 0.1, C 0.2, B 0.4, A 1.0}.
# Ties (and equal scores) are broken newest first (-id).
BM25_WEIGHTS = "10.0, 10.0, 1.0, 1.0"
SQLITE_RANK = f"bm25(project_fts, {BM25_WEIGHTS})"  # lower is better
_SQLITE_MATCH = "SELECT rowid FROM project_fts WHERE project_fts MATCH %s"
# A scalar subquery, so that PostgreSQL parses the words once per statement (an InitPlan),
# not once per row it filters or ranks: written bare in a filter over a few thousand rows
# without an index plan, the facet counts took minutes.
_PG_QUERY = "(SELECT to_tsquery('swedish'::regconfig, %s) || to_tsquery('english'::regconfig, %s))"
_PG_MATCH = f"SELECT id FROM projects_project WHERE search_vector @@ {_PG_QUERY}"  # noqa: S608
PG_RANK = f"ts_rank(projects_project.search_vector, {_PG_QUERY})"  # higher is better


# The SQL below is constant; the user's words travel only as query parameters.
def matching_ids(query: ParsedQuery) -> RawSQL:
    """A subquery of the ids of projects whose public text matches."""
    if connection.vendor == "postgresql":
        expression = tsquery_expression(query)
        return RawSQL(_PG_MATCH, [expression, expression])  # noqa: S611
    return RawSQL(_SQLITE_MATCH, [fts5_expression(query)])  # noqa: S611


def ranked(projects, query: ParsedQuery):
    """A Project queryset (already narrowed to the hits of `query`) ordered by relevance,
    most relevant first, every row ranked."""
    if connection.vendor == "postgresql":
        expression = tsquery_expression(query)
        score = RawSQL(PG_RANK, [expression, expression], output_field=FloatField())  # noqa: S611
        return projects.annotate(relevance=score).order_by("-relevance", "-id")
    # bm25() can only be read in a query that MATCHes the FTS table itself, so the table is
    # joined (extra() is the one way to add a table to a Django query).
    return projects.extra(  # noqa: S610 - constant SQL, the words are a parameter
        tables=["project_fts"],
        where=["project_fts.rowid = projects_project.id", "project_fts MATCH %s"],
        params=[fts5_expression(query)],
        select={"relevance": SQLITE_RANK},
    ).order_by("relevance", "-id")


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
