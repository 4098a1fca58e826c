"""The demo data for tests, loaded once per test run and copied in where a test asks for it.

`manage.py load_demo_data` takes about two seconds (several thousand queries), and some fifty
tests need its result. The first test that asks for `demo_data` runs the real command, reads
every table back (the database as that test found it, plus the demo) and rolls the load away;
each test that asks then gets the same rows put back in well under a second, by the database
itself: every table emptied and refilled from the copy (SQLite: literal values from `quote()`,
exact for every storage class; PostgreSQL: `COPY` in its text format). Search indexes follow
(FTS5 by its triggers, the tsvector is a generated column), and PostgreSQL's sequences are
moved past the copied ids.

Works in `db` tests (inside their transaction) and in `transactional_db`/`live_server` tests
(committed; the flush after the test removes it). If the day has changed since the copy was
made, or a test has moved "today" (the demo's statuses follow the loading day), the real
command runs instead. Tests of the loader itself call the command, not this fixture."""

import io
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from projektdatabas.core import versioning

# As the suite's autouse fixture sets for each test (that fixture runs after this one's first
# use): the demo accounts' passwords are hashed once per load, and PBKDF2 would take seconds.
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass(frozen=True)
class _Table:
    name: str
    columns: tuple[str, ...]
    model: type


@dataclass
class _Snapshot:
    day: object  # the loading day (timezone.localdate())
    tables: list[_Table]
    rows: dict  # table name -> what the database gave back (see read_table and _write)


def _tables() -> list[_Table]:
    """Every table Django manages, with its columns that can be written (not generated)."""
    found, seen = [], set()
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if not opts.managed or opts.proxy or opts.db_table in seen:
            continue
        seen.add(opts.db_table)
        columns = tuple(f.column for f in opts.local_concrete_fields if not f.generated)
        found.append(_Table(opts.db_table, columns, model))
    return found


def _columns(table: _Table) -> str:
    return ", ".join(connection.ops.quote_name(c) for c in table.columns)


def read_table(table: _Table):
    name = connection.ops.quote_name(table.name)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {name} ({_columns(table)}) TO STDOUT") as copy:
                return b"".join(bytes(block) for block in copy)
        quoted = ", ".join(f"quote({connection.ops.quote_name(c)})" for c in table.columns)
        cursor.execute(f"SELECT {quoted} FROM {name}")  # noqa: S608
        return [f"({', '.join(row)})" for row in cursor.fetchall()]


def _write(table: _Table, rows) -> None:
    name = connection.ops.quote_name(table.name)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {name}")  # noqa: S608
        if not rows:
            return
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {name} ({_columns(table)}) FROM STDIN") as copy:
                copy.write(rows)
            return
        for start in range(0, len(rows), 500):
            values = ", ".join(rows[start : start + 500])
            cursor.execute(f"INSERT INTO {name} ({_columns(table)}) VALUES {values}")  # noqa: S608


def _take() -> _Snapshot:
    tables = _tables()
    with override_settings(PASSWORD_HASHERS=FAST_HASHER), transaction.atomic():
        call_command("load_demo_data", stdout=io.StringIO())
        snapshot = _Snapshot(
            day=timezone.localdate(), tables=tables, rows={t.name: read_table(t) for t in tables}
        )
        transaction.set_rollback(True)
    return snapshot


def _put_back(snapshot: _Snapshot) -> None:
    with transaction.atomic():  # foreign keys are checked at commit (they are deferred)
        for table in snapshot.tables:
            _write(table, snapshot.rows[table.name])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                models = [t.model for t in snapshot.tables]
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
    # What this process remembers about the rows it just replaced.
    ContentType.objects.clear_cache()
    caches["pages"].clear()
    versioning.forget()


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return _take()


def load(snapshot: _Snapshot) -> None:
    if timezone.localdate() != snapshot.day:
        call_command("load_demo_data", stdout=io.StringIO())
    else:
        _put_back(snapshot)


@pytest.fixture
def demo_data(db, _demo_snapshot):
    """Ale kommun's demo data, as `manage.py load_demo_data` leaves it today."""
    load(_demo_snapshot)
