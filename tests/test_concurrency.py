"""Staff saving at the same time: every save arrives and none fails with "database is locked".

Each writer is its own process, as a server's workers are, configured from the environment
the way production is (settings are read once per process). On SQLite the writers share a
file copied from the test database (pytest's own is in memory); on PostgreSQL they share
the test database itself. The same writers run on both."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from django.db import connection

WRITERS = 8
SAVES_EACH = 10
TITLE = "Samtidigt sparat"

# One staff member's browser: signs in, waits until every writer is ready, then saves new
# projects through the real form as fast as the server answers.
WRITER = r"""
import json, os, pathlib, sys, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client

me, writers, saves = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
gate = pathlib.Path(os.environ["WRITER_GATE"])
client = Client()
client.force_login(get_user_model().objects.get(username=os.environ["WRITER_USER"]))
(gate / f"ready-{me}").touch()
while len(list(gate.glob("ready-*"))) < writers:
    time.sleep(0.01)
saved, failures = [], []
for n in range(saves):
    title = f"{os.environ['WRITER_TITLE']} {me}-{n}"
    try:
        response = client.post("/intern/projekt/nytt/", {
            "title_sv": title, "kind": "eu_project", "municipal_role": "partner",
            "lead_department": os.environ["WRITER_DEPARTMENT"],
        })
    except Exception as error:  # the test client re-raises what the view raised
        failures.append(repr(error))
        continue
    if response.status_code == 302 and "/redigera/partner/" in response["Location"]:
        saved.append(title)
    else:
        failures.append(f"HTTP {response.status_code}")
print(json.dumps({"saved": saved, "failures": failures}))
"""

TITLES = r"""
import json, os
import django
django.setup()
from projektdatabas.projects.models import Project
titles = Project.objects.filter(title_sv__startswith=os.environ["WRITER_TITLE"])
print(json.dumps(list(titles.values_list("title_sv", flat=True))))
"""

PRAGMAS = r"""
import json
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    found = {}
    for name in ("journal_mode", "synchronous", "busy_timeout", "journal_size_limit",
                 "foreign_keys"):
        found[name] = cursor.execute(f"PRAGMA {name}").fetchone()[0]
found["transaction_mode"] = connection.transaction_mode
print(json.dumps(found))
"""


def _database_url(tmp_path) -> str:
    """A URL the writer processes reach the test's data at."""
    if connection.vendor == "sqlite":
        copy = tmp_path / "shared.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(copy) as target:
            connection.connection.backup(target)
        return f"sqlite:///{copy}"
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
        f"{settings['PORT']}/{settings['NAME']}"
    )


def _env(tmp_path, **extra) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "projektdatabas.settings",
        "PROJEKTDATABAS_VAR_DIR": str(tmp_path),
        "LOG_LEVEL": "ERROR",
        **extra,
    }
    return {key: value for key, value in env.items() if value is not None}


@pytest.mark.django_db(transaction=True)
def test_staff_saving_at_once_all_arrive_without_database_locked(tmp_path, department, make_user):
    rep = make_user("department_rep", department=department)
    gate = tmp_path / "gate"
    gate.mkdir()
    env = _env(
        tmp_path,
        DATABASE_URL=_database_url(tmp_path),
        WRITER_GATE=str(gate),
        WRITER_USER=rep.username,
        WRITER_DEPARTMENT=str(department.pk),
        WRITER_TITLE=TITLE,
    )
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(n), str(WRITERS), str(SAVES_EACH)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    results = []
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err[-3000:]
        results.append(json.loads(out.strip().splitlines()[-1]))

    failures = [f for result in results for f in result["failures"]]
    assert failures == [], f"{len(failures)} of {WRITERS * SAVES_EACH} saves failed"
    acknowledged = {title for result in results for title in result["saved"]}
    assert len(acknowledged) == WRITERS * SAVES_EACH
    stored = subprocess.run(
        [sys.executable, "-c", TITLES], env=env, capture_output=True, text=True, timeout=120
    )
    assert set(json.loads(stored.stdout.strip().splitlines()[-1])) == acknowledged


@pytest.mark.parametrize(
    ("url", "busy_timeout"),
    [
        (None, 20_000),  # no DATABASE_URL: the default file under PROJEKTDATABAS_VAR_DIR
        ("sqlite:///{tmp}/db.sqlite3", 20_000),
        ("sqlite:///{tmp}/db.sqlite3?timeout=60", 60_000),  # the URL's own value wins
    ],
)
def test_sqlite_connections_use_wal_and_take_the_write_lock_at_begin(tmp_path, url, busy_timeout):
    """Runs on a SQLite file of its own, whichever database the suite runs on."""
    env = _env(tmp_path, DATABASE_URL=url.format(tmp=tmp_path) if url else None)
    result = subprocess.run(
        [sys.executable, "-c", PRAGMAS], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL
        "busy_timeout": busy_timeout,
        "journal_size_limit": 64 * 1024 * 1024,
        "foreign_keys": 1,
        "transaction_mode": "IMMEDIATE",
    }
