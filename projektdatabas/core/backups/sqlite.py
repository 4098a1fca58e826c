"""SQLite backups: the online backup API copies the live database, consistent while the
site reads and writes, into one self-contained file; restoring copies it back the same way."""

import fcntl
import os
import sqlite3
from pathlib import Path

from django.conf import settings
from django.db import connection

from .common import BackupError, current_counter


def write(target: Path) -> None:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # In one step (pages=-1): the copy is the database at one moment. Copied in steps,
        # a write by the site in between would restart it, on a busy site over and over.
        # In WAL mode the site's writers go on meanwhile; otherwise they wait (timeout).
        connection.connection.backup(copy, pages=-1)
        # The live file may be in WAL mode; the backup is one self-contained file.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()


def check(path: Path) -> None:
    try:
        db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            problems = [row[0] for row in db.execute("PRAGMA integrity_check")]
            django = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone()
            (pages,) = db.execute("PRAGMA page_count").fetchone()
            (page_size,) = db.execute("PRAGMA page_size").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} cannot be read as a SQLite database: {exc}.") from exc
    # SQLite reads missing bytes at the end as zeros, so a file cut short can pass the
    # integrity check; its header still says how long it was.
    if pages * page_size != path.stat().st_size:
        raise BackupError(
            f"{path} cannot be read in full: its header says {pages * page_size} bytes, the "
            f"file has {path.stat().st_size}."
        )
    if problems != ["ok"]:
        raise BackupError(f"{path} fails SQLite's integrity check: {'; '.join(problems[:5])}")
    if not django:
        raise BackupError(f"{path} is a SQLite database, but not this application's.")


def restore(path: Path) -> int:
    target = Path(settings.DATABASES["default"]["NAME"])
    if target.exists() and target.samefile(path):
        raise BackupError(f"{path} is the site's database itself.")
    connection.close()
    if _sqlite_open_elsewhere(target):
        raise BackupError(
            f"{target} is open in another process (is the web server running?). "
            "Stop it and try again."
        )
    previous = current_counter()
    source = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        source.backup(connection.connection, pages=-1)
    finally:
        source.close()
    return previous


def _sqlite_open_elsewhere(target: Path) -> bool:
    """Whether another process has the database open, as far as WAL mode lets us see.

    Every connection to a WAL database holds a shared lock on byte 128 of its -shm file
    (the "DMS" lock, sqlite.org/walformat.html) for as long as it is open; an exclusive
    lock there succeeds only if no other process has it open. Must run before this
    process opens the database: closing our descriptor drops all our locks on the file."""
    try:
        fd = os.open(f"{target}-shm", os.O_RDWR)
    except FileNotFoundError:
        return False
    except PermissionError as exc:
        raise BackupError(
            f"Cannot open {target}-shm to see whether the site uses the database: run restore "
            "as the user that runs the site (deploy/manage does)."
        ) from exc
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 128)
    except OSError:
        return True
    finally:
        os.close(fd)  # also releases the probe's lock
    return False
