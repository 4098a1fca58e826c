"""The search index follows changes without being built again (issue 16): another server's
change arrives as a version move plus logged projects (search_log.py) and is patched in;
a version move that logs no project (a news item) costs nothing; a long or pruned log, or
a restore, makes the worker build it again. Both databases."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from projektdatabas.core import versioning
from projektdatabas.news.models import NewsItem
from projektdatabas.organisations.models import Organisation
from projektdatabas.projects import search_index, search_log
from projektdatabas.projects.models import Project, ProjectPartner, SearchChange, Theme
from projektdatabas.projects.search import PublicSearch, parse_query
from tests.test_search_exact import BROAD, another_server_logs, broad, sql_top  # noqa: F401

pytestmark = pytest.mark.django_db


def search(municipality, words="vänort", **filters):
    return PublicSearch(municipality=municipality, query=parse_query(words), filters=filters)


def caught_up(municipality, words="vänort", **filters):
    """A search after the version's TTL has passed."""
    versioning.forget()
    return search(municipality, words, **filters)


def assert_exact(found, words="vänort"):
    assert found.total == found.results.count()
    assert found.counts(limit=15) == found.counts_in_sql(limit=15)
    assert found.ordered_ids()[:20] == sql_top(parse_query(words))


@pytest.mark.usefixtures("broad")
def test_another_servers_changes_are_patched_in_without_a_build(municipality):
    assert search(municipality).total == BROAD + 1
    assert search(municipality, "sommaren").total == BROAD  # a second cached word
    best = Project.objects.get(title_sv="Vänorter och vänortsbesök")
    builds = search_index.builds
    culture = Theme.objects.get(slug="kultur")
    plain, tagged = Project.objects.filter(title_sv__in=["Utbyte 3", "Utbyte 4"]).order_by("pk")
    # A project created there after this worker's build, past its arrays' end.
    late = Project.objects.bulk_create(
        [
            Project(
                pk=Project.objects.order_by("-pk").values_list("pk", flat=True)[0] + 5_000,
                municipality=municipality,
                lead_department=plain.lead_department,
                kind="eu_project",
                title_sv="Vänortsvänorten vänort",
                slug="ny",
                public_summary_sv="Vänort.",
                is_published=True,
                first_published_at=timezone.now(),
            )
        ]
    )[0]
    with connection.cursor() as cursor:
        # A title that now outranks every other, another kind, a theme taken away, a
        # project unpublished: each in the ranking, the total or a facet.
        cursor.execute(
            "UPDATE projects_project SET title_sv = %s, kind = %s WHERE id = %s",
            ["Vänort vänort vänorten", "eu_project", plain.pk],
        )
        cursor.execute(
            "DELETE FROM projects_project_themes WHERE project_id = %s AND theme_id = %s",
            [tagged.pk, culture.pk],
        )
        cursor.execute(
            "UPDATE projects_project SET is_published = %s WHERE id = %s", [False, best.pk]
        )
        another_server_logs(cursor, [plain.pk, tagged.pk, best.pk, late.pk])
    found = caught_up(municipality)
    assert found.total == BROAD + 1  # one gone, one new
    assert_exact(found)
    assert found.ordered_ids()[0] in (plain.pk, late.pk)
    assert_exact(search(municipality, "sommaren"), "sommaren")
    assert (
        search(municipality, tema=culture).total
        == search(municipality, tema=culture).results.count()
    )
    assert search_index.builds == builds


@pytest.mark.usefixtures("broad")
def test_changes_made_here_are_logged_and_patched(municipality, department):
    assert search(municipality).total == BROAD + 1
    builds = search_index.builds
    project = Project.objects.get(title_sv="Utbyte 5")
    project.themes.add(Theme.objects.create(slug="ungdom", name_sv="Ungdom", name_en="Youth"))
    partner = Organisation.objects.create(name="Åbo stad", country="FI", kind="municipality")
    ProjectPartner.objects.create(project=project, organisation=partner)
    assert_exact(caught_up(municipality))
    partner.country = "EE"  # the project's `land` moves with its partner
    partner.save()
    found = caught_up(municipality)
    assert found.counts(limit=15)["land"] == {"EE": 1}
    assert_exact(found)
    Theme.objects.get(slug="kultur").delete()  # the database drops its links
    assert_exact(caught_up(municipality))
    assert search_index.builds == builds


@pytest.mark.usefixtures("broad")
def test_a_news_item_moves_the_version_without_touching_the_index(municipality):
    index = search_index.current()
    builds = search_index.builds
    NewsItem.objects.create(municipality=municipality, title_sv="Nyhet", slug="nyhet")
    versioning.forget()
    assert search_index.current() is index and index.version == versioning.read_current()
    assert search_index.builds == builds


@pytest.mark.usefixtures("broad")
def test_a_long_log_or_a_restore_builds_it_again(municipality, monkeypatch):
    assert search(municipality).total == BROAD + 1
    builds = search_index.builds
    monkeypatch.setattr(search_index, "REBUILD_AFTER", 2)
    ids = list(Project.objects.values_list("pk", flat=True)[:3])
    with connection.cursor() as cursor:
        for pk in ids:
            cursor.execute(
                "UPDATE projects_project SET is_published = %s WHERE id = %s", [False, pk]
            )
        another_server_logs(cursor, ids)
    assert caught_up(municipality).total == BROAD + 1 - 3
    assert search_index.builds == builds + 1
    versioning.bump(above=versioning.read_current()[0])  # what a restore does
    assert_exact(caught_up(municipality))
    assert search_index.builds == builds + 2


@pytest.mark.usefixtures("broad")
def test_pruning_keeps_a_day_and_sends_workers_behind_it_to_a_build(municipality):
    assert search(municipality).total == BROAD + 1
    behind = search_index.current()
    project = Project.objects.get(title_sv="Utbyte 6")
    project.title_sv = "Utbyte 6 i Åbo"
    project.save()  # logged now: kept by a prune today
    assert search_log.prune() == 0 and SearchChange.objects.filter(project_id=project.pk)
    later = timezone.now() + search_log.KEEP + dt.timedelta(minutes=1)
    assert search_log.prune(now=later) > 0
    call_command("prune_search_changes", stdout=io.StringIO())  # daily: nothing more to do
    assert list(SearchChange.objects.values_list("project_id", flat=True)) == [None]
    # A worker still at the version before the pruned rows cannot patch: it builds.
    builds = search_index.builds
    search_index._index = behind
    assert_exact(caught_up(municipality))
    assert search_index.builds == builds + 1
    # One at or past them has nothing to do.
    project.title_sv = "Utbyte 6 i Tammerfors"
    project.save()
    assert_exact(caught_up(municipality))
    assert search_index.builds == builds + 1


@pytest.mark.django_db(transaction=True)
def test_a_worker_serves_while_its_index_is_built(municipality, make_project, publish, monkeypatch):
    # As under gunicorn (deploy/gunicorn.conf.py): the first search does not wait for the
    # build; it is answered exactly in SQL, and the index is there once the thread is done.
    # (Committed rows, for the thread's own connection: a few, so that PostgreSQL's
    # autoanalyze does not give the next tests' SQL counts another plan.)
    for title in ("Vänort i Åbo", "Vänortsbesök", "Sommarläger"):
        publish(make_project(title_sv=title))
    monkeypatch.setattr(search_index, "background", True)
    search_index.forget()
    found = search(municipality)
    assert search_index._index is None and found._hits is None
    assert found.total == 2 == found.results.count()
    search_index.start_building().join(timeout=60)
    index = search_index.current()
    assert index is not None and search(municipality)._hits.index is index
    again = search(municipality)
    assert again.total == 2 and again.counts(limit=15) == again.counts_in_sql(limit=15)
