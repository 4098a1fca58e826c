"""Backing up the whole database to a file, and restoring one (manage.py backup, restore).

SQLite: the online backup API copies the live database, consistent while the site reads
and writes. PostgreSQL: pg_dump's custom format, restored by pg_restore. A backup is
written under a temporary name, checked, flushed to disk and only then renamed, so a file
with a backup's name is always complete and readable. README, "Backup and restore"."""

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches

from projektdatabas.core import versioning

from . import postgres, sqlite
from .common import POSTGRESQL, SQLITE, BackupError, describe_database, site_engine

__all__ = ["Backup", "BackupError", "back_up", "check_backup", "describe_database", "restore"]
SUFFIX = {SQLITE: ".sqlite3", POSTGRESQL: ".pgdump"}
MAGIC = {SQLITE: b"SQLite format 3\x00", POSTGRESQL: b"PGDMP"}
ENGINES = {SQLITE: sqlite, POSTGRESQL: postgres}


@dataclass
class Backup:
    path: Path
    size: int
    removed: list[Path] = field(default_factory=list)


# --- Backing up --------------------------------------------------------------------------


def back_up(*, directory: Path, keep: int | None = None) -> Backup:
    """Writes a new backup into `directory`; with `keep`, then deletes this site's oldest
    backups there beyond the newest `keep` (files of any other name are left alone)."""
    engine = site_engine()
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        final = _new_name(directory, engine)
        partial = final.with_name(f".{final.name}.partial")
        # Created private before any data goes in: a backup holds every staff account.
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        raise BackupError(f"Cannot write a backup in {directory}: {exc.strerror}.") from exc
    try:
        ENGINES[engine].write(partial)
        check_backup(partial)
        os.chmod(partial, 0o600)
        _fsync(partial)
        os.replace(partial, final)
        _fsync(directory)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Cannot write the backup {final}: {exc.strerror}.") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    removed = prune(directory, keep=keep) if keep else []
    removed += _abandoned_partials(directory, engine)
    return Backup(final, final.stat().st_size, removed)


def prune(directory: Path, *, keep: int) -> list[Path]:
    """Deletes this site's backups beyond the newest `keep`, by the time in their names."""
    pattern = _name_pattern(site_engine())
    ours = []
    for path in directory.iterdir():
        match = pattern.fullmatch(path.name)
        if match and path.is_file():
            ours.append(((match["stamp"], int(match["n"] or 1)), path))
    ours.sort()
    removed = [path for _, path in ours[: max(len(ours) - keep, 0)]]
    for path in removed:
        path.unlink()
    return removed


def _abandoned_partials(directory: Path, engine: str) -> list[Path]:
    """Temporary files of backups killed part-way (a reboot, kill -9), a day old or more: no
    backup runs that long, and each holds a full copy of the database."""
    pattern = re.compile(r"\." + _name_pattern(engine).pattern + r"\.partial")
    cutoff = dt.datetime.now().timestamp() - 24 * 60 * 60
    removed = []
    for path in directory.iterdir():
        if pattern.fullmatch(path.name) and path.stat().st_mtime < cutoff:
            path.unlink()
            removed.append(path)
    return removed


def _prefix() -> str:
    name = str(settings.DATABASES["default"]["NAME"])
    if site_engine() == SQLITE:
        name = Path(name).stem
    return re.sub(r"[^A-Za-z0-9_]+", "-", name).strip("-") or "database"


def _name_pattern(engine: str) -> re.Pattern:
    stamp = r"-(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<n>\d+))?"
    return re.compile(re.escape(_prefix()) + stamp + re.escape(SUFFIX[engine]))


def _new_name(directory: Path, engine: str) -> Path:
    # UTC, so names sort in time order across daylight-saving changes.
    stem = f"{_prefix()}-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}"
    path, n = directory / f"{stem}{SUFFIX[engine]}", 1
    while path.exists() or path.with_name(f".{path.name}.partial").exists():
        n += 1
        path = directory / f"{stem}-{n}{SUFFIX[engine]}"
    return path


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- Checking a file ----------------------------------------------------------------------


def file_engine(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise BackupError(f"Cannot read {path}: {exc.strerror}.") from exc
    return next((engine for engine, magic in MAGIC.items() if head.startswith(magic)), None)


def check_backup(path: Path) -> None:
    """Raises BackupError unless `path` is a readable backup of this site's kind."""
    engine, found = site_engine(), file_engine(path)
    if found is None:
        raise BackupError(
            f"{path} is neither a SQLite database nor a PostgreSQL dump in pg_dump's custom "
            "format: it is not a backup made by manage.py backup."
        )
    if found != engine:
        raise BackupError(
            f"{path} is a {found} backup, but this site's database is {engine}. Restore it "
            f"on a site that uses {found} (DATABASE_URL), or move the data with "
            "dumpdata/loaddata."
        )
    ENGINES[engine].check(path)


# --- Restoring ------------------------------------------------------------------------------


def restore(*, path: Path) -> None:
    """Replaces every table of the site's database with those in the backup at `path`.

    The web server must be stopped: restore refuses when it can see another connection."""
    check_backup(path)
    previous = ENGINES[site_engine()].restore(path)
    # Workers keep serving pages cached under the version they last read, and browsers hold
    # ETags and dates of it. The backup brings back an older version (or the same one with
    # other content), so move to one newer than any served before.
    versioning.bump(above=previous)
    for cache in caches.all():
        cache.clear()
    ContentType.objects.clear_cache()
