"""The semi-annual report's benchmark: `manage.py make_report` for one half-year, as a
coordinator would run it, at 1 k and 10 k projects on SQLite and PostgreSQL.

Each format is made BENCH_REPORT_RUNS times (3) in a fresh process; the table gives the
median wall time of the whole command (interpreter and Django start-up included), the
median of the command's own steps (figures and charts, HTML, the file) from its progress
lines, and the largest peak memory (RSS) of any run, from the kernel's rusage.

Environment: BENCH_REPORT_SIZES ("1000,10000"), BENCH_REPORT_RUNS (3),
BENCH_REPORT_PERIOD ("2026-1"), BENCH_DATABASES ("sqlite,postgresql").
"""

import os
import re
import statistics
import subprocess
import sys
import time

from common import PYTHON, ROOT, in_django, prepare, production

FORMATS = ["html", "pdf", "docx"]
TARGETS = {1000: 3.0, 10000: 15.0}  # seconds to PDF (issue 6); memory ≤ 500 MB at every size
MEMORY_TARGET_MB = 500
STEP = re.compile(r"\] \d/\d (?P<label>.+) \((?P<seconds>[\d.]+) s\)$")


def add_money(env) -> str:
    return in_django(
        env,
        "import sys; sys.path.insert(0, 'bench')\nfrom generate import add_money\n"
        "print(add_money())",
    )


def period_size(env, year: int, half: int) -> dict:
    code = (
        "import json\nfrom projektdatabas.organisations.models import Municipality\n"
        "from projektdatabas.reporting.figures import ongoing\n"
        "from projektdatabas.reporting.periods import HalfYear\n"
        "from projektdatabas.projects.models import Project\n"
        "m = Municipality.objects.get(slug='ale')\n"
        f"p = Project.objects.for_municipality(m)\n"
        f"print(json.dumps({{'projects': p.count(), "
        f"'ongoing': ongoing(p, HalfYear({year}, {half})).count()}}))"
    )
    import json

    return json.loads(in_django(env, code))


def make_report(env, year: int, half: int, fmt: str, target: str) -> dict:
    """One run in a fresh process: wall seconds, the command's steps, peak RSS in MB."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            PYTHON,
            "manage.py",
            "make_report",
            f"--year={year}",
            f"--half={half}",
            f"--format={fmt}",
            "-o",
            target,
        ],
        env=production(env),
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    stderr = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status:
        sys.exit(f"make_report failed:\n{stderr}")
    marks = [float(m["seconds"]) for m in map(STEP.search, stderr.splitlines()) if m]
    steps = [b - a for a, b in zip([0.0, *marks], marks, strict=False)]
    return {"wall": wall, "steps": steps, "rss": usage.ru_maxrss / 1024}


def pdf_pages(path: str) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def main(pg_url: str | None, databases: list[str]) -> list[dict]:
    sizes = [int(s) for s in os.environ.get("BENCH_REPORT_SIZES", "1000,10000").split(",")]
    runs = int(os.environ.get("BENCH_REPORT_RUNS", "3"))
    year, half = (int(x) for x in os.environ.get("BENCH_REPORT_PERIOD", "2026-1").split("-"))
    rows = []
    for db in databases:
        for size in sizes:
            print(f"# {db}, {size:,} projects: preparing the report's data …", flush=True)
            env, built = prepare(db, size, pg_url)
            add_money(env)
            counts = period_size(env, year, half)
            for fmt in FORMATS:
                target = str(ROOT / "var" / "bench" / f"report-{db}-{size}.{fmt}")
                results = [make_report(env, year, half, fmt, target) for _ in range(runs)]
                row = {
                    "db": db,
                    "size": counts["projects"],
                    "ongoing": counts["ongoing"],
                    "format": fmt,
                    "wall": statistics.median(r["wall"] for r in results),
                    "steps": [
                        statistics.median(s)
                        for s in zip(*(r["steps"] for r in results), strict=True)
                    ],
                    "rss": max(r["rss"] for r in results),
                    "pages": pdf_pages(target) if fmt == "pdf" else "",
                    "target": TARGETS.get(size) if fmt == "pdf" else None,
                }
                rows.append(row)
                print(_row(row), flush=True)
    return rows


def header() -> str:
    return (
        "| db | projects | ongoing in period | format | wall s (median) | figures+charts s "
        "| HTML s | file s | PDF pages | peak MB | target |\n|" + "---|" * 11
    )


def _row(r: dict) -> str:
    steps = [f"{s:.2f}" for s in r["steps"]] + [""] * (3 - len(r["steps"]))
    if r["target"] is None:
        verdict = "met" if r["rss"] <= MEMORY_TARGET_MB else "memory NOT met"
    else:
        ok = r["wall"] <= r["target"] and r["rss"] <= MEMORY_TARGET_MB
        verdict = f"≤ {r['target']:.0f} s, ≤ {MEMORY_TARGET_MB} MB: {'met' if ok else 'NOT met'}"
    return (
        f"| {r['db']} | {r['size']:,} | {r['ongoing']:,} | {r['format']} | {r['wall']:.2f} "
        f"| {' | '.join(steps)} | {r['pages']} | {r['rss']:.0f} | {verdict} |"
    )


def table(rows: list[dict]) -> str:
    return "\n".join([header(), *map(_row, rows)])
