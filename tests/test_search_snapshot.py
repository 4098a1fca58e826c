"""A new worker loads the app server's snapshot of the search index (search_snapshot.py)
instead of building it, and catches up from the change log; a snapshot the log no longer
covers, a damaged one or one of another format leads to a build, never to a wrong answer;
`manage.py rebuild_search_index` builds from the database. Both databases."""

import datetime as dt
import io
import logging
import os
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from projektdatabas.core import versioning
from projektdatabas.projects import search_index, search_log, search_snapshot
from projektdatabas.projects.models import Project
from projektdatabas.projects.search import PublicSearch, parse_query
from tests.test_search_exact import BROAD, another_server_logs, broad, sql_top  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def snapshots(settings, tmp_path):
    settings.SEARCH_SNAPSHOT_DIR = str(tmp_path)
    return tmp_path


def search(municipality, words="vänort", **filters):
    return PublicSearch(municipality=municipality, query=parse_query(words), filters=filters)


def new_worker():
    """A fresh process: no index, the version read again."""
    search_index.forget()
    versioning.forget()


def assert_exact(found, words="vänort"):
    assert found.total == found.results.count()
    assert found.counts(limit=15) == found.counts_in_sql(limit=15)
    assert found.ordered_ids()[:20] == sql_top(parse_query(words))


def snapshot_file(snapshots):
    (path,) = snapshots.glob("search-*.npz")
    return path


def unpublish_elsewhere(title, *, logged=True) -> Project:
    """Another server unpublishes a project (plain SQL: this process sees no signal)."""
    project = Project.objects.get(title_sv=title)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE projects_project SET is_published = %s WHERE id = %s", [False, project.pk]
        )
        if logged:
            another_server_logs(cursor, [project.pk])
    return project


@pytest.mark.usefixtures("broad")
def test_a_new_worker_loads_the_snapshot_and_catches_up_without_a_build(municipality, snapshots):
    assert search(municipality).total == BROAD + 1  # built here, and saved
    assert snapshot_file(snapshots).stat().st_size > 0
    # Changes after the snapshot: one project unpublished, another retitled so that it
    # ranks near the top (its text length and the table's totals move too).
    unpublish_elsewhere("Utbyte 3")
    retitled = Project.objects.get(title_sv="Utbyte 4")
    retitled.title_sv = "Vänort vänort vänorten"
    retitled.save()  # logged here
    new_worker()
    builds, loads = search_index.builds, search_index.loads
    found = search(municipality)
    assert found.total == BROAD  # one gone
    assert_exact(found)
    assert retitled.pk in found.ordered_ids()[:3]
    assert_exact(search(municipality, "sommaren"), "sommaren")
    assert search_index.builds == builds and search_index.loads == loads + 1
    assert search_index.current().version == versioning.read_current()


@pytest.mark.usefixtures("broad")
def test_a_snapshot_the_log_no_longer_covers_leads_to_a_build(municipality, snapshots):
    assert search(municipality).total == BROAD + 1
    unpublish_elsewhere("Utbyte 3")
    later = timezone.now() + search_log.KEEP + dt.timedelta(minutes=1)
    assert search_log.prune(now=later) > 0  # the change's row is gone
    new_worker()
    builds = search_index.builds
    found = search(municipality)
    assert found.total == BROAD
    assert_exact(found)
    assert search_index.builds == builds + 1


@pytest.mark.usefixtures("broad")
def test_a_snapshot_of_another_history_leads_to_a_build(municipality):
    # The same counter with other data (a database put back by hand): not caught up from.
    assert search(municipality).total == BROAD + 1
    unpublish_elsewhere("Utbyte 3", logged=False)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_contentversion SET changed_at = %s", [timezone.now()])
    new_worker()
    builds = search_index.builds
    assert search(municipality).total == BROAD
    assert search_index.builds == builds + 1


@pytest.mark.usefixtures("broad")
def test_a_damaged_snapshot_is_ignored_and_written_again(municipality, snapshots, caplog):
    assert search(municipality).total == BROAD + 1
    path = snapshot_file(snapshots)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # cut short
    new_worker()
    builds = search_index.builds
    with caplog.at_level(logging.WARNING, logger="projektdatabas.projects.search_snapshot"):
        assert_exact(search(municipality))
    assert "not used" in caplog.text
    assert search_index.builds == builds + 1
    new_worker()  # the build saved a whole one
    assert_exact(search(municipality))
    assert search_index.builds == builds + 1


@pytest.mark.usefixtures("broad")
def test_a_snapshot_of_another_format_is_ignored_and_deleted(municipality, snapshots, monkeypatch):
    assert search(municipality).total == BROAD + 1
    old = snapshot_file(snapshots)
    monkeypatch.setattr(search_snapshot, "FORMAT", search_snapshot.FORMAT + 1)
    new_worker()
    builds = search_index.builds
    assert_exact(search(municipality))
    assert search_index.builds == builds + 1
    assert snapshot_file(snapshots) != old and not old.exists()


@pytest.mark.usefixtures("broad")
def test_other_databases_snapshots_go_when_unused_for_a_week(municipality, snapshots):
    unused, recent = snapshots / "search-0123456789abcdef-f1.npz", snapshots / "search-other-f1.npz"
    for path in (unused, recent):
        path.write_bytes(b"another database's")
    week = time.time() - search_snapshot.STALE_OTHER - 60
    os.utime(unused, (week, week))
    assert search(municipality).total == BROAD + 1  # a snapshot written here
    assert not unused.exists() and recent.exists()


@pytest.mark.usefixtures("broad")
def test_the_rebuild_command_builds_from_the_database(municipality, snapshots):
    assert search(municipality).total == BROAD + 1
    old = snapshot_file(snapshots)
    unpublish_elsewhere("Utbyte 3", logged=False)  # past the signals: a bulk write
    loads = search_index.loads
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert f"{BROAD} public projects" in out.getvalue()
    assert search_index.loads == loads  # built, not loaded
    # The new snapshot is the command's build, which this server's workers load.
    new_worker()
    builds = search_index.builds
    found = search(municipality)
    assert found.total == BROAD
    assert_exact(found)
    assert search_index.builds == builds and search_index.loads == loads + 1
    assert snapshot_file(snapshots) == old  # replaced: one file per database


@pytest.mark.usefixtures("broad")
def test_snapshots_are_written_again_after_enough_changes(municipality, snapshots, monkeypatch):
    assert search(municipality).total == BROAD + 1
    monkeypatch.setattr(search_index, "SNAPSHOT_AFTER", 2)
    for title in ("Utbyte 3", "Utbyte 5"):
        project = Project.objects.get(title_sv=title)
        project.title_sv += " i Åbo"
        project.save()
        search(municipality).total  # noqa: B018 - caught up (and saved after two)
    counter, _ = search_snapshot._version_on_disk(snapshot_file(snapshots))
    assert counter == versioning.read_current()[0]


@pytest.mark.usefixtures("broad")
def test_a_change_is_saved_in_the_snapshot_after_a_while(municipality, snapshots, monkeypatch):
    # Else a quiet day's one change would leave the snapshot behind the pruned log.
    assert search(municipality).total == BROAD + 1
    before = search_snapshot._version_on_disk(snapshot_file(snapshots))
    project = Project.objects.get(title_sv="Utbyte 3")
    project.title_sv += " i Åbo"
    project.save()
    search(municipality).total  # noqa: B018 - caught up, not yet saved: one change
    assert search_snapshot._version_on_disk(snapshot_file(snapshots)) == before
    monkeypatch.setattr(search_index, "SNAPSHOT_EVERY", 0)  # the time has passed
    search(municipality).total  # noqa: B018
    counter, _ = search_snapshot._version_on_disk(snapshot_file(snapshots))
    assert counter == versioning.read_current()[0]


@pytest.mark.usefixtures("broad")
def test_snapshots_are_off_without_a_directory(municipality, settings, snapshots):
    settings.SEARCH_SNAPSHOT_DIR = ""
    assert search(municipality).total == BROAD + 1
    assert not list(snapshots.iterdir())


def postings_reads(queries) -> list[str]:
    """The statements that read a word's postings (search_bm25.py, search_pgtext.py)."""
    read = ("SELECT doc, col FROM temp.project_fts_instances", "SELECT numnode(")
    return [q["sql"] for q in queries if q["sql"].startswith(read)]


@pytest.mark.usefixtures("broad")
def test_a_new_worker_answers_the_last_ones_words_from_the_snapshot(municipality, snapshots):
    assert search(municipality).total == BROAD + 1  # built and saved; then "vänort" read
    search_index.save_before_exit()  # as the worker exits: the snapshot keeps its postings
    # Changes after the snapshot, to rows of the word: the catch-up patches its postings.
    unpublish_elsewhere("Utbyte 3")
    retitled = Project.objects.get(title_sv="Utbyte 4")
    retitled.title_sv = "Vänort vänort vänorten"
    retitled.save()
    new_worker()
    builds, loads = search_index.builds, search_index.loads
    with CaptureQueriesContext(connection) as queries:
        found = search(municipality)
        total, top = found.total, found.ordered_ids()[:3]
    assert postings_reads(queries) == []
    assert search_index.builds == builds and search_index.loads == loads + 1
    assert total == BROAD
    assert retitled.pk in top
    assert_exact(found)


@pytest.mark.usefixtures("broad")
def test_a_worker_a_few_changes_behind_exits_without_writing(municipality, snapshots):
    """Recycled often, every exit would write the whole snapshot (75-90 MB at a million
    projects) for a change or two the next worker catches up from the log at once."""
    assert search(municipality).total == BROAD + 1  # built and saved; then "vänort" read
    search_index.save_before_exit()  # its postings missing on disk: written
    written = search_snapshot._version_on_disk(snapshot_file(snapshots))
    unpublish_elsewhere("Utbyte 3")
    versioning.forget()
    assert search(municipality).total == BROAD  # caught up: one change unsaved
    search_index.save_before_exit()
    assert search_snapshot._version_on_disk(snapshot_file(snapshots)) == written
    new_worker()
    builds, loads = search_index.builds, search_index.loads
    with CaptureQueriesContext(connection) as queries:
        found = search(municipality)
        assert found.total == BROAD
    assert postings_reads(queries) == []
    assert search_index.builds == builds and search_index.loads == loads + 1
    assert_exact(found)
    # A word the snapshot lacks is reason enough: the next worker would read it again.
    assert search(municipality, "utbyte").total > 0
    search_index.save_before_exit()
    counter, _ = search_snapshot._version_on_disk(snapshot_file(snapshots))
    assert counter == versioning.read_current()[0]


@pytest.mark.usefixtures("broad")
def test_the_snapshot_keeps_recent_words_within_its_budget(
    municipality, monkeypatch, make_project, publish
):
    publish(make_project(title_sv="Kulturhuset i Åbo"))
    monkeypatch.setattr(search_snapshot, "WORDS_ROWS", BROAD)  # "vänort": BROAD + 1 rows
    assert search(municipality).total == BROAD + 1
    assert search(municipality, "kulturhuset").total == 1  # the most recent, and it fits
    search_index.save_before_exit()
    new_worker()
    with CaptureQueriesContext(connection) as queries:
        assert_exact(search(municipality, "kulturhuset"), "kulturhuset")
    assert postings_reads(queries) == []
    with CaptureQueriesContext(connection) as queries:
        assert search(municipality).total == BROAD + 1
    assert postings_reads(queries) != []  # left out: read again


@pytest.mark.usefixtures("broad")
def test_under_gunicorn_the_snapshot_is_rewritten_by_another_process(
    municipality, snapshots, monkeypatch, tmp_path_factory
):
    assert search(municipality).total == BROAD + 1  # built and saved here
    writers = tmp_path_factory.mktemp("writers") / "pids"
    save = search_snapshot.save

    def recorded(index, key):
        with open(writers, "a") as file:
            file.write(f"{os.getpid()}\n")
        return save(index, key)

    monkeypatch.setattr(search_snapshot, "save", recorded)
    monkeypatch.setattr(search_index, "background", True)
    monkeypatch.setattr(search_index, "SNAPSHOT_AFTER", 1)
    unpublish_elsewhere("Utbyte 3")
    versioning.forget()  # the version's TTL has passed
    assert search(municipality).total == BROAD  # caught up; the snapshot is due
    search_index.wait_for_writer(timeout=60)
    assert [int(pid) for pid in writers.read_text().split()] != [os.getpid()]
    assert len(writers.read_text().split()) == 1
    counter, _ = search_snapshot._version_on_disk(snapshot_file(snapshots))
    assert counter == versioning.read_current()[0]
    # The writer left this process's database connection alone, and its file loads.
    assert Project.objects.filter(title_sv="Utbyte 3", is_published=False).exists()
    monkeypatch.setattr(search_index, "background", False)  # (no thread: uncommitted rows)
    new_worker()
    builds, loads = search_index.builds, search_index.loads
    assert_exact(search(municipality))
    assert search_index.builds == builds and search_index.loads == loads + 1


@pytest.mark.django_db(transaction=True)
def test_under_gunicorn_a_new_worker_loads_it_with_the_last_ones_words(
    municipality, make_project, publish, monkeypatch
):
    # (Committed rows, for the thread's own connection: a few, as in test_search_changes.)
    for title in ("Vänort i Åbo", "Vänortsbesök", "Sommarläger"):
        publish(make_project(title_sv=title))
    assert search(municipality).total == 2  # built and saved; "vänort" read
    search_index.save_before_exit()  # as the worker exits (deploy/gunicorn.conf.py)
    monkeypatch.setattr(search_index, "background", True)
    new_worker()
    builds, loads = search_index.builds, search_index.loads
    search_index.start_building().join(timeout=60)
    index = search_index.current()
    assert search_index.builds == builds and search_index.loads == loads + 1
    # Loaded with it: the first search of the word after a restart does not read it.
    assert index.text is None or "vänort" in dict(index.text.cached_words())
    with CaptureQueriesContext(connection) as queries:
        found = search(municipality)
        assert found._hits.index is index and found.total == 2
    assert postings_reads(queries) == []
    assert found.total == found.results.count()
    assert found.counts(limit=15) == found.counts_in_sql(limit=15)
