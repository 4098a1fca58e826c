"""Full-text matching: turning what a resident types into a safe full-text query, for
SQLite FTS5 and PostgreSQL alike, the ids it matches, their ranking and the highlighted
words. It knows the search index's tables, not the models, so that the Project QuerySet can
use it (search.py builds the public search on both).

User input never reaches MATCH or to_tsquery raw: it is cut into words made of letters
and digits (so quotes, `*`, `NEAR(`, brackets and control characters cannot form
operators), then rebuilt in each engine's syntax. Every word is a prefix ("vänort" finds
"vänortsutbyte"), searched without a plural or definite ending ("vänorter" finds "vänort";
word_stem()); text in double quotes is a phrase, its words as written; all parts must match.
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


def parse_query(text: str | None, *, word_forms: bool = True) -> ParsedQuery:
    """`word_forms`: each word without its ending (word_stem()); the partner finding turns
    words into their other language's stems itself (euprojects/words.py) and reads them as
    typed."""
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    for match in _PART.finditer((text or "")[:MAX_INPUT]):
        if len(words) + len(phrases) >= MAX_PARTS:
            break
        quoted, bare = match.groups()
        if bare is not None:
            word = bare.lower()[:MAX_WORD]
            words.append(word_stem(word) if word_forms else word)
            continue
        inner = [w.lower()[:MAX_WORD] for w in _WORD.findall(quoted)][:MAX_PARTS]
        if len(inner) == 1:
            words.append(inner[0])
        elif inner:
            phrases.append(tuple(inner))
    return ParsedQuery(tuple(dict.fromkeys(words)), tuple(dict.fromkeys(phrases)))


# Swedish plural and definite endings (ungdomar, ungdomarna, projektet, kommunens) and an
# English plural s, longest first. SQLite's tokenizer does not stem, so "vänorter" found
# none of the "Vänortsutbyte …" projects; searched as a prefix, the stem finds every form.
_ENDINGS = ("arnas", "ernas", "ornas", "arna", "erna", "orna", "ens", "ets", "ar", "er", "or")
_ENDINGS += ("en", "et", "na", "s")
MIN_STEM = 4  # letters left: "peter" stays "peter", not "pet"


# A final e, with five letters left at least: "culture" finds "cultural" (1 of 5 projects
# had been found), "lärare" finds "lärarna", "utbyte" finds "utbyten"; a short word such as
# "trade" keeps it, rather than reading as the prefix of "tradition".
MIN_STEM_BEFORE_E = 5


def word_stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    if word.endswith("e") and len(word) - 1 >= MIN_STEM_BEFORE_E:
        return word[:-1]
    return word


def fts5_expression(query: ParsedQuery) -> str:
    parts = [f'"{word}"*' for word in query.words]
    parts += ['"' + " ".join(phrase) + '"' for phrase in query.phrases]
    return " AND ".join(parts)


def tsquery_expression(query: ParsedQuery) -> str:
    parts = [f"{word}:*" for word in query.words]
    parts += ["(" + " <-> ".join(phrase) + ")" for phrase in query.phrases]
    return " & ".join(parts)


# The ranking, one definition for the page, its downloads, the API and the benchmark's
# "true top 20" (bench/search.py): bm25, k1 = 1.2, b = 0.75, summed over the query's terms,
# ties (and equal scores) broken newest first (-id).
# - SQLite: FTS5's bm25 with column weights (title_sv, title_en, public_summary_sv,
#   public_summary_en) = (10, 10, 1, 1): a hit in a title counts ten times a hit in a summary.
# - PostgreSQL: the same formula over the generated search_vector (migration 0002: titles
#   weight A, summaries weight B) and its row lengths (0018), pg_bm25() below. A term is a
#   word as a prefix (each word of a quoted phrase as itself), its tsquery the Swedish one
#   or the English one; f = the positions in the row that tsquery matches, an A position
#   counting 10 and any other 1; D = the row's positions; N and avgdl over every
#   row of the table, published or not (as FTS5 counts them); n = the rows the term
#   matches; idf = ln((N - n + 0.5) / (n + 0.5)), at least 1e-6. Each worker computes the
#   same number from the same data (search_pgtext.py).
BM25_WEIGHTS = "10.0, 10.0, 1.0, 1.0"
SQLITE_RANK = f"bm25(project_fts, {BM25_WEIGHTS})"  # lower is better
# "AS id": search_index.matching() reads the ids by that name (a quoted phrase failed).
_SQLITE_MATCH = "SELECT rowid AS id FROM project_fts WHERE project_fts MATCH %s"
K1, B = 1.2, 0.75
TITLE_WEIGHT = 10  # weight A; B (and C, D) count 1
# A term's tsquery, as a scalar subquery, so that PostgreSQL parses the words once per
# statement (an InitPlan), not once per row it filters or ranks: written bare in a filter
# over a few thousand rows without an index plan, the facet counts took minutes. A word
# that is a stop word in either language ("och", "the") asks for nothing, unless every word
# of the search is one ("a", "och"): then each asks for its Swedish or English form, so that
# a search for "a" still finds words beginning with a.
# Parameters (pg_term_params): the term twice, then the search's words (as terms) for that
# test, or none (a search with a phrase, the worker's ordinary postings).
PG_TERM = (
    "(SELECT CASE WHEN NOT loose AND numnode(sv) = 0 THEN sv "
    "WHEN NOT loose AND numnode(en) = 0 THEN en ELSE sv || en END "
    "FROM (SELECT to_tsquery('swedish'::regconfig, %s) AS sv, "
    "to_tsquery('english'::regconfig, %s) AS en, "
    "(SELECT coalesce(bool_and(numnode(to_tsquery('swedish'::regconfig, w)) = 0 "
    "OR numnode(to_tsquery('english'::regconfig, w)) = 0), false) "
    "FROM unnest(%s::text[]) AS w) AS loose) AS term)"
)


def pg_term_params(term: str, words: list[str]) -> list:
    return [term, term, words]


_PG_PHRASE = "(to_tsquery('swedish'::regconfig, %s) || to_tsquery('english'::regconfig, %s))"
# f: the positions where the term matches the row, weighted. ts_rank_cd with a one-word
# query is exactly the sum of its weights over those positions (each position is a cover
# of its own: Cpos = its weight, no noise) and runs in C: a word's 40,000 rows read in
# 0.26 s, against 1.5 s with unnest() and a test per lexeme. Its weights (D, C, B, A) must
# be at most 1: {0.1, 0.1, 0.1, 1}, times 10 and rounded, is {1, 1, 1, 10}.
_CD_WEIGHTS = ", ".join([repr(1 / TITLE_WEIGHT)] * 3 + ["1.0"])
PG_F = (  # {term}: PG_TERM
    f"round({TITLE_WEIGHT} * ts_rank_cd('{{{{{_CD_WEIGHTS}}}}}', "
    "projects_project.search_vector, {term}, 0)::float8)"
)
PG_TERM_F = PG_F.format(term=PG_TERM)  # a term's f; pg_term_params
_PG_N = "(SELECT coalesce(sum(projects), 0)::float8 FROM project_search_totals)"
_PG_AVGDL = (
    "(SELECT CASE WHEN sum(projects) > 0 AND sum(positions) > 0 "
    "THEN sum(positions)::float8 / sum(projects)::float8 ELSE 1.0::float8 END "
    "FROM project_search_totals)"
)
# The floating-point steps are search_pgtext.TextIndex.match's, in the same order, with the
# same constants (repr() round-trips), so that both give the same number to the last bit.
# idf and avgdl are scalar subqueries of the statement itself (InitPlans, once each): inside
# a subquery per row PostgreSQL costs them per row and compiles the query (JIT, 2 s).
_PG_IDF = (
    f"(SELECT CASE WHEN x > 0 THEN x ELSE 1e-6::float8 END FROM (SELECT ln(({_PG_N} - hits "  # noqa: S608 - constants
    "+ 0.5::float8) / (hits + 0.5::float8)) AS x FROM (SELECT count(*)::float8 AS hits "
    f"FROM projects_project WHERE search_vector @@ {PG_TERM}) AS counted) AS idf)"
)
# f*(k1+1) / (f+K) written as (k1+1) - (k1+1)*K / (f+K), K = k1*(1-b+b*D/avgdl): the same
# value, with f (a ts_rank_cd call per row) written once.
_PG_K = (
    f"({K1!r}::float8 * ({1 - B!r}::float8 + {B!r}::float8 * "
    f"projects_project.search_length::float8 / {_PG_AVGDL}))"
)
_PG_TERM_SCORE = (
    f"{_PG_IDF} * ({K1 + 1.0!r}::float8 - {K1 + 1.0!r}::float8 * {_PG_K} / ({PG_TERM_F} + {_PG_K}))"
)


def pg_terms(query: ParsedQuery) -> list[list]:
    """The ranking's terms on PostgreSQL, as PG_TERM's parameters: each word as a prefix,
    each word of a phrase as itself."""
    words = [f"{word}:*" for word in query.words]
    loose = [] if query.phrases else words
    return [pg_term_params(term, loose) for term in words] + [
        pg_term_params(word, []) for phrase in query.phrases for word in phrase
    ]


def pg_query(query: ParsedQuery) -> tuple[str, list]:
    """The tsquery of everything the query asks for (a scalar subquery) and its parameters:
    every word (PG_TERM) and every phrase, each in Swedish or English."""
    parts, params = [], []
    for term in pg_terms(query)[: len(query.words)]:
        parts.append(PG_TERM)
        params += term
    for phrase in query.phrases:
        parts.append(_PG_PHRASE)
        params += ["(" + " <-> ".join(phrase) + ")"] * 2
    return "(SELECT " + " && ".join(parts) + ")", params


def pg_bm25(query: ParsedQuery) -> tuple[str, list]:
    """The PostgreSQL score of a projects_project row (higher is better) and its parameters."""
    parts, params = [], []
    for term in pg_terms(query):
        parts.append(_PG_TERM_SCORE)
        params += term * 2
    return "(" + " + ".join(parts) + ")", params


# The SQL below is constant; the user's words travel only as query parameters.
def matching_ids(query: ParsedQuery) -> RawSQL:
    """A subquery of the ids of projects whose public text matches."""
    if connection.vendor == "postgresql":
        tsquery, params = pg_query(query)
        return RawSQL(f"SELECT id FROM projects_project WHERE search_vector @@ {tsquery}", params)  # noqa: S608, S611
    return RawSQL(_SQLITE_MATCH, [fts5_expression(query)])  # noqa: S611


def ranked(projects, query: ParsedQuery):
    """A Project queryset (already narrowed to the hits of `query`) ordered by relevance,
    most relevant first, every row ranked."""
    if connection.vendor == "postgresql":
        sql, params = pg_bm25(query)
        score = RawSQL(sql, params, output_field=FloatField())  # noqa: S611
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
