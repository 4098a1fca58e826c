"""Reads whose statements PostgreSQL parses and plans once per connection, sent together.

Django sends every statement with its values written in (psycopg's client-side binding),
so the server parses and plans it afresh each time: 0.2-0.3 ms of the server's CPU for each
of an uncached project page's queries, against about 0.1 ms for the same statement prepared
(bench/README.md). A page's few fixed statements, written with %s placeholders, run through
fetch_batch() instead: bound on the server and prepared on first use, then kept by psycopg for
the connection's life (at most `prepared_max`, 100, per connection). The statements of one
batch go to the server at once, in psycopg's pipeline mode, and their rows come back
together: one round trip where there was one for each (five statements: 0.87 ms waited and
0.42 ms of the worker's CPU one by one, 0.41 and 0.26 ms at once; bench/README.md).

Only these statements are prepared: Django's own cursors still bind on the client, so
nothing else changes. A pooler that hands one session's statements to another (PgBouncer in
transaction mode before 1.21) cannot keep prepared statements: DB_PREPARED_STATEMENTS=0
sends the statements one by one through Django's cursor instead. SQLite has nothing to
prepare and no round trips to save: Django's cursor, one statement after another."""

import functools

from django.conf import settings
from django.db import DatabaseError, connection


def fetch_batch(statements: list[tuple[str, list]]) -> list[list[tuple]]:
    """The rows of each read-only statement, in the statements' order.

    As the first read of a request it also stands in for Django's connection health check
    (CONN_HEALTH_CHECKS), as the content version's read does (core/versioning.py): the
    check's `SELECT 1` was a round trip of its own before each uncached project page on
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
        return _fetch_batch(statements)
    except DatabaseError:
        if not checking:
            raise
        connection.close()
        return _fetch_batch(statements)


def _fetch_batch(statements: list[tuple[str, list]]) -> list[list[tuple]]:
    if not statements:
        return []
    if connection.vendor != "postgresql" or not settings.DB_PREPARED_STATEMENTS:
        found = []
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                found.append(cursor.fetchall())
        return found
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django turns psycopg's automatic preparing off (None). Its client-binding cursors
        # never prepare whatever this says; the cursors below ask for each statement.
        raw.prepare_threshold = _PREPARE_WHEN_ASKED
    # Django's wrapper around each cursor: its execute wrappers, errors and query logging,
    # as any cursor; and around the whole, since the server's errors arrive with the rows.
    with connection.wrap_database_errors, raw.pipeline() as pipeline:
        cursors = [connection._prepare_cursor(_preparing_cursor_class()(raw)) for _ in statements]
        # The last statement's execute waits for every answer, so that a wrapper timing
        # the statements (a query log, bench/fresh.py) sees the round trip in their sum.
        cursors[-1].cursor.sync_with = pipeline
        for cursor, (sql, params) in zip(cursors, statements, strict=True):
            cursor.execute(sql, params)
        found = [cursor.fetchall() for cursor in cursors]
    for cursor in cursors:
        cursor.close()
    return found


# Far above any count: statements are prepared only where the cursor asks for it.
_PREPARE_WHEN_ASKED = 2**31 - 1


@functools.cache
def _preparing_cursor_class():
    import psycopg  # only on PostgreSQL

    class PreparingCursor(psycopg.Cursor):
        """Server-side binding, each statement prepared on its first use."""

        sync_with = None  # the pipeline to send and wait for after this statement

        def execute(self, query, params=None, *, prepare=True, binary=None):
            super().execute(query, params, prepare=prepare, binary=binary)
            if self.sync_with is not None:
                self.sync_with.sync()
            return self

    return PreparingCursor
