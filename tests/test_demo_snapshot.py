"""The `demo_data` fixture (tests/demo_snapshot.py) gives what `load_demo_data` gives: every
row, the search index built from them, and ids that new rows do not collide with."""

import datetime as dt
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from projektdatabas.projects.models import Project
from tests import demo_snapshot


def row_counts() -> dict[str, int]:
    """Rows per table, leaving out change history and the search's change log (every save
    of a record adds a row)."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and "history_id" not in {f.name for f in model._meta.fields}
        and model._meta.label != "projects.SearchChange"
    }


def rows(read) -> list:
    """The rows as read (SQLite: literals; PostgreSQL: COPY's lines), in a stable order."""
    return sorted(read.splitlines() if isinstance(read, bytes) else read)


def test_each_table_holds_exactly_the_rows_that_were_copied(demo_data, _demo_snapshot):
    for table in _demo_snapshot.tables:
        copied = _demo_snapshot.rows[table.name]
        assert rows(demo_snapshot.read_table(table)) == rows(copied), table.name
    assert Project.objects.count() > 50


def test_the_loader_finds_nothing_missing(demo_data):
    # The loader is idempotent: on its own complete result it adds nothing. Had the copy
    # left out what the loader looks for (the municipality, projects, twin towns, people),
    # it would add them again.
    before = row_counts()
    call_command("load_demo_data", stdout=io.StringIO())
    assert row_counts() == before


@pytest.mark.django_db(transaction=True)
def test_search_finds_the_copied_projects_and_new_rows_get_new_ids(demo_data, client):
    # FTS5 on SQLite, a generated tsvector on PostgreSQL: both built from the copied rows.
    found = client.get("/projekt.json", {"q": "Kaufungen"}).json()["results"]
    assert found
    newest = Project.objects.order_by("-pk").first()
    copy = Project.objects.create(
        municipality=newest.municipality,
        lead_department=newest.lead_department,
        kind=newest.kind,
        title_sv="Ett nytt projekt efter kopian",
        slug="ett-nytt-projekt",
    )
    assert copy.pk > newest.pk


def test_on_another_day_the_loader_itself_runs(monkeypatch, _demo_snapshot, db):
    # The demo's statuses follow the loading day, so a copy from another day will not do.
    tomorrow = timezone.now() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    ran = []
    monkeypatch.setattr(demo_snapshot, "call_command", lambda *a, **kw: ran.append(a))
    monkeypatch.setattr(demo_snapshot, "_put_back", lambda snapshot: ran.append("copy"))
    demo_snapshot.load(_demo_snapshot)
    assert ran == [("load_demo_data",)]
