"""The pages that the page cache cannot answer, timed in-process beside plain SQL (issue 16):

- the start page after a change (its first rendering: the content version moved, so the
  cached copy is gone). wrk forces that on every request with a unique parameter
  (cold.lua): the start page keeps nothing else per version, so a unique address costs
  what the first request after a change costs;
- a project's page the first time anyone opens it: a different project on each request
  (projects.lua).

Beside each: the time of the page's own SQL (the queries it ran, summed, page cache
emptied) and the same content answered in plain SQL, written out below: for the start
page the figures counted over every public project and the newest six sorted, as the page
did before issue 16; for the project page its row, tags, partners, links, money and news."""

import json

from common import in_django, production

START = "start page after a change"
PROJECT = "project page, uncached"

# The five figures and the newest six over every public project: what the start page
# counted on each first rendering before its figures were kept (reporting/tallies.py).
# Each statement with the names of its parameters, in order.
_PUBLIC = "p.municipality_id = %s AND p.is_published AND p.archived_at IS NULL"
M, P = "municipality", "project"
START_SQL = [
    (
        "SELECT COUNT(*), SUM(CASE WHEN p.status = 'ongoing' THEN 1 ELSE 0 END) "
        f"FROM projects_project p WHERE {_PUBLIC}",
        [M],
    ),
    (
        "SELECT COUNT(DISTINCT o.country) FROM projects_projectpartner pp "
        "JOIN projects_project p ON p.id = pp.project_id "
        f"JOIN organisations_organisation o ON o.id = pp.organisation_id WHERE {_PUBLIC}",
        [M],
    ),
    (
        "SELECT SUM(f.amount_sek) FROM finance_funding f JOIN projects_project p "
        "ON p.id = f.project_id WHERE f.source = 'eu_grant' AND p.status IN "
        f"('approved', 'ongoing', 'completed', 'final_report_done') AND {_PUBLIC}",
        [M],
    ),
    (
        "SELECT SUM(r.amount_sek) FROM finance_receipt r JOIN projects_project p ON "
        f"p.id = r.project_id WHERE r.source = 'eu_grant' AND r.voided_at IS NULL AND {_PUBLIC}",
        [M],
    ),
    (
        f"SELECT p.id, p.title_sv FROM projects_project p WHERE {_PUBLIC} "
        "ORDER BY p.first_published_at DESC, p.id DESC LIMIT 6",
        [M],
    ),
]
# What a project's page shows, each part in one statement.
PROJECT_SQL = [
    (
        "SELECT p.*, d.name FROM projects_project p JOIN organisations_department d "
        "ON d.id = p.lead_department_id WHERE p.id = %s AND p.municipality_id = %s "
        "AND p.is_published AND p.archived_at IS NULL",
        [P, M],
    ),
    (
        "SELECT 'theme', theme_id FROM projects_project_themes WHERE project_id = %s "
        "UNION ALL SELECT 'programme', programme_id FROM projects_project_programmes "
        "WHERE project_id = %s UNION ALL SELECT 'group', targetgroup_id "
        "FROM projects_project_target_groups WHERE project_id = %s "
        "UNION ALL SELECT 'orientation', orientation_id FROM projects_project_orientations "
        "WHERE project_id = %s",
        [P, P, P, P],
    ),
    (
        "SELECT pp.role, o.id, o.name, o.country FROM projects_projectpartner pp JOIN "
        "organisations_organisation o ON o.id = pp.organisation_id WHERE pp.project_id = %s "
        "ORDER BY pp.role, o.name",
        [P],
    ),
    (
        "SELECT url, label_sv, label_en FROM projects_projectlink WHERE project_id = %s "
        "AND is_public",
        [P],
    ),
    (
        "SELECT SUM(CASE WHEN source = 'eu_grant' THEN amount_sek END), SUM(CASE WHEN "
        "source IN ('municipal_money', 'municipal_staff_time') THEN amount_sek END), "
        "SUM(staff_hours) FROM finance_funding WHERE project_id = %s",
        [P],
    ),
    (
        "SELECT n.id, n.title_sv, n.slug, n.published_at FROM news_newsitem n "
        "JOIN news_newsitem_projects np ON np.newsitem_id = n.id WHERE np.project_id = %s "
        "AND n.municipality_id = %s AND n.status = 'published' AND n.kind = 'public' "
        "ORDER BY n.published_at DESC, n.id DESC LIMIT 3",
        [P, M],
    ),
]


def synthetic_ids(env) -> tuple[int, int]:
    """(first id, how many): the synthetic projects, all public, numbered in one run
    with slugs projekt-<id> (bench/generate.py)."""
    code = (
        "from django.db.models import Count, Max, Min\n"
        "from projektdatabas.projects.models import Project\n"
        "r = Project.objects.public().filter(source_note='Syntetisk testdata')"
        ".aggregate(a=Min('pk'), b=Max('pk'), n=Count('pk'))\n"
        "assert r['n'] == r['b'] - r['a'] + 1, r\n"
        "print(r['a'], r['n'])"
    )
    first, count = in_django(env, code).split()
    return int(first), int(count)


def times(env, first: int, count: int) -> dict[str, dict]:
    """{page: {"db_ms": the page's own SQL, "page_ms": the whole page in-process,
    "plain_ms": the plain SQL}}, medians over 15 renderings (a different project each)."""
    code = f"""
import json, statistics, time
from django.core.cache import caches
from django.db import connection
from django.test import Client
from projektdatabas.organisations.models import Municipality
client = Client(HTTP_HOST="127.0.0.1")
municipality = Municipality.objects.get(slug="ale").pk
ids = [{first} + i * ({count} // 16) for i in range(16)]
pages = {{
    {START!r}: [("/?u=%d" % i, {START_SQL!r}, i) for i in ids],
    {PROJECT!r}: [("/projekt/%d-projekt-%d/" % (i, i), {PROJECT_SQL!r}, i) for i in ids],
}}
client.get("/")  # the worker's first request imports and compiles what every later one uses
out = {{}}
for name, runs in pages.items():
    page, sql, plain = [], [], []
    for url, statements, project in runs[1:]:
        values = {{"municipality": municipality, "project": project}}
        spent = [0.0]
        def timer(execute, sql_, params_, many, context):
            t = time.perf_counter()
            try:
                return execute(sql_, params_, many, context)
            finally:
                spent[0] += time.perf_counter() - t
        caches["pages"].clear()
        started = time.perf_counter()
        with connection.execute_wrapper(timer):
            assert client.get(url).status_code == 200, url
        page.append((time.perf_counter() - started) * 1000)
        sql.append(spent[0] * 1000)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for statement, names in statements:
                cursor.execute(statement, [values[name] for name in names])
                cursor.fetchall()
        plain.append((time.perf_counter() - started) * 1000)
    out[name] = {{"db_ms": statistics.median(sql), "page_ms": statistics.median(page),
                  "plain_ms": statistics.median(plain)}}
print(json.dumps(out))
"""
    return json.loads(in_django(production(env), code))
