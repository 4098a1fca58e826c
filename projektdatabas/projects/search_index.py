"""The public search's facet index: every public project's filter values as numpy arrays,
held by each worker process and derived from the database, so that the exact total and
every facet's exact counts over 200,000 hits cost milliseconds instead of a query each
(issue 16; bench/README.md has the measurements).

Kept in step by the content version (core/versioning.py), which every change to public
data moves in the same transaction, and the change log written with it (search_log.py):
a worker that sees a version other than its index's patches the logged projects
(search_patch.py) before answering (several app servers in front of one PostgreSQL each
do so; nothing here can drift from the database for longer than the version's TTL, the
same bound as the page cache). Under gunicorn each worker gets it in a thread while it
serves (deploy/gunicorn.conf.py): loaded from the app server's snapshot (search_snapshot.py)
and caught up from the log in well under a second, or built when there is none or the log
cannot tell; `manage.py rebuild_search_index` makes every worker build it again.
"""

import contextlib
import logging
import os
import threading
import time

import numpy as np
from django.db import connection

from projektdatabas.core import versioning

from . import search_log, search_patch, search_snapshot
from .fulltext import matching_ids
from .models import ProjectKind, ProjectStatus
from .search_bm25 import TextIndex
from .search_links import Codes, Link
from .search_pgtext import TextIndex as PgTextIndex

# Filters on one value per project (Project's own columns) and on links (a project has
# any number): the search's Swedish names.
SINGLE = {
    "kommun": "municipality_id",
    "typ": "kind",
    "status": "status",
    "forvaltning": "lead_department_id",
}
LINKS = {
    "tema": "SELECT project_id AS a, theme_id AS b FROM projects_project_themes",
    "program": "SELECT project_id AS a, programme_id AS b FROM projects_project_programmes",
    "malgrupp": "SELECT project_id AS a, targetgroup_id AS b FROM projects_project_target_groups",
    "inriktning": "SELECT project_id AS a, orientation_id AS b FROM projects_project_orientations",
    "partner": "SELECT project_id AS a, organisation_id AS b FROM projects_projectpartner",
    # A project counts once per country, however many partners it has there.
    "land": (
        "SELECT DISTINCT pp.project_id AS a, o.country AS b FROM projects_projectpartner pp "
        "JOIN organisations_organisation o ON o.id = pp.organisation_id"
    ),
}
_YEAR = {
    "sqlite": "COALESCE(CAST(strftime('%%Y', {}) AS INTEGER), 0)",
    "postgresql": "COALESCE(EXTRACT(YEAR FROM {})::int, 0)",
}


def _numbers(cursor, sql: str, params=()) -> np.ndarray:
    """A query's integers, read as one text that numpy parses: a million rows cross from
    the database in 0.1 s this way, against 2 s as tuples."""
    cursor.execute(sql, params)
    text = cursor.fetchone()[0]
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")


_CONCAT = {
    "sqlite": "SELECT group_concat({}, ',') FROM ({}) rows",
    "postgresql": "SELECT string_agg(({})::text, ',') FROM ({}) rows",
}
_PAIR = {"sqlite": "a || ',' || b", "postgresql": "concat_ws(',', a, b)"}
_ROW = {
    "sqlite": lambda columns: " || ',' || ".join(columns),
    "postgresql": lambda columns: "concat_ws(',', " + ", ".join(columns) + ")",
}
_PUBLIC = "FROM projects_project WHERE is_published AND archived_at IS NULL"
logger = logging.getLogger(__name__)


class FacetIndex:
    """Every public project's filter values, by project id."""

    def __init__(self, version):
        self.version = version
        self.built_in = 0.0
        self.public = np.zeros(0, dtype=bool)
        self.single: dict[str, np.ndarray] = {}
        self.single_codes: dict[str, Codes] = {}
        self.links: dict[str, Link] = {}
        self.start_year = self.end_year = np.zeros(0, dtype=np.int32)
        self.text: TextIndex | None = None  # bm25 from the full-text index's data
        self._masks: dict = {}
        # Its snapshot (search_snapshot.py): the database's key (None: none kept), when it
        # was last written or read (None: never, a fresh build) and changes patched since.
        self.snapshot_key: str | None = None
        self.saved_at: float | None = None
        self.unsaved = 0

    @classmethod
    def build(cls, version) -> "FacetIndex":
        started = time.perf_counter()
        index = cls(version)
        vendor = connection.vendor
        concat, pair = _CONCAT[vendor], _PAIR[vendor]
        with connection.cursor() as cursor:
            # One pass over the (wide) project table: each pass costs 2-3 s at a million.
            codes = {name: Codes() for name in SINGLE}
            for name, choices in (("typ", ProjectKind), ("status", ProjectStatus)):
                for value in choices.values:
                    codes[name].add(value)
            params, columns = [], ["id"]
            for name, column in SINGLE.items():
                if name in ("typ", "status"):
                    whens = [f"WHEN %s THEN {i}" for i in range(len(codes[name].values))]
                    params += codes[name].values
                    columns.append(" ".join([f"CASE {column}", *whens, "ELSE -1 END"]))
                else:
                    columns.append(f"COALESCE({column}, -1)")
            columns += [_YEAR[vendor].format("start_date"), _YEAR[vendor].format("end_date")]
            row = _ROW[vendor](columns)
            rows = _numbers(cursor, concat.format("r", f"SELECT {row} AS r {_PUBLIC}"), params)
            rows = rows.reshape(-1, len(columns))
            size = int(rows[:, 0].max()) + 2 if len(rows) else 2
            index.public = np.zeros(size, dtype=bool)
            index.public[rows[:, 0]] = True
            for i, name in enumerate(SINGLE, start=1):
                values = np.full(size, -1, dtype=np.int32)
                if name in ("typ", "status"):
                    values[rows[:, 0]] = rows[:, i]
                else:  # ids become codes
                    for pk in np.unique(rows[:, i]).tolist():
                        codes[name].add(None if pk == -1 else pk)
                    known = np.array([-1 if v is None else v for v in codes[name].values])
                    order = np.argsort(known)
                    values[rows[:, 0]] = order[np.searchsorted(known, rows[:, i], sorter=order)]
                index.single[name], index.single_codes[name] = values, codes[name]
            for i, attr in enumerate(("start_year", "end_year"), start=len(SINGLE) + 1):
                values = np.zeros(size, dtype=np.int32)
                values[rows[:, 0]] = rows[:, i]
                setattr(index, attr, values)
            del rows
            for name, sql in LINKS.items():
                index.links[name] = index._link(cursor, concat, pair, sql)
        index.built_in = time.perf_counter() - started
        return index

    def _link(self, cursor, concat, pair, sql) -> Link:
        codes = Codes()
        cursor.execute(f"SELECT DISTINCT b FROM ({sql}) pairs")  # noqa: S608 - constants
        for (value,) in cursor.fetchall():
            codes.add(value)
        if not codes.values:
            rows = np.zeros((0, 2), dtype=np.int64)
        elif all(v is None or isinstance(v, int) for v in codes.values):
            # Ids cross as they are and become codes here (NULL as -1).
            plain = f"SELECT a, COALESCE(b, -1) AS b FROM ({sql}) pairs"  # noqa: S608
            raw = _numbers(cursor, concat.format(pair, plain)).reshape(-1, 2)
            known = np.array([-1 if v is None else v for v in codes.values], dtype=np.int64)
            order = np.argsort(known)
            raw[:, 1] = order[np.searchsorted(known, raw[:, 1], sorter=order)]
            rows = raw[np.argsort(raw[:, 0], kind="stable")]
        else:  # text values (kinds, countries) become codes in SQL
            as_codes = " ".join(
                ["CASE b", *(f"WHEN %s THEN {i}" for i in range(len(codes.values)))]
            )
            coded = f"SELECT a, {as_codes} END AS b FROM ({sql}) pairs"  # noqa: S608
            rows = _numbers(cursor, concat.format(pair, coded), codes.values).reshape(-1, 2)
            rows = rows[np.argsort(rows[:, 0], kind="stable")]
        rows = rows[(rows[:, 0] < self.size) & self.public[np.minimum(rows[:, 0], self.size - 1)]]
        return Link.grouped(rows, codes, self.size)

    @property
    def size(self) -> int:
        return len(self.public)

    def mask(self, municipality_ids, filters: dict) -> np.ndarray:
        """Public projects of the municipalities that pass the filters (by project id).
        Filter values are the form's: model instances, choice values or years. The last
        few are kept: the list, its counts and "without" counts ask for the same ones."""
        key = (
            tuple(municipality_ids),
            tuple(sorted((name, getattr(value, "pk", value)) for name, value in filters.items())),
        )
        if key in self._masks:
            return self._masks[key]
        wanted = self.public & self._single_in("kommun", [*municipality_ids])
        for name, value in filters.items():
            if name in SINGLE:
                wanted &= self._single_in(name, [getattr(value, "pk", value)])
            elif name in LINKS:
                wanted &= self._linked(name, getattr(value, "pk", value))
            elif name == "fran":  # ends that year or later, or has no end
                wanted &= (self.end_year >= value) | (self.end_year == 0)
            elif name == "till":  # starts that year or earlier (a start is required)
                wanted &= (self.start_year <= value) & (self.start_year != 0)
        if len(self._masks) >= MASKS_KEPT:
            self._masks.pop(next(iter(self._masks)))
        self._masks[key] = wanted
        return wanted

    def _single_in(self, name, raw_values) -> np.ndarray:
        codes = self.single_codes[name].index
        wanted = [codes[v] for v in raw_values if v in codes]
        return np.isin(self.single[name], wanted)

    def _linked(self, name, raw_value) -> np.ndarray:
        link = self.links[name]
        code = link.codes.index.get(raw_value)
        if code is None:
            return np.zeros(self.size, dtype=bool)
        return link.projects(code, self.size)

    def counts(
        self, ids: np.ndarray, limit: int, *, regional: bool, whole: str = ""
    ) -> dict[str, dict]:
        """Per filter, {value: hits with it}, as PublicSearch.counts: kinds, statuses,
        countries and municipalities all, the rest the `limit` most frequent (ties: lowest
        id first), `whole`'s all. `ids`: the hits."""
        out = {}
        for name in SINGLE:
            if name == "kommun" and not regional:
                continue
            codes = self.single_codes[name]
            found = np.bincount(self.single[name][ids], minlength=len(codes.values))
            values = {codes.values[c]: int(n) for c, n in enumerate(found) if n}
            if name == "forvaltning":
                values.pop(None, None)
                values = _top(values, None if name == whole else limit)
            out[name] = values
        for name, link in self.links.items():
            found = link.count(ids)
            values = {link.codes.values[c]: int(n) for c, n in enumerate(found) if n}
            out[name] = values if name in ("land", whole) else _top(values, limit)
        return out


def _top(values: dict, limit: int | None) -> dict:
    return dict(sorted(values.items(), key=lambda item: (-item[1], item[0]))[:limit])


def matching(query) -> np.ndarray:
    """The ids of the projects whose text matches (fulltext.matching_ids), read as one text."""
    sql, params = matching_ids(query).as_sql(None, connection)
    with connection.cursor() as cursor:
        return _numbers(cursor, _CONCAT[connection.vendor].format("id", sql), params)


MASKS_KEPT = 32
REBUILD_AFTER = 50_000  # logged changes since the index's version; more: build it again
# The snapshot is written again after this many patched changes, or after this many
# seconds with any: a new worker's catch-up stays short, and the log's pruning (a day)
# never leaves the snapshot behind it.
SNAPSHOT_AFTER = 2_000
SNAPSHOT_EVERY = 600
LOAD_WAIT = 5.0  # seconds a search waits for a snapshot being loaded rather than take SQL
_lock = threading.Lock()
_index: FacetIndex | None = None
_building: threading.Thread | None = None
_loading = False  # the building thread is loading a snapshot (quick), not building
_writer: int | None = None  # the process writing the snapshot (background), until reaped
builds = 0  # indexes built by this process (tests check that a change did not need one)
loads = 0  # indexes loaded from a snapshot
# Under gunicorn (deploy/gunicorn.conf.py: post_worker_init) a build runs in a thread while
# the worker serves; searches meanwhile take the exact SQL path (search.py), slower but
# never stalled for the 8-15 s a build takes at a million projects. Loading a snapshot
# takes a fraction of a second: searches wait for that instead.
background = False


def current() -> FacetIndex | None:
    """This worker's index for the database's content version, None when there is no
    version to key it on or (in the background) while it is being built. A moved version
    is caught up with from the change log (search_log.py, search_patch.py): nothing to do
    for a news item, a patch for changed projects; a build only when there is no index yet
    or the log cannot tell what changed."""
    global _index
    version = versioning.current()
    if version is None:
        return None
    index = _index
    if index is None or index.version != version:
        with _lock:
            if _index is not None and _index.version != version and not _catch_up(_index, version):
                _index = None  # let the old arrays go before the new ones are read
            if _index is None and not background:
                _index = _obtain(version)
            index = _index
        if index is None:
            return _wait_for(start_building())
    if _writer is not None:
        _writing()  # reaps it once done
    if index.snapshot_key is not None and _needs_saving(index):
        _save_soon(index)
    return index


def start_building() -> threading.Thread:
    """Gets the index in a thread (its own database connection), unless one is running."""
    global _building, _loading
    with _lock:
        if _building is None or not _building.is_alive():
            _loading = _snapshot_there()
            _building = threading.Thread(target=_build_here, name="search-index", daemon=True)
            _building.start()
        return _building


def _wait_for(thread: threading.Thread) -> FacetIndex | None:
    """The index once the thread has loaded a snapshot (not more than LOAD_WAIT), else
    None: while it builds, searches take the SQL path."""
    deadline = time.monotonic() + LOAD_WAIT
    while _loading and thread.is_alive() and time.monotonic() < deadline:
        thread.join(0.02)
    return _index


def _snapshot_there() -> bool:
    try:
        path = search_snapshot.path_for(search_snapshot.identity())
    except Exception:  # no database yet: the thread will say so
        return False
    return path is not None and path.exists()


def _build_here() -> None:
    global _index, _loading
    try:
        version = versioning.read_current()
        if version is not None:
            index = _obtain(version)
            _prepare(index)
            with _lock:
                _index = index
                _loading = False
            if index.snapshot_key is not None and _needs_saving(index):
                _save_soon(index)
    finally:
        _loading = False
        connection.close()  # this thread's own


def _prepare(index: FacetIndex) -> None:
    """Before the index is used: what its first searches would otherwise each do (the
    link facets' first count)."""
    for link in index.links.values():
        link.count(np.zeros(0, dtype=np.int64))


def save_before_exit() -> None:
    """Writes the snapshot if the one on disk lacks this worker's recent words' postings or
    is as far behind as the serving worker would write it for (_needs_saving), for the
    worker that replaces it (deploy/gunicorn.conf.py: worker_exit). Here, not forked:
    nothing is served any more, and the next worker starts after it.

    A few changes behind is no reason: the next worker catches them up from the change log
    in milliseconds, while writing is 75-90 MB at a million projects, on every exit when
    workers are recycled often."""
    index = _index
    if index is None or index.snapshot_key is None:
        return
    wait_for_writer()  # (still writing after that: _save finds its lock and skips)
    if not _needs_saving(index) and search_snapshot.keeps_words(index, index.snapshot_key):
        return
    if _lock.acquire(timeout=LOAD_WAIT):  # a patch under way: skip, never hang the exit
        try:
            _save(index)
        finally:
            _lock.release()


def _obtain(version) -> FacetIndex:
    """The index from this database's snapshot caught up to `version`, else built (and
    then saved by the caller, which may hold the lock)."""
    global _loading, loads
    started = time.perf_counter()
    key = search_snapshot.identity() if search_snapshot.enabled() else None
    loaded = search_snapshot.load(FacetIndex, key)
    if loaded is not None:
        index = _build(loaded[0].version, loaded)
        if index.text is not None:  # before the catch-up, which patches them too
            for word, ids, freq, stops in reversed(loaded[2]):
                index.text.add_word(word, ids, freq, stops)
        # Another history under the same counter (a database put back by hand): build.
        same = index.version[0] < version[0] or index.version == version
        if same and _catch_up(index, version):
            loads += 1
            index.built_in = time.perf_counter() - started
            index.snapshot_key, index.saved_at = key, time.monotonic()
            return index
        logger.info("Search index snapshot at %s behind the log: building", index.version[0])
    _loading = False
    index = _build(version)
    index.snapshot_key = key
    return index


def _needs_saving(index: FacetIndex) -> bool:
    if index.saved_at is None:
        return True
    if index.unsaved >= SNAPSHOT_AFTER:
        return True
    return index.unsaved > 0 and time.monotonic() - index.saved_at > SNAPSHOT_EVERY


def _save_soon(index: FacetIndex) -> None:
    """Writes the snapshot again. Under gunicorn from a forked process at idle priority:
    writing 75 MB and more at a million projects in a thread held the worker's interpreter
    while it served (a forked copy shares the arrays' memory until the worker patches
    them). It writes unless another process is writing or the file is already as current
    (search_snapshot.save), and exits without running any cleanup: the database connection
    it inherited stays the worker's."""
    global _writer
    if not background:
        with _lock:
            _save(index)
        return
    with _lock:  # no patch while the copy is made
        if _index is not index or not _needs_saving(index) or _writing():
            return
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child's outcome is seen in its file
            code = 1
            try:
                _idle()
                search_snapshot.save(index, index.snapshot_key)
                code = 0
            except BaseException:
                with contextlib.suppress(BaseException):
                    logger.warning("Search index snapshot not written", exc_info=True)
            finally:
                os._exit(code)
        _writer = pid
        index.saved_at, index.unsaved = time.monotonic(), 0


def _idle() -> None:
    """This process runs only on a core that nothing else wants (Linux's SCHED_IDLE), else
    at the lowest priority: the snapshot is for the next worker, and no request waits for it."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        os.nice(19)


def _writing() -> bool:
    """Whether the snapshot's writer process still runs (reaped once it has ended)."""
    global _writer
    if _writer is None:
        return False
    try:
        done, _ = os.waitpid(_writer, os.WNOHANG)
    except ChildProcessError:
        done = _writer
    if done == 0:
        return True
    _writer = None
    return False


def wait_for_writer(timeout: float = LOAD_WAIT) -> None:
    """Until the snapshot's writer process has ended (a worker's exit, the tests)."""
    deadline = time.monotonic() + timeout
    while _writing() and time.monotonic() < deadline:
        time.sleep(0.01)


def _save(index: FacetIndex) -> None:
    try:
        search_snapshot.save(index, index.snapshot_key)
    except Exception:
        # A full disk or a read-only var/ costs the next worker a build, nothing more.
        logger.warning("Search index snapshot not written", exc_info=True)
    index.saved_at, index.unsaved = time.monotonic(), 0


def _catch_up(index: FacetIndex, version) -> bool:
    if version[0] < index.version[0]:
        return False  # the database went back (a restore without a new version)
    changed = search_log.since(index.version[0], REBUILD_AFTER)
    if changed is None:
        return False
    search_patch.apply(index, changed)
    index.version = version
    index.unsaved += len(changed)
    return True


def _build(version, loaded=None) -> FacetIndex:
    """A new index, or `loaded` (a snapshot's index, its ranking's row lengths and words:
    search_snapshot.load) completed: the ranking's statistics then read only its totals."""
    global builds
    if loaded is None:
        builds += 1
        index, lengths = FacetIndex.build(version), None
    else:
        index, lengths = loaded[:2]
    if connection.vendor in ("sqlite", "postgresql"):
        started = time.perf_counter()
        text = TextIndex if connection.vendor == "sqlite" else PgTextIndex
        index.text = text(index.size, lengths=lengths)
        index.built_in += time.perf_counter() - started
    return index


def forget() -> None:
    global _index
    _index = None
