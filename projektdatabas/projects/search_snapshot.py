"""A copy on disk of a worker's search index (search_index.FacetIndex, and its ranking's
per-row lengths), so that a new worker (a start, a reload, a replacement after gunicorn's
max_requests) loads it in a fraction of a second and catches up from the change log
(search_log.py) instead of building it for 8-15 s at a million projects, while its
searches take the slow SQL path (bench/README.md, "The exact search").

One file per database on each app server, in SEARCH_SNAPSHOT_DIR (var/search-index/):
several app servers each keep their own and each catches up from the shared log, which
also says when it cannot (pruned past the snapshot, a restore, a bulk write): then the
worker builds. The name carries the database's identity (two databases on one machine,
tests and the bench, never read each other's) and FORMAT (code that stores the index
differently ignores old files). numpy's .npz without pickle; written to a temporary file
and renamed, so a reader sees a whole file or none. Loaded arrays are ordinary (writable)
memory: search_patch.py patches them in place.

It also keeps the postings of the words the worker searched lately (most recent first, up
to WORDS_ROWS rows in all), at the snapshot's version like everything else and caught up by
the same patches: a new worker answers them at once instead of reading a broad word's rows
again (0.5-3.5 s on PostgreSQL at a million projects, while its searches wait).
"""

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import tempfile
import time
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import connection
from django.utils.dateparse import parse_datetime

from .search_links import Codes, Link

FORMAT = 2  # bump whenever what is stored, or what it means, changes
# The words' postings kept, in rows (8 bytes each on disk, 16 in memory): about ten words
# in a fifth of the rows at a million projects, 16 MB beside the index's 75.
WORDS_ROWS = 2_000_000
STALE_TEMPORARY = 3600  # seconds: a temporary file this old was left by a crashed writer
# Another database's snapshot untouched this long (a replaced SQLite file, a dropped bench
# database) is deleted by the next write here; if that database is still used, it builds.
STALE_OTHER = 7 * 24 * 3600
logger = logging.getLogger(__name__)


def identity() -> str | None:
    """The database's identity, as a short hash: SQLite's file (its path, device and inode:
    a copy is another database), PostgreSQL's server, database name and oid (a database
    dropped and made again is another). None: no snapshots (an in-memory database lives
    only in its process)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(db["NAME"])
        if connection.is_in_memory_db():
            parts = ["memory", name, os.getpid()]
        else:
            stat = os.stat(name)
            parts = [os.path.realpath(name), stat.st_dev, stat.st_ino]
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT oid, datname FROM pg_database WHERE datname = current_database()"
            )
            oid, name = cursor.fetchone()
        parts = [db.get("HOST") or "", str(db.get("PORT") or ""), name, oid]
    else:
        return None
    text = json.dumps([connection.vendor, *parts], default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def enabled() -> bool:
    return _directory() is not None


def _directory() -> Path | None:
    value = getattr(settings, "SEARCH_SNAPSHOT_DIR", None)
    return Path(value) if value else None


def path_for(key: str | None) -> Path | None:
    directory = _directory()
    if directory is None or key is None:
        return None
    return directory / f"search-{key}-f{FORMAT}.npz"


def save(index, key: str | None) -> Path | None:
    """Writes `index` (not changed meanwhile: the caller holds search_index's lock) as the
    snapshot of database `key`, unless another process is writing one or the one on disk is
    at the same version (two workers that built at once). Old formats' files of the same
    database go."""
    path = path_for(key)
    if path is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive(path.with_suffix(".lock")) as ours:
        counter, changed_at = index.version
        words = _kept_words(index.text)
        if not ours or _covered(path, (counter, changed_at.isoformat()), words):
            return None
        arrays = _arrays(index, key, words)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.stem + ".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as file:
                np.savez(file, **arrays)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    _prune(path, key)
    return path


def load(facet_index_class, key: str | None):
    """(index, its ranking's row lengths or None, its words: [(word, ids, f, stops)], most
    recent first) from database `key`'s snapshot, or None: there is none, or it cannot be
    read (logged; the caller builds)."""
    path = path_for(key)
    if path is None or not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as stored:
            return _index(facet_index_class, {name: stored[name] for name in stored.files}, key)
    except Exception:
        # Whatever is wrong with the file (cut short, another format, a disk error), the
        # database is still there: build from it rather than fail a request.
        logger.warning("Search index snapshot %s not used", path, exc_info=True)
        return None


def discard(key: str | None) -> int:
    """Deletes database `key`'s snapshots, whatever their format."""
    directory = _directory()
    if directory is None or key is None or not directory.exists():
        return 0
    gone = 0
    for old in directory.glob(f"search-{key}-*"):
        if old.suffix == ".npz":
            with contextlib.suppress(FileNotFoundError):
                old.unlink()
                gone += 1
    return gone


def _kept_words(text) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """The words whose postings the snapshot keeps: the most recently searched first, each
    that fits in WORDS_ROWS."""
    kept, rows = [], 0
    for word, (ids, freq) in reversed(list(text.cached_words()) if text is not None else []):
        if rows + len(ids) <= WORDS_ROWS:
            kept.append((word, ids, freq))
            rows += len(ids)
    return kept


def keeps_words(index, key: str | None) -> bool:
    """Whether database `key`'s snapshot already keeps the postings of every word that
    `index` would keep (then a new worker reads none of them again, whatever its version)."""
    path = path_for(key)
    meta = _meta_on_disk(path) if path is not None else None
    return meta is not None and _has_words(meta, _kept_words(index.text))


def _covered(path: Path, version: tuple, words: list) -> bool:
    """Whether the snapshot on disk is at `version` and keeps every one of `words` (two
    workers that built at once; a worker that searched nothing new since it loaded)."""
    meta = _meta_on_disk(path)
    return (
        meta is not None
        and (meta.get("counter"), meta.get("changed_at")) == version
        and _has_words(meta, words)
    )


def _has_words(meta: dict, words: list) -> bool:
    on_disk = {word for word, _, _ in meta.get("words", [])}
    return all(word in on_disk for word, _, _ in words)


def _narrow(values: np.ndarray, dtype) -> np.ndarray:
    """`values` in `dtype` when that holds them exactly (ids in int32, f in float32): half
    the bytes."""
    narrow = values.astype(dtype)
    return narrow if np.array_equal(narrow, values) else values


def _arrays(index, key: str, words=()) -> dict[str, np.ndarray]:
    counter, changed_at = index.version
    meta = {
        "format": FORMAT,
        "database": key,
        "counter": counter,
        "changed_at": changed_at.isoformat(),
        "single": {name: codes.values for name, codes in index.single_codes.items()},
        "links": {name: link.codes.values for name, link in index.links.items()},
        "text": index.text is not None,
        # Per word: its key, its rows and its stop sizes (search_pgtext.TextIndex.stops).
        "words": [[word, len(ids), index.text.stops(word)] for word, ids, _ in words],
    }
    arrays = {
        "meta": np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
        "public": index.public,
        "start_year": index.start_year,
        "end_year": index.end_year,
    }
    for name, values in index.single.items():
        arrays[f"single__{name}"] = values
    for name, link in index.links.items():
        # A project patched since the build keeps its current codes beside the arrays.
        pks = np.fromiter(link.overrides, dtype=np.int64, count=len(link.overrides))
        parts = [np.asarray(codes, dtype=np.int32) for codes in link.overrides.values()]
        # Stored as each project's count of links, in the smallest type that holds them:
        # a third of the file's size as offsets.
        counts = np.diff(link.starts)
        arrays[f"link__{name}__counts"] = counts.astype(np.min_scalar_type(counts.max(initial=0)))
        arrays[f"link__{name}__values"] = link.values
        arrays[f"link__{name}__overridden"] = link.overridden
        arrays[f"link__{name}__over_pks"] = pks
        arrays[f"link__{name}__over_counts"] = np.array([len(p) for p in parts], dtype=np.int64)
        arrays[f"link__{name}__over_values"] = (
            np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
        )
    if index.text is not None:
        arrays["text__lengths"] = index.text.lengths
        empty = [np.zeros(0, dtype=np.int64)]
        arrays["words__ids"] = _narrow(np.concatenate([i for _, i, _ in words] or empty), np.int32)
        arrays["words__f"] = _narrow(np.concatenate([f for _, _, f in words] or empty), np.float32)
    return arrays


def _index(facet_index_class, arrays: dict, key: str):
    meta = json.loads(arrays["meta"].tobytes())
    if meta["format"] != FORMAT or meta["database"] != key:
        raise ValueError(f"format {meta['format']} of database {meta['database']}")
    index = facet_index_class((meta["counter"], parse_datetime(meta["changed_at"])))
    index.public = arrays["public"]
    size = len(index.public)
    index.start_year, index.end_year = arrays["start_year"], arrays["end_year"]
    for name, values in meta["single"].items():
        index.single[name] = arrays[f"single__{name}"]
        index.single_codes[name] = _codes(values)
    for name, values in meta["links"].items():
        prefix = f"link__{name}__"
        counts, overrides = arrays[prefix + "over_counts"], {}
        if len(counts):
            parts = np.split(arrays[prefix + "over_values"], np.cumsum(counts)[:-1])
            overrides = dict(zip(arrays[prefix + "over_pks"].tolist(), parts, strict=True))
        linked = arrays[prefix + "counts"]
        starts = np.zeros(len(linked) + 1, dtype=np.int64)
        np.cumsum(linked, dtype=np.int64, out=starts[1:])
        index.links[name] = Link(
            _codes(values),
            starts,
            arrays[prefix + "values"],
            arrays[prefix + "overridden"],
            overrides,
        )
    shaped = [index.start_year, index.end_year, *index.single.values()]
    shaped += [link.overridden for link in index.links.values()]
    if any(len(a) != size for a in shaped) or any(
        len(link.starts) != size + 1 or link.starts[-1] != len(link.values)
        for link in index.links.values()
    ):
        raise ValueError("arrays of different lengths")
    lengths, words = None, []
    if meta["text"]:
        lengths = arrays["text__lengths"]
    if meta["text"] and meta["words"]:
        ends = np.cumsum([rows for _, rows, _ in meta["words"]], dtype=np.int64)
        if len(arrays["words__ids"]) != ends[-1] or len(arrays["words__f"]) != ends[-1]:
            raise ValueError("words' postings of another length")
        ids = np.split(arrays["words__ids"].astype(np.int64), ends[:-1])
        freq = np.split(arrays["words__f"].astype(np.float64), ends[:-1])
        words = [
            (word, i, f, stops)
            for (word, _, stops), i, f in zip(meta["words"], ids, freq, strict=True)
        ]
    return index, lengths, words


def _codes(values: list) -> Codes:
    codes = Codes()
    for value in values:
        codes.add(value)
    return codes


def _version_on_disk(path: Path) -> tuple | None:
    """The version of the snapshot already there (None: none, or unreadable)."""
    meta = _meta_on_disk(path)
    return None if meta is None else (meta.get("counter"), meta.get("changed_at"))


def _meta_on_disk(path: Path) -> dict | None:
    """The description of the snapshot already there (None: none, or unreadable)."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            return json.loads(stored["meta"].tobytes())
    except Exception:
        return None


@contextlib.contextmanager
def _exclusive(lock: Path):
    """True while this process alone writes (another worker may be writing the same)."""
    with open(lock, "a") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)


def _prune(kept: Path, key: str) -> None:
    """The database's snapshots of other formats, temporary files a crashed writer left,
    and other databases' files untouched for STALE_OTHER."""
    now = time.time()
    for old in kept.parent.glob("search-*"):
        if old in (kept, kept.with_suffix(".lock")):
            continue
        with contextlib.suppress(FileNotFoundError):
            age = now - old.stat().st_mtime
            if old.suffix == ".tmp":
                stale = age > STALE_TEMPORARY
            elif old.name.startswith(f"search-{key}-"):
                stale = old.suffix != ".lock"  # another format's
            else:
                stale = age > STALE_OTHER
            if stale:
                old.unlink()
