"""`make bench`'s "search" part (BENCH_PARTS=search): the public search at a million
projects, first-time pages only, beside the same question answered exactly in plain SQL.

For each database and each query (the five planted words and two two-word queries):
- cold p50/p95: wrk with 8 connections (BENCH_CONNECTIONS' first), bench/cold.lua (a
  unique parameter on every request, so the page cache never answers), medians of three
  BENCH_SECONDS runs, against gunicorn with 2 workers and production settings;
- page SQL ms: the page's own queries, timed in-process with the page cache emptied (the
  worker's facet index already built, as in a running server);
- page ms in-process, search work ms and their ratio (medians of five): the whole page,
  and the search's own work in it (_SEARCH_WORK: the in-worker index's answers plus the
  SQL outside them), the rest being Python drawing the page;
- plain SQL ms: the exact answer written as plain SQL over every public match: the top 20
  by the project's ranking, the total and every facet's counts (search.counts_in_sql);
- the top-20 overlap between the page and that SQL (x of 20), and whether every count the
  page shows equals its SQL count.

BENCH_SEARCH_SIZE (1000000) sets the size; BENCH_DATABASES, BENCH_SECONDS as for the pages.
"""

import json
import os
import statistics
import threading
import time
import urllib.parse
import urllib.request

from common import in_django, prepare, production, serve

QUERIES = ["vänort", "ungdom", "kultur", "miljö", "entreprenör", "vänort ungdom", "kultur miljö"]

_IN_PROCESS = """
import json, statistics, time, urllib.parse
from django.core.cache import caches
from django.db import connection
from django.http import QueryDict
from django.test import Client
from projektdatabas.public.listing import ProjectListing
from projektdatabas.organisations.models import Municipality
from projektdatabas.projects import search_index
from projektdatabas.projects.fulltext import SQLITE_RANK, fts5_expression, pg_bm25, pg_query
from projektdatabas.projects.search import PublicSearch, parse_query

def sql_top(query):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            (tsquery, matching), (score, terms) = pg_query(query), pg_bm25(query)
            cursor.execute(
                "SELECT id FROM projects_project WHERE is_published AND archived_at IS NULL "
                f"AND search_vector @@ {tsquery} "
                f"ORDER BY {score} DESC, id DESC LIMIT 20", [*matching, *terms])
        else:
            cursor.execute(
                "SELECT p.id FROM project_fts JOIN projects_project p ON p.id = project_fts.rowid "
                "WHERE project_fts MATCH %s AND p.is_published AND p.archived_at IS NULL "
                f"ORDER BY {SQLITE_RANK}, p.id DESC LIMIT 20", [fts5_expression(query)])
        return [r[0] for r in cursor.fetchall()]

# A build, not a load of an earlier run's snapshot; then the load a new worker does.
from projektdatabas.projects import search_snapshot
search_snapshot.discard(search_snapshot.identity())
t = time.perf_counter(); search_index.current(); built = time.perf_counter() - t
search_index.forget()
t = time.perf_counter(); search_index.current(); loaded = time.perf_counter() - t
site = Municipality.objects.values_list("pk", flat=True).get(slug="ale")
client = Client(HTTP_HOST="127.0.0.1")
out = {"index_s": built, "load_s": loaded}
for words in QUERIES:
    runs = []
    for _ in range(5):
        spent = [0.0, 0.0]  # every query's time; that of those outside the index's answers
        def timer(execute, sql, params, many, context):
            t = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent[0] += time.perf_counter() - t
                if not _work["depth"]:
                    spent[1] += time.perf_counter() - t
        caches["pages"].clear()
        _work["s"] = 0.0
        t = time.perf_counter()
        with connection.execute_wrapper(timer):
            response = client.get("/projekt/", {"q": words})
        page_ms = (time.perf_counter() - t) * 1000
        runs.append((spent[0] * 1000, page_ms, (_work["s"] + spent[1]) * 1000))
    assert response.status_code == 200, response.status_code
    # What the page showed, asked of the code that drew it (the test client records no
    # context outside tests).
    listing = ProjectListing(municipality=Municipality.objects.get(pk=site), params=QueryDict(
        urllib.parse.urlencode({"q": words})))
    page = listing.page()
    shown = [p.pk for p in page.object_list]
    query = parse_query(words)
    search = PublicSearch(municipality=Municipality(pk=site), query=query, filters={})
    t = time.perf_counter()
    top = sql_top(query)
    total = search.results.count()
    counts = search.counts_in_sql(limit=15)
    plain = (time.perf_counter() - t) * 1000
    # Every count the page shows comes from search.counts(); the page's total from .total.
    kinds_shown = {v.value: v.count for v in listing.facets()[0].values}
    out[words] = {
        "hits": total,
        "page_sql_ms": statistics.median(r[0] for r in runs),
        "page_ms": statistics.median(r[1] for r in runs),
        "search_ms": statistics.median(r[2] for r in runs),
        "page_per_search": statistics.median(r[1] / r[2] for r in runs),
        "plain_sql_ms": plain,
        "overlap": len(set(shown) & set(top)),
        "counts_equal": page.paginator.count == total
        and search.counts(limit=15) == counts
        and kinds_shown == {k: n for k, n in counts["typ"].items()},
    }
print(json.dumps(out))
"""


# The search's own work in a page ("its own queries"): the time inside the facet index's
# answers (the hits with their scores, every facet's counts, the ranked slice: the in-worker
# index queries) plus every SQL query the page runs outside them. The rest of the page's
# time is Python drawing it: the request's middleware, the facets' links, the template.
_SEARCH_WORK = """
import time
from projektdatabas.projects import search as _search
from projektdatabas.projects.search_index import FacetIndex as _FacetIndex

_work = {"depth": 0, "s": 0.0}

def _timed(fn):
    def timed(*args, **kwargs):
        if _work["depth"]:
            return fn(*args, **kwargs)
        _work["depth"] += 1
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            _work["s"] += time.perf_counter() - started
            _work["depth"] -= 1
    return timed

_search.Hits.find = classmethod(_timed(_search.Hits.find.__func__))
_search.Hits.ranked_slice = _timed(_search.Hits.ranked_slice)
_FacetIndex.counts = _timed(_FacetIndex.counts)
"""


def in_process(env) -> dict:
    code = f"QUERIES = {QUERIES!r}\n" + _SEARCH_WORK + _IN_PROCESS
    return json.loads(in_django(production(env), code).splitlines()[-1])


def warm(base: str, path: str) -> None:
    """Until both workers answer from their index: each builds it in a thread after it
    starts (deploy/gunicorn.conf.py) and answers in SQL meanwhile, seconds for the broad
    words at 1 M; three rounds of four requests each under FAST in a row are taken as
    ready (bench/README.md has the build's cost)."""
    took: list[float] = []

    def get():
        started = time.perf_counter()
        urllib.request.urlopen(base + path + "&u=warm" + str(time.perf_counter_ns()), timeout=600)  # noqa: S310
        took.append(time.perf_counter() - started)

    fast_rounds, deadline = 0, time.monotonic() + 600
    while fast_rounds < 3 and time.monotonic() < deadline:
        took.clear()
        workers = [threading.Thread(target=get) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        fast_rounds = fast_rounds + 1 if max(took) < FAST else 0


FAST = 2.0  # seconds: a warm index answers the broad word well under it, SQL does not


def main(pg_url: str | None, databases: list[str], load) -> list[dict]:
    size = int(os.environ.get("BENCH_SEARCH_SIZE", "1000000"))
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "8").split(",")[0])
    rows = []
    for db in databases:
        print(f"# search, {db}, {size:,} projects: preparing …", flush=True)
        env, _built = prepare(db, size, pg_url)
        measured = in_process(env)
        built, loaded = measured.pop("index_s"), measured.pop("load_s")
        print(
            f"# index built in {built:.1f} s, loaded from its snapshot in {loaded:.2f} s",
            flush=True,
        )
        server, base = serve(env)
        try:
            paths = {q: "/projekt/?" + urllib.parse.urlencode({"q": q}) for q in QUERIES}
            for path in paths.values():
                warm(base, path)
            for words, path in paths.items():
                runs = [
                    load(base + path, connections, seconds, cold=True, again=lambda a: a)
                    for _ in range(3)
                ]
                row = {
                    "db": db,
                    "query": words,
                    "p50": statistics.median(r["p50"] for r in runs),
                    "p95": statistics.median(r["p95"] for r in runs),
                    "errors": sum(r["errors"] for r in runs),
                    **measured[words],
                }
                rows.append(row)
                print(row_text(row), flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return rows


def table(rows: list[dict]) -> str:
    head = (
        "| db | query | hits | cold p50 ms | cold p95 ms | page SQL ms | page ms in-process "
        "| search work ms | page / search work | plain SQL ms | p50 / plain SQL "
        "| top 20 overlap | counts equal | errors |\n|" + "---|" * 14
    )
    return "\n".join([head, *(row_text(r) for r in rows)])


def row_text(r: dict) -> str:
    return (
        f"| {r['db']} | {r['query']} | {r['hits']:,} | {r['p50']:.0f} | {r['p95']:.0f} "
        f"| {r['page_sql_ms']:.1f} | {r['page_ms']:.1f} | {r['search_ms']:.1f} "
        f"| {r['page_per_search']:.2f} | {r['plain_sql_ms']:.0f} "
        f"| {r['p50'] / r['plain_sql_ms']:.2f} "
        f"| {r['overlap']} of 20 | {'yes' if r['counts_equal'] else 'NO'} | {r['errors']} |"
    )
