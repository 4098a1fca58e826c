"""The ranking counted in memory: every participation as a row of small numbers, so that a
question with words, a programme or years is a few numpy passes over arrays (milliseconds at
a million operations) instead of a grouping over the participations' table (0.3-1 s for a
broad word, bench/README.md).

The import is the only writer of the EU data: at its end it writes the arrays into
EUFigures (`store`), in its transaction, and each worker loads the newest row once (a blob
of some 17 bytes a participation) and keeps it until the next import. Words are matched by
the database's own full-text index (FTS5 on SQLite, the GIN tsvector on PostgreSQL), so a
word finds exactly what the SQL path finds; the matching projects of a recently searched
word are kept per worker (WORDS_KEPT).

The answer is the SQL definition's (ranking.rank_organisations without figures):
tests/test_euprojects_speed.py compares the two on every kind of filter."""

import io
import json
import threading
from collections import OrderedDict

import numpy as np
from django.db import connection
from django.utils import timezone

from .models import PG_SEARCHED_TEXT, EUFigures, EUParticipation
from .words import Terms

WORDS_KEPT = 64
NO_YEAR, NEVER = (
    0,
    32767,
)  # a missing last year never counts as recent; a missing start never starts

_MATCH = {
    "sqlite": (
        "SELECT group_concat(rowid, ',') FROM euprojects_fts WHERE euprojects_fts MATCH %s",
        Terms.fts5,
    ),
    "postgresql": (
        "SELECT string_agg(id::text, ',') FROM euprojects_euproject "  # noqa: S608
        f"WHERE {PG_SEARCHED_TEXT} @@ to_tsquery('simple'::regconfig, %s)",
        Terms.tsquery,
    ),
}
_CONCAT = {
    "sqlite": lambda columns: "group_concat(" + " || ',' || ".join(columns) + ", ',')",
    "postgresql": lambda columns: "string_agg(concat_ws(',', " + ", ".join(columns) + "), ',')",
}


def _numbers(cursor, sql: str, params=()) -> np.ndarray:
    """A query's integers as one text that numpy parses: a million rows cross in a
    fraction of the time they take as tuples."""
    cursor.execute(sql, params)
    text = cursor.fetchone()[0]
    return np.fromstring(text, dtype=np.int64, sep=",") if text else np.zeros(0, np.int64)


def store() -> None:
    """Writes the participations' arrays (the import calls it, in its transaction)."""
    table = EUParticipation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT country FROM {table}")  # noqa: S608
        countries = sorted(row[0] for row in cursor.fetchall())
        cursor.execute(f"SELECT DISTINCT fund FROM {table}")  # noqa: S608
        funds = sorted(row[0] for row in cursor.fetchall())
        # Country and fund become their place in the lists (1-based), found by position in
        # one separator-delimited text: the database does it in the same pass.
        position = {
            "sqlite": "instr(%s, char(31) || {} || char(31))",
            "postgresql": "strpos(%s, chr(31) || {} || chr(31))",
        }[connection.vendor]
        columns = [
            "project_id",
            "organisation_id",
            f"COALESCE(last_year, {NO_YEAR})",
            f"COALESCE(start_year, {NEVER})",
            "COALESCE(programme_id, 0)",
            position.format("country"),
            position.format("fund"),
        ]
        rows = _numbers(
            cursor,
            f"SELECT {_CONCAT[connection.vendor](columns)} FROM {table}",  # noqa: S608
            ["\x1f" + "\x1f".join(countries) + "\x1f", "\x1f" + "\x1f".join(funds) + "\x1f"],
        ).reshape(-1, len(columns))
    rows = rows[np.argsort(rows[:, 0], kind="stable")]
    arrays = {
        "project": rows[:, 0].astype(np.int32),
        "organisation": rows[:, 1].astype(np.int32),
        "last_year": rows[:, 2].astype(np.int16),
        "start_year": rows[:, 3].astype(np.int16),
        "programme": rows[:, 4].astype(np.int32),
        # The position found is the text's: turned into the place in the list.
        "country": _places(rows[:, 5], countries),
        "fund": _places(rows[:, 6], funds),
    }
    buffer = io.BytesIO()
    np.savez(
        buffer, **arrays, names=np.frombuffer(json.dumps([countries, funds]).encode(), np.uint8)
    )
    EUFigures.objects.all().delete()
    EUFigures.objects.create(built_at=timezone.now(), data=buffer.getvalue())


def _places(found: np.ndarray, values: list[str]) -> np.ndarray:
    """Maps the 1-based character position of each value in "\\x1fA\\x1fB\\x1f" to its
    index in `values` (0 for none)."""
    offsets, at = {}, 1
    for index, value in enumerate(values):
        offsets[at] = index
        at += len(value) + 1
    table = np.zeros(max(offsets, default=0) + 1, np.uint16)
    for offset, index in offsets.items():
        table[offset] = index
    return table[np.minimum(found, len(table) - 1)]


class Figures:
    def __init__(self, version: tuple, data: bytes):
        self.version = version
        loaded = np.load(io.BytesIO(data))
        self.project = loaded["project"]
        self.organisation = loaded["organisation"]
        self.last_year = loaded["last_year"]
        self.start_year = loaded["start_year"]
        self.programme = loaded["programme"]
        self.country = loaded["country"]
        self.fund = loaded["fund"]
        countries, funds = json.loads(loaded["names"].tobytes())
        self.countries = {code: index for index, code in enumerate(countries)}
        self.funds = {fund: index for index, fund in enumerate(funds)}
        self.size = int(self.organisation.max(initial=0)) + 1
        # Where each project's participations begin (they are sorted by project): the
        # participations of matching projects are ranges read without a search.
        projects = int(self.project.max(initial=0)) + 1
        self.offsets = np.zeros(projects + 1, np.int64)
        self.offsets[1:] = np.cumsum(np.bincount(self.project, minlength=projects))
        self._words: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def matching_projects(self, terms: Terms) -> np.ndarray:
        """The ids of the projects whose text matches, from the database's index."""
        key = terms.key
        with self._lock:
            if key in self._words:
                self._words.move_to_end(key)
                return self._words[key]
        sql, expression = _MATCH[connection.vendor]
        with connection.cursor() as cursor:
            ids = _numbers(cursor, sql, [expression(terms)])
        ids.sort()
        with self._lock:
            self._words[key] = ids
            while len(self._words) > WORDS_KEPT:
                self._words.popitem(last=False)
        return ids

    def selected(self, filters) -> np.ndarray | None:
        """The positions of the matching participations; None when nothing can match."""
        mask = None

        def narrow(condition):
            nonlocal mask
            mask = condition if mask is None else mask & condition

        if filters.country:
            if filters.country not in self.countries:
                return None
            narrow(self.country == self.countries[filters.country])
        if filters.fund:
            if filters.fund not in self.funds:
                return None
            narrow(self.fund == self.funds[filters.fund])
        if filters.programme_id:
            narrow(self.programme == filters.programme_id)
        if filters.year_from:
            narrow(self.last_year >= filters.year_from)
        if filters.year_to:
            narrow(self.start_year <= filters.year_to)
        if filters.words:
            ids = self.matching_projects(filters.terms())
            ids = ids[ids < len(self.offsets) - 1]  # added since (none: the import writes both)
            ends = self.offsets[ids + 1]
            lengths = ends - self.offsets[ids]
            positions = np.repeat(ends - lengths.cumsum(), lengths) + np.arange(lengths.sum())
            return positions if mask is None else positions[mask[positions]]
        return np.arange(len(self.project)) if mask is None else np.flatnonzero(mask)

    def rank(self, filters, since: int, limit: int, offset: int) -> list[dict]:
        """The same rows as the SQL grouping: score = projects + recent ones, ties to the
        latest year (none last), then the organisation's id."""
        positions = self.selected(filters)
        if positions is None or not len(positions):
            return []
        organisations = self.organisation[positions]
        years = self.last_year[positions]
        counts = np.bincount(organisations, minlength=self.size)
        scores = counts + np.bincount(organisations[years >= since], minlength=self.size)
        # Everyone scoring at least the wanted-th best score can be on the page (ties): that
        # floor read from how many organisations have each score (scores are small numbers).
        wanted = offset + limit
        how_many = np.bincount(scores)
        how_many[0] = 0  # not in any matching project
        at_least = np.cumsum(how_many[::-1])[::-1]
        reached = np.flatnonzero(at_least >= wanted)
        floor = max(int(reached[-1]) if len(reached) else 1, 1)
        present = np.flatnonzero(scores >= floor)
        latest = np.zeros(self.size, np.int16)
        near = np.zeros(self.size, bool)
        near[present] = True
        among = near[organisations]
        np.maximum.at(latest, organisations[among], years[among])
        order = np.lexsort((present, -latest[present].astype(np.int32), -scores[present]))
        chosen = present[order][offset:wanted]
        return [
            {
                "organisation_id": int(pk),
                "project_count": int(counts[pk]),
                "recent_count": int(scores[pk] - counts[pk]),
                "latest_year": int(latest[pk]) or None,
                "score": int(scores[pk]),
            }
            for pk in chosen
        ]


_lock = threading.Lock()
_current: Figures | None = None


def current() -> Figures | None:
    """This worker's figures for the newest import, loaded when an import has written new
    ones; None when there are none (data imported before they existed: the SQL path)."""
    global _current
    # The time too: a rolled-back import's id may be given again (SQLite, a restore).
    newest = EUFigures.objects.order_by("-pk").values_list("pk", "built_at").first()
    if newest is None:
        return None
    figures = _current
    if figures is None or figures.version != newest:
        with _lock:
            if _current is None or _current.version != newest:
                _current = None  # let the old arrays go before the new ones are read
                data = EUFigures.objects.filter(pk=newest[0]).values_list("data", flat=True)
                if not data:  # replaced by an import meanwhile: the next request loads
                    return None
                _current = Figures(newest, bytes(data[0]))
            figures = _current
    return figures
