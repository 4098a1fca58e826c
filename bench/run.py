"""`make bench`: the public site under load, on SQLite and PostgreSQL, at 1 k and 1 M projects.

For each database and size: build the database (SQLite files are kept in var/bench/ and
reused; PostgreSQL runs on the throwaway server `scripts/with-postgres` started), serve it
with gunicorn in production mode on 127.0.0.1, load each page with wrk at 8 and 64
connections, and print p50/p95/p99, requests/s, errors and worker memory beside the time
the page's own database queries take in-process. Two pages the page cache cannot answer
(bench/fresh.py: the start page after a change, a project page the first time) are loaded
three times (medians) and also get the page's in-process time and the same content
answered in plain SQL.

Then the semi-annual report's benchmark (bench/reports.py) at 1 k and 10 k projects.

Environment: BENCH_PARTS ("pages,search,reports,partners"), BENCH_SIZES (default "1000,1000000"),
BENCH_DATABASES ("sqlite,postgresql"), BENCH_SECONDS (10 per run), BENCH_CONNECTIONS
("8,64"), BENCH_WORKERS (2); the report's own settings are in bench/reports.py.
"""

import json
import os
import signal
import statistics
import subprocess
import sys
import urllib.request

import fresh
import partners
import reports
import search
from common import ROOT, in_django, prepare, production, serve

TERMS = ["vänort", "ungdom", "kultur", "miljö", "entreprenör"]


def urls(env) -> dict[str, str]:
    pid = int(
        in_django(
            env,
            "from projektdatabas.projects.models import Project\n"
            "ids = Project.objects.public().order_by('pk').values_list('pk', "
            "flat=True)\nprint(ids[ids.count() // 2])",
        )
    )
    slug = in_django(
        env,
        f"from projektdatabas.projects.models import Project\n"
        f"print(Project.objects.get(pk={pid}).slug)",
    )
    pages = {f"search '{t}'": f"/projekt/?q={urllib.request.quote(t)}" for t in TERMS}
    pages["filters only"] = "/projekt/?tema=kultur&land=DE"
    pages["start page"] = "/"
    pages["twin-town page"] = "/vanorter/kaufungen/"
    pages["accessibility statement"] = "/tillganglighetsredogorelse/"
    pages["RSS feed"] = "/flode/rss/"
    pages["project page"] = f"/projekt/{pid}-{slug}/"
    pages["JSON search"] = "/projekt.json?q=ungdom"
    return pages


def hit_rates(env) -> dict[str, float]:
    code = (
        "import json\nfrom projektdatabas.projects.models import Project\n"
        "from projektdatabas.projects.search import parse_query\n"
        "p = Project.objects.public(); total = p.count()\n"
        f"print(json.dumps({{t: p.search(parse_query(t)).count() / total for t in {TERMS!r}}}))"
    )
    return json.loads(in_django(env, code))


def db_times(env, pages: dict[str, str]) -> dict[str, float]:
    """Median over five runs of the summed time of a page's own SQL queries, in ms."""
    code = f"""
import json, statistics, time
from django.core.cache import caches
from django.db import connection
from django.test import Client
pages = {pages!r}
client = Client(HTTP_HOST="127.0.0.1")
out = {{}}
for name, url in pages.items():
    runs = []
    for _ in range(5):
        spent = [0.0]
        def timer(execute, sql, params, many, context):
            t = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent[0] += time.perf_counter() - t
        caches["pages"].clear()  # the cold cost: what a page costs the first time
        with connection.execute_wrapper(timer):
            client.get(url)
        runs.append(spent[0] * 1000)
    out[name] = statistics.median(runs)
print(json.dumps(out))
"""
    return json.loads(in_django(production(env), code))


def worker_rss_mb(master_pid: int) -> float:
    children = subprocess.run(
        ["ps", "--ppid", str(master_pid), "-o", "rss="], capture_output=True, text=True
    ).stdout.split()
    return max((int(kb) for kb in children), default=0) / 1024


def load(
    url: str,
    connections: int,
    seconds: int,
    *,
    cold: bool = False,
    script=None,
    args=(),
    again=None,
) -> dict:
    """wrk's figures for `url`: repeated (report.lua), made unique with a parameter on every
    request (cold), or another script with its arguments.

    `again`: a run whose wrk figures cannot be the requests' (below) is made again, up to
    twice, with again(args) as its arguments (pages no earlier run has seen). For the
    pages the cache cannot answer, 100-600 requests a second, a worker's replacement falls
    in a run now and then; at 3,000 a second, in almost every run, so those are not run
    again."""
    script = script or ("cold.lua" if cold else "report.lua")
    result = _wrk(url, connections, seconds, script, args)
    for _ in range(2 if again else 0):
        if not result["impossible"]:
            break
        args = again(args)
        result = _wrk(url, connections, seconds, script, args)
    return result


def three_runs(url: str, connections: int, seconds: int, options: dict) -> dict:
    """The medians of three runs, as for the searches (bench/search.py): one 10-second run
    of a page the cache cannot answer has varied by a quarter at p95 on these two shared
    cores (bench/README.md). A project run starts 100,000 ids after the one before, and a
    run made again 30,000 after its first try, so at 1 M no run meets another's pages (a
    run opens 2,000-6,000); at 1 k and 10 k they wrap round to the same ids."""
    runs = []
    for n in range(3):
        args = options.get("args")
        if args:  # projects.lua's (first id, ids, threads, offset)
            args = (*args[:3], args[3] + n * 100_000)
        runs.append(load(url, connections, seconds, **{**options, "args": args}))
    return {
        **{k: statistics.median(r[k] for r in runs) for k in ("mean", "p50", "p95", "p99", "rps")},
        "requests": sum(r["requests"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
        "impossible": any(r["impossible"] for r in runs),
        "p95_runs": ", ".join(f"{r['p95']:.1f}" for r in runs),
    }


def _wrk(url: str, connections: int, seconds: int, script: str, args) -> dict:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            str(ROOT / "bench" / script),
            url,
            *(["--", *map(str, args)] if args else []),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("JSON "))
    result = json.loads(line[5:])
    # Each connection waits for its answer before it asks again, so the requests' latencies
    # add up to at most connections x seconds. In runs where a gunicorn worker is replaced
    # (max_requests, every 6-7 s at 3,000 requests a second) wrk's own figures have added up
    # to five times that: its p95/p99 there are not the requests' (bench/README.md,
    # "wrk's latencies across a worker's replacement"). Such a row is marked, not dropped.
    result["impossible"] = result["mean"] * result["requests"] > connections * seconds * 1050
    return result


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,1000000").split(",")]
    databases = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    concurrencies = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "8,64").split(",")]
    pg_url = os.environ.get("DATABASE_URL")
    if "postgresql" in databases and not (pg_url or "").startswith("postgres"):
        sys.exit("PostgreSQL benchmark needs DATABASE_URL (run via scripts/with-postgres)")
    parts = os.environ.get("BENCH_PARTS", "pages,search,reports,partners").split(",")
    rows = []
    for db in databases if "pages" in parts else []:
        for size in sizes:
            print(f"# {db}, {size:,} projects: preparing …", flush=True)
            env, built = prepare(db, size, pg_url)
            pages = urls(env)
            rates = hit_rates(env)
            raw = db_times(env, pages)
            first, count = fresh.synthetic_ids(env)
            uncached = fresh.times(env, first, count)
            server, base = serve(env)
            try:
                for name, path in pages.items():
                    urllib.request.urlopen(base + path, timeout=120).read()  # noqa: S310
                    runs = [(c, False) for c in concurrencies]
                    if name.startswith("search"):
                        runs.append((concurrencies[0], True))  # every request misses the cache
                    for c, cold in runs:
                        result = load(base + path, c, seconds, cold=cold)
                        term = name.split("'")[1] if "'" in name else None
                        rows.append(
                            {
                                "db": db,
                                "size": size,
                                "built": built,
                                "page": name + (" (cold)" if cold else ""),
                                "hits": f"{rates[term]:.1%}" if term else "",
                                "c": c,
                                **result,
                                "db_ms": raw[name],
                                "rss": worker_rss_mb(server.pid),
                            }
                        )
                        print(_row(rows[-1]), flush=True)
                # The pages the page cache cannot answer (bench/fresh.py): the start page
                # made unique by a parameter, a project page with another project each time
                # (each run starts further on, so that no run meets an earlier one's pages).
                offset = (len(rows) * 7919) % count
                for n in range(4):  # both workers past their first such request
                    urllib.request.urlopen(f"{base}/?warm={n}", timeout=120).read()  # noqa: S310
                    pid = first + (offset + count // 2 + n) % count
                    urllib.request.urlopen(  # noqa: S310
                        f"{base}/projekt/{pid}-projekt-{pid}/", timeout=120
                    ).read()
                for name, path, options in (
                    (fresh.START, "/", {"cold": True, "again": lambda args: args}),
                    (
                        fresh.PROJECT,
                        "/",
                        {
                            "script": "projects.lua",
                            "args": (first, count, 2, offset),
                            # 30,000 ids on: pages no run has opened (a run opens 2,000-6,000).
                            "again": lambda args: (*args[:3], args[3] + 30_000),
                        },
                    ),
                ):
                    c = concurrencies[0]
                    rows.append(
                        {
                            "db": db,
                            "size": size,
                            "built": built,
                            "page": name,
                            "hits": "",
                            "c": c,
                            **three_runs(base + path, c, seconds, options),
                            **uncached[name],
                            "rss": worker_rss_mb(server.pid),
                        }
                    )
                    print(_row(rows[-1]), flush=True)
                    print(f"#   p95 of the three runs: {rows[-1]['p95_runs']}", flush=True)
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
    search_rows = search.main(pg_url, databases, load) if "search" in parts else []
    report_rows = reports.main(pg_url, databases) if "reports" in parts else []
    partner_rows = partners.main(pg_url, databases) if "partners" in parts else []
    if rows:
        print()
        print(_header())
        for row in rows:
            print(_row(row))
        if any(row.get("impossible") for row in rows):
            print(
                "\n† wrk's latencies add up to more than the run's connections x seconds: a "
                "worker was replaced during it, and these percentiles are not the requests'."
            )
        _summary(rows)
    if search_rows:
        print("\nFirst-time searches beside plain SQL (bench/search.py):\n")
        print(search.table(search_rows))
    if report_rows:
        print("\nThe semi-annual report (manage.py make_report, one half-year):\n")
        print(reports.table(report_rows))
    if partner_rows:
        print("\nPartner finding over EU operations (bench/partners.py):\n")
        print(partners.table(partner_rows))


def _header() -> str:
    return (
        "| db | projects | built | page | hits | conns | p50 ms | p95 ms | p99 ms | req/s "
        "| errors | worker MB | db query ms | page in-process ms | plain SQL ms |\n|" + "---|" * 15
    )


def _row(r) -> str:
    # In-process page time and plain SQL: only the pages of bench/fresh.py have them.
    extra = " | ".join(f"{r[k]:.1f}" if k in r else "" for k in ("page_ms", "plain_ms"))
    mark = " †" if r.get("impossible") else ""
    return (
        f"| {r['db']} | {r['size']:,} | {r['built']} | {r['page']} | {r['hits']} | {r['c']} "
        f"| {r['p50']:.1f} | {r['p95']:.1f}{mark} | {r['p99']:.1f}{mark} | {r['rps']:.0f} "
        f"| {r['errors']} "
        f"| {r['rss']:.0f} | {r['db_ms']:.1f} | {extra} |"
    )


def _summary(rows) -> None:
    for db in sorted({r["db"] for r in rows}):
        mine = [r for r in rows if r["db"] == db]
        p95 = statistics.median(r["p95"] for r in mine)
        errors = sum(r["errors"] for r in mine)
        rss = max(r["rss"] for r in mine)
        print(
            f"\n{db}: median p95 over all runs {p95:.1f} ms, errors {errors}, "
            f"max worker {rss:.0f} MB"
        )


if __name__ == "__main__":
    main()
