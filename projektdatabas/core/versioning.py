"""Bumping and reading the content version (see ContentVersion).

Every save or delete of a model in the domain apps bumps it: coarse, but no public page
can then miss a dependency (a renamed department, a new partner, an edited statement)."""

import datetime
import time

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import F
from django.db.models.functions import Greatest
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .models import ContentVersion

# Apps whose data can appear on public pages.
PUBLIC_CONTENT_APPS = {
    "organisations",
    "strategy",
    "projects",
    "finance",
    "planning",
    "public",
    "news",
    "calls",
}
VERSION_ID = 1
# Sent by bump(above=…) (a restore): whatever was derived from the old data (the search
# index: projects/search_log.py) must be derived again.
restored = Signal()


# The version as last read by this process, and when (time.monotonic()). Cached pages are
# answered without a database round trip while it is younger than CONTENT_VERSION_TTL:
# on PostgreSQL that round trip was most of a cached page's cost (1,270 requests/s with
# it). A change made in this process forgets it at once; other worker processes see the
# change within the TTL.
_seen: tuple[float, tuple[int, datetime.datetime] | None] | None = None


def forget() -> None:
    global _seen
    _seen = None


def bump(*, above: int = 0) -> None:
    """Moves the version on. `above`: a counter the new one must exceed, for a restore,
    which brings back an older counter that workers may already have served pages under."""
    forget()
    updated = ContentVersion.objects.filter(pk=VERSION_ID).update(
        counter=Greatest(F("counter"), above) + 1, changed_at=timezone.now()
    )
    if not updated:
        ContentVersion.objects.get_or_create(
            pk=VERSION_ID, defaults={"counter": above + 1, "changed_at": timezone.now()}
        )
    if above:
        restored.send(sender=ContentVersion)


def current() -> tuple[int, datetime.datetime] | None:
    """The content version, read at most once per CONTENT_VERSION_TTL seconds."""
    global _seen
    ttl = settings.CONTENT_VERSION_TTL
    now = time.monotonic()
    if ttl > 0 and _seen is not None and now - _seen[0] < ttl:
        return _seen[1]
    version = read_current()
    _seen = (now, version)
    return version


def read_current() -> tuple[int, datetime.datetime] | None:
    """(counter, changed_at), or None if the row is missing (e.g. a flushed test database).

    Plain SQL: building this one query through the ORM cost more than the rest of a cached
    public page (about 0.55 of 0.9 ms, measured with cProfile), and it runs on every one.

    It is the first query of most requests, so it also stands in for Django's connection
    health check (CONN_HEALTH_CHECKS), which would otherwise send a `SELECT 1` first: a
    second round trip that cost a cached page on PostgreSQL 10-20 % of its throughput. If
    the connection turns out dead (the database restarted), it reconnects once, as the
    health check would have."""
    checking = (
        connection.health_check_enabled
        and not connection.health_check_done
        and connection.connection is not None
    )
    if checking:
        connection.health_check_done = True
    try:
        row = _read()
    except DatabaseError:
        if not checking:
            raise
        connection.close()
        row = _read()
    if row is None:
        return None
    counter, changed_at = row
    if isinstance(changed_at, str):  # SQLite hands back text
        changed_at = parse_datetime(changed_at)
    if timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, datetime.UTC)
    return counter, changed_at


def _read():
    with connection.cursor() as cursor:
        cursor.execute(_CURRENT_SQL, [VERSION_ID])
        return cursor.fetchone()


_CURRENT_SQL = f"SELECT counter, changed_at FROM {ContentVersion._meta.db_table} WHERE id = %s"  # noqa: S608


def _changed(sender, **kwargs) -> None:
    # Raw saves (loaddata) bump it too: loading data changes what the public sees.
    if sender._meta.app_label in PUBLIC_CONTENT_APPS:
        bump()


def _m2m_changed(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        _changed(sender)


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="content-version-save")
    post_delete.connect(_changed, dispatch_uid="content-version-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="content-version-m2m")
