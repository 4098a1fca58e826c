"""The suite runs on the database it was asked to: a PostgreSQL run that quietly fell back
to SQLite would be a skipped check presented as passing."""

import os

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_runs_on_the_requested_database():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
    if expected == "postgresql":
        assert connection.pg_version >= 150000


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server to restart: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_version_read_reconnects_after_the_server_dropped_the_connection(monkeypatch):
    """The content-version read stands in for Django's health check (core/versioning.py):
    no separate `SELECT 1` round trip, and it recovers from a connection the server has
    closed, as the check would."""
    import psycopg

    def no_second_round_trip():
        raise AssertionError("Django's health check ran: a second round trip per request")

    from projektdatabas.core import versioning

    versioning.bump()  # the row exists even after an earlier test's flush
    assert versioning.read_current() is not None
    backend_pid = connection.connection.info.backend_pid
    with psycopg.connect(**connection.get_connection_params()) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
    connection.close_if_unusable_or_obsolete()  # what Django does as the next request starts
    monkeypatch.setattr(connection, "is_usable", no_second_round_trip)
    assert versioning.read_current() is not None
    assert connection.connection.info.backend_pid != backend_pid
