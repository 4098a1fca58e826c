"""FTS5's bm25, computed by each worker from the full-text index's own data (SQLite), so
that every hit of a broad word is ranked in milliseconds rather than by calling bm25() on
each of 200,000 rows (370 ms at a million projects; bench/README.md).

It is the same number as `bm25(project_fts, 10, 10, 1, 1)` (fulltext.SQLITE_RANK), by the
same formula and the same floating-point steps as FTS5's fts5Bm25Function: for each phrase
(here: each word, a prefix), idf * f*(k1+1) / (f + k1*(1-b+b*D/avgdl)), k1 = 1.2, b = 0.75,
f the sum of the column weights of the word's instances in the row, D the row's tokens,
avgdl over the table, idf = log((N-n+0.5)/(n+0.5)) floored at 1e-6, N and n over the whole
table. tests/test_search_exact.py checks it against FTS5 itself.

What is read: the table's row and token totals (its "averages" record), each row's token
count (project_fts_docsize) when the index is built (a snapshot keeps them:
search_snapshot.py), and a word's instances (fts5vocab) the first time the word is searched
under that version. Quoted phrases need token positions: those searches are ranked by FTS5
itself (fulltext.ranked).
"""

import math
from collections import OrderedDict

import numpy as np
from django.db import connection

K1, B = 1.2, 0.75
TITLE_COLUMNS = {"title_sv", "title_en"}  # weight 10; the summaries weigh 1
WORDS_KEPT = 64  # per worker: a broad word's postings take 3.2 MB at a million


def _varints(blob: bytes) -> list[int]:
    """SQLite's variable-length integers (as FTS5 stores sizes and totals)."""
    out, value, i = [], 0, 0
    while i < len(blob):
        byte = blob[i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            out.append(value)
            value = 0
        i += 1
    return out


class TextIndex:
    """The table's statistics and recently searched words' postings, for one version."""

    def __init__(self, size: int, lengths: np.ndarray | None = None):
        """`lengths`: each row's token count as a snapshot kept it (search_snapshot.py),
        caught up by search_patch.py like the rest of the index; else read here."""
        self.read_totals()
        if lengths is not None:
            grow = max(0, size - len(lengths))
            self.lengths = np.concatenate([lengths, np.zeros(grow)]) if grow else lengths
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT id, sz FROM project_fts_docsize")
                sizes = cursor.fetchall()
            self.lengths = np.zeros(max(size, max((r[0] for r in sizes), default=0) + 1))
            for rowid, blob in sizes:
                self.lengths[rowid] = self.size_of(blob)
        self._words: OrderedDict[str, tuple[np.ndarray, np.ndarray]] = OrderedDict()

    def read_totals(self) -> None:
        """N and avgdl, from the table's totals record (one small row)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT block FROM project_fts_data WHERE id = 1")
            row = cursor.fetchone()
        totals = _varints(bytes(row[0])) if row else [0]
        self.rows, tokens = totals[0], sum(totals[1:])
        self.avgdl = tokens / self.rows if self.rows else 1.0

    @staticmethod
    def size_of(blob) -> float:
        """A row's token count from its docsize record."""
        return sum(blob) if max(blob, default=0) < 0x80 else sum(_varints(blob))

    def cached_words(self):
        return self._words.items()

    def replace_word(self, word: str, ids: np.ndarray, freq: np.ndarray) -> None:
        self._words[word] = (ids, freq)

    def stops(self, word: str) -> None:
        """What a snapshot keeps beside a word's postings (search_pgtext: its query sizes)."""
        return None

    def add_word(self, word: str, ids: np.ndarray, freq: np.ndarray, stops=None) -> None:
        """A word's postings as a snapshot kept them, as the most recently searched."""
        self._words[word] = (ids, freq)

    def postings(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        """The rows whose text has a token starting with `word` (sorted ids) and f, the sum
        of the weights of those tokens' columns, per row."""
        if word in self._words:
            self._words.move_to_end(word)
            return self._words[word]
        upper = word[:-1] + chr(ord(word[-1]) + 1)
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.project_fts_instances "
                "USING fts5vocab(main, 'project_fts', 'instance')"
            )
            cursor.execute(
                "SELECT doc, col FROM temp.project_fts_instances WHERE term >= %s AND term < %s",
                [word, upper],
            )
            instances = cursor.fetchall()
        docs = np.fromiter((d for d, _ in instances), dtype=np.int64, count=len(instances))
        weights = np.fromiter(
            (10.0 if c in TITLE_COLUMNS else 1.0 for _, c in instances),
            dtype=np.float64,
            count=len(instances),
        )
        # A row added after this version's token counts were read waits for the next
        # version (at most the version's TTL away), as the facet index does.
        known = docs < len(self.lengths)
        docs, weights = docs[known], weights[known]
        ids, where = np.unique(docs, return_inverse=True)
        freq = np.bincount(where, weights=weights, minlength=len(ids))
        self._words[word] = (ids, freq)
        while len(self._words) > WORDS_KEPT:
            self._words.popitem(last=False)
        return ids, freq

    def idf(self, hits: int) -> float:
        idf = math.log((self.rows - hits + 0.5) / (hits + 0.5))
        return idf if idf > 0.0 else 1e-6

    def match(self, words) -> tuple[np.ndarray, np.ndarray]:
        """Rows holding every word (as a prefix), sorted, and their score (higher is
        better; FTS5's bm25() is its negative)."""
        lists = [self.postings(word) for word in words]
        ids = lists[0][0]
        for other, _ in lists[1:]:
            ids = np.intersect1d(ids, other, assume_unique=True)
        score = np.zeros(len(ids))
        lengths = self.lengths[ids]
        for word_ids, freq in lists:
            f = freq if len(lists) == 1 else freq[np.searchsorted(word_ids, ids)]
            idf = self.idf(len(word_ids))
            score += idf * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + B * lengths / self.avgdl)))
        return ids, score
