"""bm25 on PostgreSQL, computed by each worker (search_bm25.py's twin), so that every hit of
a broad word is ranked in milliseconds rather than by scoring each of 200,000 rows in SQL.

It is the same number as fulltext.pg_bm25 (the SQL definition: terms, f, D, N, avgdl, n
and idf are described there), by the same floating-point steps in the same order, and
tests/test_search_exact.py checks it against that SQL.

What is read: every row's length (the stored search_length, migration 0018) when the index
is built (a snapshot keeps them: search_snapshot.py), the table's totals (the few rows of
project_search_totals) then and at each patch, and a word's postings (the rows its term
matches, with f, by the definition's own SQL) the first time the word is searched; patches
(search_patch.py) keep both up to date. Quoted phrases are ranked by the SQL itself
(fulltext.ranked).
"""

import math
from collections import OrderedDict

import numpy as np
from django.db import connection

from .fulltext import K1, PG_TERM, PG_TERM_F, B, pg_term_params

WORDS_KEPT = 64  # per worker, as on SQLite
COMPACT = 1_000  # totals' delta rows before a build counts them again
# A word's Swedish and English query sizes (0: a stop word there), and its term's rows.
_POSTINGS = (
    "SELECT numnode(to_tsquery('swedish'::regconfig, %s)), "  # noqa: S608 - constants
    "numnode(to_tsquery('english'::regconfig, %s)), (SELECT string_agg(id::text || ',' || "
    f"({PG_TERM_F})::bigint::text, ',') FROM projects_project WHERE search_vector @@ {PG_TERM})"
)
# The totals counted again, in one statement (one snapshot: delta rows of writers it does
# not see stay, and so do their rows' counts). The build runs it when the totals are not
# the table's (writers that skipped the triggers: bench/generate.py loads with
# session_replication_role = replica, so does a restore with --disable-triggers) or when
# their delta rows have piled up.
RECOUNT = (
    "WITH gone AS (DELETE FROM project_search_totals) INSERT INTO project_search_totals "
    "SELECT count(*), coalesce(sum(search_length), 0) FROM projects_project"
)
_LENGTHS = (  # and the totals, under the same snapshot
    "SELECT (SELECT string_agg(id::text || ',' || search_length::text, ',') "
    "FROM projects_project), (SELECT array[count(*), coalesce(sum(projects), 0), "
    "coalesce(sum(positions), 0)]::bigint[] FROM project_search_totals)"
)


def _numbers(text) -> np.ndarray:
    return np.fromstring(text, dtype=np.int64, sep=",") if text else np.zeros(0, np.int64)


def term_params(key: str) -> list:
    """PG_TERM's parameters for a cached key: a word, or "\0" and a word for its Swedish or
    English form (a search of only stop words: fulltext.PG_TERM)."""
    term = key.lstrip("\0") + ":*"
    return pg_term_params(term, [term] if key.startswith("\0") else [])


class TextIndex:
    """The table's statistics and recently searched words' postings, for one version."""

    def __init__(self, size: int, lengths: np.ndarray | None = None):
        if lengths is None:
            with connection.cursor() as cursor:
                cursor.execute(_LENGTHS)
                text, (deltas, projects, positions) = cursor.fetchone()
                rows = _numbers(text).reshape(-1, 2)
                if (projects, positions) != (len(rows), rows[:, 1].sum()) or deltas > COMPACT:
                    cursor.execute(RECOUNT)
            lengths = np.zeros(max(size, int(rows[:, 0].max(initial=0)) + 1))
            lengths[rows[:, 0]] = rows[:, 1]
        elif len(lengths) < size:  # a snapshot's (search_snapshot.py), caught up by patches
            lengths = np.concatenate([lengths, np.zeros(size - len(lengths))])
        self.lengths = lengths
        self.read_totals()
        self._words: OrderedDict[str, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._stops: dict[str, tuple[int, int]] = {}  # a word's Swedish and English sizes

    def read_totals(self) -> None:
        """N and avgdl, from the totals' delta rows (a few)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(sum(projects), 0), coalesce(sum(positions), 0) "
                "FROM project_search_totals"
            )
            rows, positions = (int(v) for v in cursor.fetchone())
        self.rows = rows
        self.avgdl = positions / rows if rows and positions else 1.0

    def cached_words(self):
        return self._words.items()

    def replace_word(self, word: str, ids: np.ndarray, freq: np.ndarray) -> None:
        self._words[word] = (ids, freq)

    def stops(self, key: str) -> list[int] | None:
        """The word's Swedish and English query sizes, which match() needs beside its
        postings: a snapshot keeps them (search_snapshot.py)."""
        sizes = self._stops.get(key.lstrip("\0"))
        return list(sizes) if sizes is not None else None

    def add_word(self, key: str, ids: np.ndarray, freq: np.ndarray, stops=None) -> None:
        """A word's postings as a snapshot kept them, as the most recently searched."""
        self._words[key] = (ids, freq)
        if stops is not None:
            self._stops[key.lstrip("\0")] = (int(stops[0]), int(stops[1]))

    def postings(self, key: str) -> tuple[np.ndarray, np.ndarray] | None:
        """The rows that the term of `key` (term_params) matches, sorted ids, and f for
        each; None when the term asks for nothing (stop words)."""
        if key in self._words:
            self._words.move_to_end(key)
            return self._words[key]
        word = key.lstrip("\0")
        if word in self._stops and self._asks_nothing(key):
            return None
        with connection.cursor() as cursor:
            cursor.execute(_POSTINGS, [f"{word}:*"] * 2 + term_params(key) * 2)
            swedish, english, text = cursor.fetchone()
        self._stops[word] = (swedish, english)
        if self._asks_nothing(key):
            return None
        rows = _numbers(text).reshape(-1, 2)
        # A row added after this version's lengths were read waits for the next version
        # (at most the version's TTL away), as on SQLite.
        rows = rows[rows[:, 0] < len(self.lengths)]
        rows = rows[np.argsort(rows[:, 0])]
        ids, freq = rows[:, 0].copy(), rows[:, 1].astype(np.float64)
        self._words[key] = (ids, freq)
        while len(self._words) > WORDS_KEPT:
            self._words.popitem(last=False)
        return ids, freq

    def _asks_nothing(self, key: str) -> bool:
        sizes = self._stops[key.lstrip("\0")]
        return max(sizes) == 0 if key.startswith("\0") else min(sizes) == 0

    def idf(self, hits: int) -> float:
        idf = math.log((self.rows - hits + 0.5) / (hits + 0.5))
        return idf if idf > 0.0 else 1e-6

    def match(self, words) -> tuple[np.ndarray, np.ndarray]:
        """Rows holding every word (as a prefix; stop words ask for nothing), sorted, and
        their score (higher is better)."""
        for word in words:
            self.postings(word)  # learns which are stop words
        loose = all(min(self._stops[word]) == 0 for word in words)  # fulltext.PG_TERM
        found = (self.postings("\0" + word if loose else word) for word in words)
        lists = [postings for postings in found if postings is not None]
        if not lists:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        ids = lists[0][0]
        for other, _ in lists[1:]:  # by a mask: 1 ms where intersect1d sorts (17 ms at 1 M)
            seen = np.zeros(len(self.lengths), dtype=bool)
            seen[other] = True
            ids = ids[seen[ids]]
        score = np.zeros(len(ids))
        lengths = self.lengths[ids]
        for word_ids, freq in lists:
            f = freq if len(lists) == 1 else freq[np.searchsorted(word_ids, ids)]
            idf = self.idf(len(word_ids))
            k = K1 * (1 - B + B * lengths / self.avgdl)
            score += idf * ((K1 + 1.0) - (K1 + 1.0) * k / (f + k))  # fulltext._PG_TERM_SCORE
        return ids, score
