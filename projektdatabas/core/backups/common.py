"""What both kinds of backup share: which engine the site runs on, the error an operator
reads, and the content version a restore must move past."""

from django.conf import settings
from django.db import DatabaseError, connection

from projektdatabas.core import versioning

SQLITE, POSTGRESQL = "SQLite", "PostgreSQL"


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with a message for the operator."""


def site_engine() -> str:
    vendor = connection.vendor
    if vendor == "sqlite":
        return SQLITE
    if vendor == "postgresql":
        return POSTGRESQL
    raise BackupError(f"Backups cover SQLite and PostgreSQL; this site's database is {vendor}.")


def describe_database() -> str:
    db = settings.DATABASES["default"]
    if site_engine() == SQLITE:
        return f"the SQLite database {db['NAME']}"
    return f"the PostgreSQL database {db['NAME']} on {db.get('HOST') or 'localhost'}"


def current_counter() -> int:
    """The content version's counter before a restore (0 in an empty database)."""
    try:
        version = versioning.read_current()
    except DatabaseError:
        return 0
    return version[0] if version else 0
