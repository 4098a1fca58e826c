"""/health/: 200 only when the database answers and every migration is applied, 503 with
the reason otherwise; never cached, never redirected, whatever the Host header."""

import json
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder

from tests.production import run_in_production

pytestmark = pytest.mark.django_db


def answer(client, **headers):
    response = client.get("/health/", **headers)
    return response.status_code, json.loads(response.content), response


def test_ok_when_the_database_answers_and_every_migration_is_applied(client):
    status, body, response = answer(client)
    assert (status, body) == (200, {"status": "ok"})
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]


def test_an_unapplied_migration_makes_it_unavailable_at_once(client):
    assert answer(client)[0] == 200
    # As after fetching a version whose migrations have not been run yet.
    newest = MigrationRecorder.Migration.objects.filter(app="projects").latest("id")
    newest.delete()
    status, body, response = answer(client)
    assert status == 503
    assert body == {"status": "unavailable", "reason": "1 migration(s) not applied"}
    assert "no-store" in response["Cache-Control"]


def test_a_database_that_does_not_answer_makes_it_unavailable(client):
    refused = OperationalError('connection to server at "10.1.2.3", port 5432 failed')
    with mock.patch.object(connection, "ensure_connection", side_effect=refused):
        status, body, response = answer(client)
    assert status == 503
    assert body == {"status": "unavailable", "reason": "database unavailable"}
    assert b"10.1.2.3" not in response.content  # the driver's details stay in the log
    assert answer(client)[0] == 200  # and it recovers when the database is back


def test_only_get_and_head(client):
    assert client.head("/health/").status_code == 200
    response = client.post("/health/")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"


SCRIPT = r"""
import json
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="10.0.0.7:8000")  # the server's own address, not an allowed host
health = client.get("/health/")
print(json.dumps({"status": health.status_code, "body": health.content.decode()}))
"""


@pytest.mark.parametrize(
    "database_url",
    [
        "sqlite:////nonexistent-folder/projektdatabas.sqlite3",
        "postgres://projektdatabas:secret@127.0.0.1:1/projektdatabas",  # nothing on port 1
    ],
    ids=["sqlite", "postgresql"],
)
def test_a_real_database_failure_in_production_mode(tmp_path, database_url):
    """Production settings, plain HTTP and a Host that is not allowed: the probe still gets
    its answer (not the HTTPS redirect, not 400), and a real driver error becomes 503.
    (That other addresses still check the Host: tests/test_deploy.py, on a real server.)"""
    result = run_in_production(SCRIPT, tmp_path, DATABASE_URL=database_url, DB_POOL="")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["status"] == 503
    assert json.loads(found["body"]) == {
        "status": "unavailable",
        "reason": "database unavailable",
    }
    assert "Health check: the database did not answer" in result.stderr
