"""Backup and restore as an operator runs them, and loading data without rewriting it.

The drill: `manage.py backup` of the demo database, `manage.py restore` into an empty
database, then every public export compared byte for byte and every table's rows counted.
Settings are read once per process, so each site runs in subprocesses against its own
database: files on SQLite; on PostgreSQL, databases created on the test run's server
(scripts/with-postgres) and dropped afterwards."""

import base64
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
BACKUP_NAME = re.compile(r"(?P<prefix>.+)-\d{8}T\d{6}Z(-\d+)?\.(sqlite3|pgdump)")

# Every public export of a site, with time frozen at DRILL_NOW (the calendar's DTSTAMP and
# the window of dates it covers are "now"), and every table's row count. Exports are found
# in public/urls.py: each route without parameters whose answer is not an HTML page, the
# statistics CSVs and XLSXs linked from /statistik/ and the news pictures, in Swedish and
# English.
EXPORTS = r"""
import base64, datetime, json, os, re, sys
import django

django.setup()
from django.utils import timezone

frozen = datetime.datetime.fromisoformat(os.environ["DRILL_NOW"])
timezone.now = lambda: frozen

from django.db import connection
from django.test import Client

from projektdatabas.core import versioning
from projektdatabas.news.models import NewsItem
from projektdatabas.public.models import SiteLogo
from projektdatabas.public.urls import urlpatterns

client = Client()


def get(url):
    response = client.get(url)
    if response.status_code != 200:
        sys.exit(f"{url} answered {response.status_code}")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response["Content-Type"], body


exports = {}
for language in ("", "/en"):
    for pattern in urlpatterns:
        route = str(pattern.pattern)
        if "<" in route:
            if route.endswith((".csv", ".json", ".ics", "/")) and pattern.name not in (
                "statistics_csv", "project", "twinning", "organisation", "news_item", "news_image",
                "subscription_confirm", "subscription_choices", "unsubscribe",
                "project_interest", "project_interest_sent",  # HTML pages of a project
                "embed_twinning",  # the twin-town page's framed twin
                "logo",  # a municipality's logo, drilled below
            ):
                sys.exit(f"a new route with parameters, {route}: add it to the drill")
            continue
        content_type, body = get(f"{language}/{route}")
        if not content_type.startswith("text/html"):
            exports[f"{language}/{route}"] = body
    _, page = get(f"{language}/statistik/")
    for link in sorted(set(re.findall(r'href="([^"]+\.(?:csv|xlsx))"', page.decode()))):
        exports[link] = get(link)[1]
    # News pictures are bytes kept in the database: each one must come back whole.
    for image_id in NewsItem.objects.public().exclude(image=None).values_list(
        "image_id", flat=True
    ):
        picture = f"{language}/nyheter/bild/{image_id}/"
        exports[picture] = get(picture)[1]
    # So are the municipalities' logos (the demo's neighbours have example ones).
    for slug, sha in SiteLogo.objects.values_list("municipality__slug", "sha256"):
        logo = f"/{slug}{language}/logotyp/{sha[:12]}/"
        exports[logo] = get(logo)[1]
    # A search goes through the full-text index (FTS5 tables, or a tsvector column).
    exports[f"{language}/projekt.json?q=Kaufungen"] = get(f"{language}/projekt.json?q=Kaufungen")[1]

tables = {}
with connection.cursor() as cursor:
    for table in connection.introspection.table_names():
        cursor.execute("SELECT COUNT(*) FROM " + connection.ops.quote_name(table))
        tables[table] = cursor.fetchone()[0]
counter, changed_at = versioning.read_current()
print(json.dumps({
    "exports": {url: base64.b64encode(body).decode() for url, body in exports.items()},
    "tables": tables,
    "version": [counter, changed_at.isoformat()],
}))
"""

VERSION = r"""
import json
import django

django.setup()
from projektdatabas.core import versioning
from projektdatabas.projects.models import Project

for _ in range(int(__import__("os").environ.get("BUMPS", "0"))):
    versioning.bump()
counter, changed_at = versioning.read_current()
print(json.dumps({
    "version": [counter, changed_at.isoformat()],
    "updated_at": {
        pk: at.isoformat() for pk, at in Project.objects.values_list("pk", "updated_at")
    },
}))
"""

TABLES = r"""
import json
import django

django.setup()
from django.db import connection

print(json.dumps({"tables": connection.introspection.table_names()}))
"""

# A server worker: its connection stays open between requests.
HOLD_OPEN = r"""
import time
import django

django.setup()
from django.db import connection

with connection.cursor() as cursor:
    cursor.execute("SELECT COUNT(*) FROM django_migrations")
print("open", flush=True)
time.sleep(120)
"""

# Staff saving all the time.
WRITER = r"""
import pathlib, sys
import django

django.setup()
from projektdatabas.core import versioning

print("writing", flush=True)
# Until the test has made its backups and says stop (the file exists): a fixed duration
# could end before the backups did on a loaded machine.
saves, stop = 0, pathlib.Path(sys.argv[1])
while not stop.exists():
    versioning.bump()
    saves += 1
print(saves)
"""


class Site:
    """A configuration of the site (its environment) with its own database."""

    def __init__(self, url: str, folder: Path, sqlite_file: Path | None = None):
        self.url, self.folder, self.sqlite_file = url, folder, sqlite_file

    def env(self, **extra) -> dict:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "projektdatabas.settings",
            "DATABASE_URL": self.url,
            "PROJEKTDATABAS_VAR_DIR": str(self.folder),
            **extra,
        }
        env.pop("BACKUP_DIR", None)
        return env

    def manage(self, *args, check=True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "manage.py", *map(str, args)],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
            stdin=subprocess.DEVNULL,
        )
        if check:
            assert result.returncode == 0, result.stderr
        return result

    def python(self, script: str, *args, **env) -> dict:
        result = subprocess.run(
            [sys.executable, "-c", script, *args],
            cwd=ROOT,
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    def start(self, script: str, *args) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-c", script, *args],
            cwd=ROOT,
            env=self.env(),
            stdout=subprocess.PIPE,
            text=True,
        )

    def backup(self, folder: Path, *args) -> tuple[Path, subprocess.CompletedProcess]:
        result = self.manage("backup", "--dir", folder, *args)
        path = Path(result.stdout.strip().splitlines()[-1].rsplit(" (", 1)[0])
        return path, result


class Databases:
    """Creates the tests' databases: files on SQLite, databases on the PostgreSQL server."""

    def __init__(self, folder: Path):
        self.folder, self.created = folder, []
        self.prefix = f"drill_{os.getpid()}_"

    def empty(self, name: str) -> Site:
        folder = self.folder / name
        folder.mkdir()
        if not POSTGRES:
            return Site(f"sqlite:///{folder / 'db.sqlite3'}", folder, folder / "db.sqlite3")
        self._admin(f'CREATE DATABASE "{self.prefix}{name}"')
        return self._pg_site(name, folder)

    def copy(self, site: Site, name: str) -> Site:
        folder = self.folder / name
        folder.mkdir()
        if not POSTGRES:
            # The subprocesses have ended and closed the file: no -wal is left beside it.
            assert not Path(f"{site.sqlite_file}-wal").exists()
            shutil.copyfile(site.sqlite_file, folder / "db.sqlite3")
            return Site(f"sqlite:///{folder / 'db.sqlite3'}", folder, folder / "db.sqlite3")
        source = urlsplit(site.url).path.lstrip("/")
        self._admin(f'CREATE DATABASE "{self.prefix}{name}" TEMPLATE "{source}"')
        return self._pg_site(name, folder)

    def drop_all(self):
        for name in self.created:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _pg_site(self, name: str, folder: Path) -> Site:
        self.created.append(self.prefix + name)
        url = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{self.prefix}{name}")
        return Site(url.geturl(), folder)

    def _admin(self, sql: str) -> None:
        import psycopg

        db = dj_database_url.parse(os.environ["DATABASE_URL"])
        with psycopg.connect(
            dbname=db["NAME"],
            user=db["USER"],
            password=db["PASSWORD"] or None,
            host=db["HOST"],
            port=db["PORT"] or None,
            autocommit=True,
        ) as admin:
            admin.execute(sql)


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    made = Databases(tmp_path_factory.mktemp("sites"))
    yield made
    if POSTGRES:
        made.drop_all()


@pytest.fixture(scope="module")
def migrated(databases):
    site = databases.empty("migrated")
    site.manage("migrate")
    return site


@pytest.fixture(scope="module")
def demo(databases, migrated):
    site = databases.copy(migrated, "demo")
    site.manage("load_demo_data")
    return site


@pytest.fixture(scope="module")
def backup(demo, tmp_path_factory):
    return demo.backup(tmp_path_factory.mktemp("backups"))[0]


@pytest.fixture(scope="module")
def drill_now():
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@pytest.fixture(scope="module")
def restored(databases, backup):
    """The backup restored into an empty database by the documented procedure."""
    site = databases.empty("restored")
    assert site.python(TABLES)["tables"] == []
    site.manage("restore", backup, "--yes")
    site.manage("migrate")
    return site


def _digests(exports: dict) -> dict:
    return {
        url: hashlib.sha256(base64.b64decode(body)).hexdigest() for url, body in exports.items()
    }


@pytest.fixture(scope="module")
def demo_exports(demo, drill_now):
    return demo.python(EXPORTS, DRILL_NOW=drill_now)


def test_restore_drill(demo_exports, restored, drill_now):
    before = demo_exports
    after = restored.python(EXPORTS, DRILL_NOW=drill_now)

    # The drill has something to compare: the demo data, and each kind of export.
    assert before["tables"]["projects_project"] > 50
    for url in ["/projekt.json", "/projekt.csv", "/en/projekt.csv", "/flode/rss/"]:
        assert url in before["exports"]
    for url in ["/flode/atom/", "/styrningskalender.ics", "/en/styrningskalender.ics"]:
        assert url in before["exports"]
    assert len([url for url in before["exports"] if url.startswith("/statistik/")]) >= 5
    assert any(url.startswith("/nyheter/bild/") for url in before["exports"])  # a demo picture
    assert json.loads(base64.b64decode(before["exports"]["/projekt.json?q=Kaufungen"]))
    calendar = base64.b64decode(before["exports"]["/styrningskalender.ics"])
    assert f"DTSTAMP:{drill_now[:19].replace('-', '').replace(':', '')}Z".encode() in calendar

    assert after["tables"] == before["tables"]
    assert _digests(after["exports"]) == _digests(before["exports"])
    assert after["exports"] == before["exports"]


def test_backup_file_is_private_complete_and_named_by_time(backup):
    assert BACKUP_NAME.fullmatch(backup.name)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert [p.name for p in backup.parent.iterdir()] == [backup.name]  # no temporary left


def test_a_restore_moves_the_content_version_past_the_one_it_replaced(databases, demo, backup):
    # Workers cache pages under the version they read, browsers hold its ETag and date. The
    # backup brings back an older version, which must not match anything served since.
    site = databases.copy(demo, "edited")
    served = site.python(VERSION, BUMPS="5")["version"]
    site.manage("restore", backup, "--yes")
    now = site.python(VERSION)["version"]
    assert now[0] > served[0]
    assert now[1] > served[1]


def test_restore_asks_first(databases, backup):
    site = databases.empty("unconfirmed")
    result = site.manage("restore", backup, check=False)
    assert result.returncode != 0
    assert "Stop the web server, then run again with --yes" in result.stderr
    assert "projects_project" not in site.python(TABLES)["tables"]


NEWER_TABLE = r"""
import json
import django

django.setup()
from django.db import connection

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE planning_newer_feature (id integer)")
print(json.dumps({}))
"""


def test_no_table_the_backup_lacks_survives_a_restore(databases, demo, backup):
    # As after an upgrade that added a table, restoring a backup from before it.
    site = databases.copy(demo, "newer")
    site.python(NEWER_TABLE)
    result = site.manage("restore", backup, "--yes", check=False)
    tables = site.python(TABLES)["tables"]
    if POSTGRES:
        # pg_restore --clean would leave it, and `migrate` would then fail on it.
        assert result.returncode != 0
        assert "The database has tables the backup does not (planning_newer_feature)" in (
            result.stderr
        )
        assert "planning_newer_feature" in tables  # refused before any change
    else:
        assert result.returncode == 0, result.stderr  # the whole file is replaced
        assert "planning_newer_feature" not in tables


def test_restore_refuses_while_the_site_has_the_database_open(databases, migrated, backup):
    site = databases.copy(migrated, "in-use")
    worker = site.start(HOLD_OPEN)
    try:
        assert worker.stdout.readline().strip() == "open"
        result = site.manage("restore", backup, "--yes", check=False)
    finally:
        worker.kill()
        worker.wait()
    assert result.returncode != 0
    assert "is the web server running?" in result.stderr
    assert site.python(VERSION)["updated_at"] == {}  # nothing was restored
    site.manage("restore", backup, "--yes")  # once the worker has gone, it goes ahead
    assert site.python(VERSION)["updated_at"]


def test_backup_while_the_site_writes(databases, demo, tmp_path):
    site = databases.copy(demo, "busy")
    stop = tmp_path / "stop"
    writer = site.start(WRITER, str(stop))
    try:
        assert writer.stdout.readline().strip() == "writing"
        paths = [site.backup(tmp_path)[0] for _ in range(3)]
        stop.touch()
        saves = int(writer.stdout.readline())
        writer.wait(timeout=60)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == 0  # no "database is locked" or any other error
    assert saves > 10  # the writer went on while the backups ran
    assert len(set(paths)) == 3
    assert all(path.stat().st_size > 100_000 for path in paths)


def test_keep_deletes_only_this_commands_oldest_backups(demo, tmp_path):
    first, _ = demo.backup(tmp_path)
    prefix, suffix = BACKUP_NAME.fullmatch(first.name)["prefix"], first.suffix
    oldest = tmp_path / f"{prefix}-20200101T000000Z{suffix}"
    oldest.write_bytes(b"an old backup")
    others = [
        tmp_path / "notes.txt",
        tmp_path / f"another-site-20190101T000000Z{suffix}",
        tmp_path / f"{prefix}-20190101T000000Z{suffix}.gz",
    ]
    for path in others:
        path.write_bytes(b"not ours")

    # Killed part-way two days ago: a full copy that no run of --keep would ever match.
    abandoned = tmp_path / f".{prefix}-20200102T000000Z{suffix}.partial"
    abandoned.write_bytes(b"half a backup")
    os.utime(abandoned, (time.time() - 2 * 86400,) * 2)

    second, result = demo.backup(tmp_path, "--keep", "2")
    assert f"Deleted old backup {oldest}" in result.stdout
    assert f"Deleted old backup {abandoned}" in result.stdout
    third, result = demo.backup(tmp_path, "--keep", "2")
    assert f"Deleted old backup {first}" in result.stdout

    assert sorted(tmp_path.iterdir()) == sorted([second, third, *others])


def test_a_folder_that_cannot_be_written_is_an_error_not_a_traceback(demo, tmp_path):
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    result = demo.manage("backup", "--dir", not_a_folder, check=False)
    assert result.returncode != 0
    assert f"CommandError: Cannot write a backup in {not_a_folder}" in result.stderr
    assert "Traceback" not in result.stderr


def test_restore_refuses_a_backup_of_the_other_database(tmp_path):
    other = tmp_path / "other"
    if POSTGRES:
        db = sqlite3.connect(other)
        db.execute("CREATE TABLE django_migrations (id integer)")
        db.commit()
        db.close()
        message = "is a SQLite backup, but this site's database is PostgreSQL"
    else:
        other.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(200))
        message = "is a PostgreSQL backup, but this site's database is SQLite"
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(other), "--yes")


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    text = tmp_path / "projekt.csv"
    text.write_text("Titel;Status\n")
    with pytest.raises(CommandError, match="not a backup made by manage.py backup"):
        call_command("restore", str(text), "--yes")


def test_restore_refuses_a_backup_cut_short(backup, tmp_path):
    cut = tmp_path / backup.name
    cut.write_bytes(backup.read_bytes()[:-100])
    with pytest.raises(CommandError, match="cannot be read in full"):
        call_command("restore", str(cut), "--yes")


def test_loaddata_keeps_when_each_project_was_updated(
    databases, migrated, demo, demo_exports, drill_now
):
    # A restore from a fixture must not date every project to the moment of the load: the
    # feeds of updated projects would reorder.
    # XML: Django's JSON serializer keeps only milliseconds of a time.
    dump = databases.folder / "demo.xml"
    demo.manage("dumpdata", "--format", "xml", "--output", dump)
    loaded = databases.copy(migrated, "loaded")
    loaded.manage("loaddata", dump)

    before, after = demo.python(VERSION), loaded.python(VERSION)
    assert len(before["updated_at"]) > 50
    assert after["updated_at"] == before["updated_at"]
    # Loading is still a change of content: the version moves past the one in the dump.
    assert after["version"][0] > before["version"][0]

    feeds = ["/flode/rss/", "/flode/atom/", "/en/flode/rss/", "/en/flode/atom/"]
    exports = loaded.python(EXPORTS, DRILL_NOW=drill_now)["exports"]
    assert [exports[url] for url in feeds] == [demo_exports["exports"][url] for url in feeds]
