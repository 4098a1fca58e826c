"""Reads whose statements PostgreSQL parses and plans once per connection.

Django sends every statement with its values written in (psycopg's client-side binding),
so the server parses and plans it afresh each time: 0.2-0.3 ms of the server's CPU for each
of an uncached project page's queries, against about 0.1 ms for the same statement prepared
(bench/README.md). A page's few fixed statements, written with %s placeholders, run through
fetch_all() instead: bound on the server and prepared on first use, then kept by psycopg for
the connection's life (at most `prepared_max`, 100, per connection).

Only these statements are prepared: Django's own cursors still bind on the client, so
nothing else changes. A pooler that hands one session's statements to another (PgBouncer in
transaction mode before 1.21) cannot keep prepared statements: DB_PREPARED_STATEMENTS=0
turns them off. SQLite has nothing to prepare here: Django's cursor."""

import functools

from django.conf import settings
from django.db import DatabaseError, connection


def fetch_all(sql: str, params: list) -> list[tuple]:
    """The rows of one read-only statement.

    As the first statement of a request it also stands in for Django's connection health
    check (CONN_HEALTH_CHECKS), as the content version's read does (core/versioning.py):
    the check's `SELECT 1` was a round trip of its own before each uncached project page on
    PostgreSQL. If the connection turns out dead, it reconnects once, as the check would."""
    checking = (
        connection.health_check_enabled
        and not connection.health_check_done
        and connection.connection is not None
        and not connection.in_atomic_block
    )
    if checking:
        connection.health_check_done = True
    try:
        return _fetch_all(sql, params)
    except DatabaseError:
        if not checking:
            raise
        connection.close()
        return _fetch_all(sql, params)


def _fetch_all(sql: str, params: list) -> list[tuple]:
    if connection.vendor != "postgresql" or not settings.DB_PREPARED_STATEMENTS:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django turns psycopg's automatic preparing off (None). Its client-binding cursors
        # never prepare whatever this says; the cursor below asks for each statement.
        raw.prepare_threshold = _PREPARE_WHEN_ASKED
    with connection.wrap_database_errors:
        # Django's wrapper: its execute wrappers, errors and query logging, as any cursor.
        cursor = connection._prepare_cursor(_preparing_cursor_class()(raw))
    with cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# Far above any count: statements are prepared only where the cursor asks for it.
_PREPARE_WHEN_ASKED = 2**31 - 1


@functools.cache
def _preparing_cursor_class():
    import psycopg  # only on PostgreSQL

    class PreparingCursor(psycopg.Cursor):
        """Server-side binding, each statement prepared on its first use."""

        def execute(self, query, params=None, *, prepare=True, binary=None):
            return super().execute(query, params, prepare=prepare, binary=binary)

    return PreparingCursor
