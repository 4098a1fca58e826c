"""A project's public page reads its tags from reference data each worker keeps per content
version (projects/tags.py), its partners in one statement and its money as rows summed in
Python (finance/project_page.py): it must still show exactly what the data holds, after
any change, in the order the models give."""

import re
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from projektdatabas.core.prepared import fetch_batch
from projektdatabas.finance.models import Funding, FundingSource
from projektdatabas.organisations.models import Organisation
from projektdatabas.projects.models import ProjectLink, ProjectPartner, TargetGroup, Theme
from projektdatabas.strategy.models import SustainableDevelopmentGoal

pytestmark = pytest.mark.django_db


def page(client, project) -> str:
    response = client.get(f"/projekt/{project.pk}-{project.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def between(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


@pytest.fixture
def project(make_project, publish, partner_abroad):
    project = publish(make_project())
    project.themes.add(Theme.objects.create(slug="kultur", name_sv="Kultur", position=2))
    project.target_groups.add(TargetGroup.objects.create(slug="unga", name_sv="Unga"))
    # A migration seeds the goals, but a transactional test after another one finds the
    # tables flushed: make the goal if it is gone.
    goal, _ = SustainableDevelopmentGoal.objects.get_or_create(
        number=4, defaults={"name_sv": "God utbildning för alla", "name_en": "Quality education"}
    )
    project.sdgs.add(goal)
    finnish = Organisation.objects.create(name="Aalto", kind="school", country="FI")
    ProjectPartner.objects.create(project=project, organisation=partner_abroad, role="lead")
    ProjectPartner.objects.create(project=project, organisation=finnish, role="partner")
    ProjectLink.objects.create(project=project, url="https://example.org/a", label_sv="Öppen")
    ProjectLink.objects.create(
        project=project, url="https://example.org/b", label_sv="Intern", is_public=False
    )
    for source, amount, hours in [
        (FundingSource.EU_GRANT, "1000.50", None),
        (FundingSource.EU_GRANT, "2000", None),
        (FundingSource.MUNICIPAL_MONEY, "300", None),
        (FundingSource.MUNICIPAL_STAFF_TIME, "400", "10"),
        (FundingSource.OTHER_COFINANCING, "99999", None),
    ]:
        Funding.objects.create(
            project=project,
            source=source,
            amount=Decimal(amount),
            staff_hours=Decimal(hours) if hours else None,
        )
    return project


def test_the_page_shows_what_the_data_holds(client, project):
    shown = page(client, project)
    assert ">Kultur</a>" in shown and "Unga" in shown and "Globalt mål 4: " in shown
    partners = between(shown, '<ul class="partners">', "</ul>")
    assert re.findall(r">([^<]+)</a>, (\w+)", partners) == [
        ("Kaufungen", "Tyskland"),
        ("Aalto", "Finland"),
    ]
    assert "https://example.org/a" in shown and "https://example.org/b" not in shown
    facts = between(shown, '<dl class="facts">', "</dl>").replace("\xa0", " ")
    assert "<dt>EU-bidrag</dt><dd>3 001 kr</dd>" in facts  # 3 000.50, as the filter rounds
    assert "<dd>700 kr (varav 10 timmar egen tid)</dd>" in facts
    assert "99 999" not in facts


def test_a_partner_country_is_named_in_swedish_where_django_countries_has_no_swedish(
    client, project
):
    """django-countries' Swedish catalogue leaves Canada, Brazil, India … in English."""
    for code, swedish in [("CA", "Kanada"), ("BR", "Brasilien"), ("IN", "Indien")]:
        partner = Organisation.objects.create(name=f"Partner {code}", kind="other", country=code)
        ProjectPartner.objects.create(project=project, organisation=partner, role="partner")
        partners = between(page(client, project), '<ul class="partners">', "</ul>")
        assert f">Partner {code}</a>, {swedish} – " in partners


def test_a_tag_changed_or_added_shows_at_once(client, project):
    page(client, project)  # the worker now keeps the tags
    Theme.objects.filter(slug="kultur").update(name_sv="Kulturarv")
    project.themes.add(Theme.objects.create(slug="miljo", name_sv="Miljö", position=1))
    caches["pages"].clear()
    shown = page(client, project)
    themes = between(shown, "<dt>Teman</dt>", "</dd>")
    # An SQL update moves no version, but the new theme does; in the themes' own order.
    assert re.findall(r">(\w+)</a>", themes) == ["Miljö", "Kulturarv"]


def test_a_project_page_takes_few_queries(client, project):
    page(client, project)
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        page(client, project)
    assert len(queries) <= 9, [q["sql"][:80] for q in queries]


def test_postgresql_prepares_the_pages_statements_and_shows_the_same(client, project, settings):
    """On PostgreSQL the page's five statements are parsed and planned once per connection
    (core/prepared.py); what the page shows is what Django's own cursor reads. SQLite has
    nothing to prepare: the same page either way."""
    settings.DB_PREPARED_STATEMENTS = False
    unprepared = page(client, project)
    settings.DB_PREPARED_STATEMENTS = True
    caches["pages"].clear()
    prepared = page(client, project)
    assert prepared == unprepared
    assert re.findall(r">([^<]+)</a>, (\w+)", between(prepared, 'class="partners"', "</ul>")) == [
        ("Kaufungen", "Tyskland"),
        ("Aalto", "Finland"),
    ]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            statements = " ".join(row[0] for row in cursor.fetchall())
        for table in (
            "projects_project",
            "projects_project_themes",
            "projects_projectpartner",
            "projects_projectlink",
            "finance_funding",
        ):
            assert f'"{table}"' in statements, table


def test_postgresql_sends_the_pages_statements_in_one_round_trip(client, project):
    """On PostgreSQL the project's row and the page's four other reads go to the server
    together (psycopg's pipeline mode, core/prepared.py), one round trip where there were
    five; the page shows the same. SQLite reads them one after another."""
    caches["pages"].clear()
    page(client, project)  # the worker's reference data and version are read
    caches["pages"].clear()
    ran = []

    def record(execute, sql, params, many, context):
        if connection.vendor == "postgresql":
            from psycopg import pq

            together = connection.connection.pgconn.pipeline_status != pq.PipelineStatus.OFF
        else:
            together = False
        ran.append((sql, together))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        shown = page(client, project)
    assert "Kaufungen" in shown and "https://example.org/a" in shown
    tables = ["projects_project", "finance_funding", "projects_project_themes"]
    tables += ["projects_projectpartner", "projects_projectlink"]
    pages_statements = [(sql, together) for sql, together in ran if any(t in sql for t in tables)]
    assert len(pages_statements) == 5, ran
    assert all(together for _sql, together in pages_statements) == (
        connection.vendor == "postgresql"
    )


def test_a_failing_statement_in_a_batch_is_an_error_and_the_connection_goes_on(project):
    """The server's error arrives with the batch's rows: it must still come out as Django's
    DatabaseError, and the connection must read again afterwards (the pipeline left)."""
    with pytest.raises(DatabaseError), transaction.atomic():
        fetch_batch([("SELECT 1", []), ("SELECT no_such_column FROM projects_project", [])])
    assert fetch_batch([("SELECT %s", [2]), ("SELECT %s", [3])]) == [[(2,)], [(3,)]]
    assert fetch_batch([]) == []


def test_an_unpublished_or_unknown_project_has_no_page(client, project):
    """The page's reads run on the address's id before the project is known to be public:
    their rows must never show when it is not."""
    caches["pages"].clear()
    project.is_published = False
    project.save(update_fields=["is_published"])
    assert client.get(f"/projekt/{project.pk}-{project.slug}/").status_code == 404
    assert client.get(f"/projekt/{project.pk + 1000}-x/").status_code == 404
    assert client.get(f"/projekt/{2**63}-x/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_pages_first_read_stands_in_for_the_health_check(
    client, project, settings, monkeypatch
):
    """A server marks the connection's health unchecked as each request starts; the page's
    first statement does the check's work (core/prepared.py), as the content version's read
    does: no `SELECT 1` round trip of its own before every uncached page, and a connection
    the server dropped is replaced."""
    settings.CONTENT_VERSION_TTL = 3600  # the version read (its own stand-in) stays kept
    page(client, project)

    def no_second_round_trip():
        raise AssertionError("Django's health check ran: a round trip of its own")

    # What Django does as the next request starts (its test client leaves it out).
    connection.close_if_unusable_or_obsolete()
    monkeypatch.setattr(connection, "is_usable", no_second_round_trip)
    caches["pages"].clear()
    assert "Kaufungen" in page(client, project)
    if connection.vendor == "postgresql":
        import psycopg

        backend_pid = connection.connection.info.backend_pid
        with psycopg.connect(**connection.get_connection_params()) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
        connection.close_if_unusable_or_obsolete()
        caches["pages"].clear()
        assert "Kaufungen" in page(client, project)
        assert connection.connection.info.backend_pid != backend_pid


def test_the_period_reads_as_a_period_with_a_date_missing(client, project):
    """Neither date known: "not given", not "not given –"; one known: the other as text."""
    periods = []
    for start, end in [
        (None, None),
        ("2026-03-01", None),
        (None, "2027-06-30"),
        ("2026-03-01", "2027-06-30"),
    ]:
        type(project).objects.filter(pk=project.pk).update(start_date=start, end_date=end)
        caches["pages"].clear()
        shown = page(client, project).replace("\xa0", " ")
        periods.append(between(shown, "<dt>Period</dt><dd>", "</dd>")[len("<dt>Period</dt><dd>") :])
    assert periods == [
        "ej angiven",
        "1 mars 2026 – pågående",
        "ej angiven – 30 juni 2027",
        "1 mars 2026 – 30 juni 2027",
    ]
