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
