"""`make bench`, part "partners": partner finding over a million EU operations.

For each database: write synthetic exports (bench/var: Kohesio, 1 M operations by default;
keep.eu, a twentieth as many projects with four partners each), time
`manage.py import_eu_projects` on each (target: 10 minutes), time the same Kohesio file
again (nothing changes: every row "unchanged"), then load the partner-finding page with
wrk at 8 connections, signed in as a coordinator, for a few questions, beside the same
question answered in plain SQL in-process (median of five).

Environment: PARTNERS_ROWS (1000000), BENCH_SECONDS (10), BENCH_DATABASES.
Run alone: scripts/with-postgres .venv/bin/python bench/partners.py
"""

import csv
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from common import PYTHON, ROOT, in_django, manage, production, serve

COUNTRIES = "SE DE FR IT ES PL NL BE AT DK FI PT CZ HU RO BG EL IE LT LV EE SK SI HR LU MT CY"
COUNTRIES = COUNTRIES.split()
FUNDS = ["ERDF", "ESF", "ESF+", "CF", "JTF", "EMFF"]
WORDS = (
    "energy efficiency renewable solar heating school pupils teachers youth employment "
    "training skills innovation research business startup digital broadband transport rail "
    "road port water waste circular recycling climate adaptation flood biodiversity forest "
    "tourism culture heritage museum health care elderly inclusion migrants housing urban "
    "rural village mobility cycling hydrogen battery smart city network cooperation "
    "entrepreneurship apprenticeship university laboratory hospital social economy"
).split()
THEMES = [
    "Energy efficiency renovation of public infrastructure",
    "Research and innovation activities in public research centres",
    "Measures to improve access to employment",
    "Household waste management",
    "Protection and development of cultural heritage",
    "Support for SMEs and entrepreneurship",
    "Cycling infrastructure",
    "Climate change adaptation measures",
    "Digitisation of SMEs",
    "Measures for the integration of migrants",
    "Health infrastructure",
    "Broadband networks",
]
KOHESIO_COLUMNS = [
    "Operation_Unique_Identifier",
    "Operation_Name_English",
    "Operation_Name_Programme_Language",
    "CountryCode",
    "Operation_Start_Date",
    "Operation_End_Date",
    "Total_Eligible_Expenditure_amount",
    "Project_EU_Budget",
    "Cofinancing_Rate",
    "Beneficiary_Name",
    "Beneficiary_Local_Identifier",
    "Fund_Code",
    "Programme_Name",
    "Programme_Code",
    "Category_Label",
    "NUTS3_Code",
    "Programming_Period",
]
QUERIES = {
    "all organisations": "",
    "country DE": "land=DE",
    "fund ESF, country SE": "fond=ESF&land=SE",
    "programme": "program={programme}",
    # A word is also searched in the other language (euprojects/words.py): the shares are
    # of the projects the question matches, both languages together.
    "word 'hydrogen' as written (0.9 %)": "q=hydrogen&exakt=1",
    "word 'hydrogen', + 'vätgas' (11 %)": "q=hydrogen",
    "word 'culture', + 'kultur' (12 %), from 2021": "q=culture&fran=2021",
    "word 'energy', + 'energi' (21 %)": "q=energy",
    "word 'energy', + 'energi' (21 %), country DE": "q=energy&land=DE",
    "word 'ungdom', + 'youth', 'young' (20 %)": "q=ungdom",
}


# Words planted in titles at known shares, as bench/generate.py plants its search terms;
# the rest of a title comes from a vocabulary of some 2,500 words.
PLANTED = {"energy": 0.05, "culture": 0.02, "hydrogen": 0.005}
_FORMS = [w + end for w in WORDS for end in ("", "s", "ing", "al", "ity", "ed", "er", "ion")]
FILLER = sorted(
    {f"{a}{b}" for a in _FORMS[:150] for b in ("", "-" + _FORMS[-1 - _FORMS.index(a) % 60])}
    | set(_FORMS)
)
FILLER = [word for word in FILLER if not any(term in word for term in PLANTED)]


# Each operation's name in its programme's language too, as Kohesio gives it (searched since
# the seventh session): as many words again, none of them a planted term or its prefix.
LOCAL_WORDS = (
    "energieffektiv skola elever lärare ungdomar sysselsättning utbildning kompetens "
    "innovation forskning företag digital bredband transport järnväg hamn vatten avfall "
    "cirkulär återvinning klimat anpassning översvämning skog turism kulturarv museum "
    "vård äldre inkludering bostäder landsbygd cykel vätgas batteri nätverk samarbete "
    "universitet laboratorium sjukhus socialekonomi"
).split()
LOCAL_FILLER = [w + end for w in LOCAL_WORDS for end in ("", "en", "ar", "er", "na", "s")]


def _local_title(rng) -> str:
    return " ".join(rng.choices(LOCAL_FILLER, k=rng.randint(3, 6))).capitalize()


def _title(rng) -> str:
    words = rng.choices(FILLER, k=rng.randint(3, 6))
    words += [term for term, share in PLANTED.items() if rng.random() < share]
    rng.shuffle(words)
    return " ".join(words).capitalize()


def _zipf_pick(rng, n):
    """An index in [0, n): a few organisations take part often (the first in some 2 % of
    operations), most rarely."""
    return int(n * rng.random() ** 3)


def write_files(folder: Path, rows: int) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        # -2: local titles and partners' ERDF shares (files of another version are not used)
        "kohesio": folder / f"kohesio-{rows}-2.csv",
        "keep_projects": folder / f"keep-projects-{rows}-2.csv",
        "keep_partners": folder / f"keep-partners-{rows}-2.csv",
    }
    if all(path.exists() for path in paths.values()):
        return paths
    rng = random.Random(16)
    organisations = 150_000
    programmes = {
        c: [f"{c} {f} programme {p}" for f in FUNDS[:3] for p in (1, 2)] for c in COUNTRIES
    }
    with paths["kohesio"].open("w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(KOHESIO_COLUMNS)
        for n in range(rows):
            country = COUNTRIES[min(int(rng.expovariate(0.15)), len(COUNTRIES) - 1)]
            start_year = rng.randint(2007, 2025)
            end_year = min(start_year + rng.randint(0, 4), 2029)
            organisation = _zipf_pick(rng, organisations)
            fund = FUNDS[int(rng.expovariate(0.8)) % len(FUNDS)]
            budget = rng.randint(10, 5000) * 1000
            out.writerow(
                [
                    f"https://linkedopendata.eu/entity/Q{10_000_000 + n}",
                    _title(rng),
                    _local_title(rng),
                    country,
                    f"01/{rng.randint(1, 12):02d}/{start_year}",
                    f"28/{rng.randint(1, 12):02d}/{end_year}" if end_year > start_year else "",
                    budget,
                    budget // 2,
                    "50",
                    f"Beneficiary {organisation} {country}",
                    "",
                    fund,
                    rng.choice(programmes[country]),
                    "",
                    rng.choice(THEMES),
                    f"{country}{rng.randint(100, 999)}",
                    "2014-2020" if start_year < 2021 else "2021-2027",
                ]
            )
    projects = rows // 20
    keep_programmes = [f"Interreg {name}" for name in ("North Sea", "Baltic Sea Region", "Europe")]
    with (
        paths["keep_projects"].open("w", newline="", encoding="utf-8") as pfile,
        paths["keep_partners"].open("w", newline="", encoding="utf-8") as partners_file,
    ):
        projects_out, partners_out = csv.writer(pfile), csv.writer(partners_file)
        projects_out.writerow(
            [
                "Period",
                "Programme",
                "Project acronym",
                "Project name in English",
                "Project start",
                "Project end",
                "Project's total budget / expenditure",
                "Project's EU funding",
                "Union co-financing rate",
            ]
        )
        partners_out.writerow(
            [
                "Programme",
                "Project acronym",
                "Organisation in English",
                "Lead partner",
                "Country code",
                "Type of Organisation",
                "ERDF contribution (2014-2020 only)",
            ]
        )
        for n in range(projects):
            programme = keep_programmes[n % 3]
            acronym = f"P{n:06d}"
            start = rng.randint(2008, 2025)
            projects_out.writerow(
                [
                    "2021 - 2027" if start > 2020 else "2014 - 2020",
                    programme,
                    acronym,
                    " ".join(rng.choices(WORDS, k=5)).capitalize(),
                    f"{start}-03-01",
                    f"{start + 3}-02-28",
                    "1000000",
                    "800000",
                    "80%",
                ]
            )
            for k in range(4):
                country = rng.choice(COUNTRIES)
                organisation = _zipf_pick(rng, organisations)
                partners_out.writerow(
                    [
                        programme,
                        acronym,
                        f"Beneficiary {organisation} {country}",
                        "Yes" if k == 0 else "No",
                        country,
                        "Local public authority",
                        str(rng.randint(20, 400) * 1000) if start <= 2020 else "",
                    ]
                )
    return paths


def _env(db: str, pg_url: str | None) -> dict:
    var = ROOT / "var" / "bench" / f"partners-{db}"
    var.mkdir(parents=True, exist_ok=True)
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (var / f"db.sqlite3{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{var / 'db.sqlite3'}"
    else:
        url = pg_url.rsplit("/", 1)[0] + "/bench_partners"
        in_django(
            {
                **os.environ,
                "DATABASE_URL": pg_url,
                "DJANGO_SETTINGS_MODULE": "projektdatabas.settings",
            },
            "from django.db import connection\n"
            "connection.cursor().execute('DROP DATABASE IF EXISTS bench_partners')\n"
            "connection.cursor().execute('CREATE DATABASE bench_partners')\nprint('ok')",
        )
    return {
        **os.environ,
        "DATABASE_URL": url,
        "PROJEKTDATABAS_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "projektdatabas.settings",
    }


def _timed_import(env, *args) -> tuple[float, str]:
    started = time.monotonic()
    done = subprocess.run(
        [PYTHON, "manage.py", "import_eu_projects", *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return time.monotonic() - started, done.stdout.strip().splitlines()[0]


def _session_cookie(env) -> str:
    """A signed-in coordinator's session, made directly in the session store."""
    return in_django(
        production(env),
        "from django.conf import settings\n"
        "from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, "
        "HASH_SESSION_KEY\n"
        "from importlib import import_module\n"
        "from projektdatabas.accounts.models import Membership, Role\n"
        "from projektdatabas.organisations.models import Municipality\n"
        "user, _ = get_user_model().objects.get_or_create(username='bench-coordinator')\n"
        "m = Municipality.objects.order_by('pk').first()\n"
        "Membership.objects.get_or_create(user=user, role=Role.COORDINATOR, municipality=m)\n"
        "store = import_module(settings.SESSION_ENGINE).SessionStore()\n"
        "store[SESSION_KEY] = str(user.pk)\n"
        "store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]\n"
        "store[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "store.create()\n"
        "print(f'{settings.SESSION_COOKIE_NAME}={store.session_key}')",
    )


_SQL_CODE = """
import json, statistics, time
from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory
from projektdatabas.euprojects.ranking import Filters, participations
from projektdatabas.euprojects.imports import recent_since
from projektdatabas.projects.fulltext import parse_query
queries = {queries!r}
since = recent_since()
out = {{}}
for name, query in queries.items():
    q = QueryDict(query)
    filters = Filters(words=parse_query(q.get("q")), country=q.get("land", ""),
        fund=q.get("fond", ""), programme_id=int(q["program"]) if q.get("program") else None,
        year_from=int(q["fran"]) if q.get("fran") else None, exact=q.get("exakt") == "1")
    # The exact question in plain SQL: group the matching participations, top 26.
    matching = participations(filters).values("organisation_id", "last_year")
    inner, params = matching.query.sql_with_params()
    sql = ("SELECT organisation_id, COUNT(*) + SUM(CASE WHEN last_year >= %s THEN 1 ELSE 0 END) s, "
           "MAX(last_year) l FROM (" + inner + ") t GROUP BY organisation_id "
           "ORDER BY s DESC, l DESC, organisation_id LIMIT 26")
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, [since, *params])
            cursor.fetchall()
        runs.append((time.perf_counter() - t) * 1000)
    out[name] = statistics.median(runs)
print(json.dumps(out))
"""


def _wrk(url: str, cookie: str, seconds: int) -> dict:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c8",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-H",
            f"Cookie: {cookie}",
            "-s",
            str(ROOT / "bench" / "report.lua"),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("JSON "))
    return json.loads(line[5:])


def main(pg_url: str | None, databases: list[str]) -> list[dict]:
    rows_wanted = int(os.environ.get("PARTNERS_ROWS", "1000000"))
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    files = write_files(ROOT / "var" / "bench" / "partners-files", rows_wanted)
    results = []
    for db in databases:
        print(f"# partners, {db}: {rows_wanted:,} Kohesio operations …", flush=True)
        env = _env(db, pg_url)
        manage(env, "migrate", "-v0")
        manage(env, "load_demo_data", "--no-examples")
        manage(production(env), "collectstatic", "--noinput", "-v0")
        kohesio_s, kohesio_said = _timed_import(env, "kohesio", str(files["kohesio"]))
        keep_s, keep_said = _timed_import(
            env, "keep", str(files["keep_projects"]), str(files["keep_partners"])
        )
        again_s, again_said = _timed_import(env, "kohesio", str(files["kohesio"]))
        programme = in_django(
            env,
            "from projektdatabas.euprojects.models import EUProgramme\n"
            "print(EUProgramme.objects.filter(name__startswith='SE ESF').order_by('pk')[0].pk)",
        )
        queries = {name: q.format(programme=programme) for name, q in QUERIES.items()}
        sql = json.loads(in_django(production(env), _SQL_CODE.format(queries=queries)))
        cookie = _session_cookie(env)
        server, base = serve(env)
        try:
            for name, query in queries.items():
                url = f"{base}/intern/omvarld/eu-partner/" + (f"?{query}" if query else "")
                status = subprocess.run(
                    [
                        "curl",
                        "-s",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "-H",
                        f"Cookie: {cookie}",
                        url,
                    ],
                    capture_output=True,
                    text=True,
                ).stdout
                if status != "200":
                    sys.exit(f"{url}: {status}")
                measured = _wrk(url, cookie, seconds)
                results.append({"db": db, "query": name, "sql_ms": sql[name], **measured})
                print(
                    f"  {name:28} p50 {measured['p50']:7.1f}  p95 {measured['p95']:7.1f} ms"
                    f"  {measured['rps']:6.1f} req/s  SQL {sql[name]:7.1f} ms",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait()
        results.append(
            {
                "db": db,
                "imports": {
                    "kohesio_s": kohesio_s,
                    "kohesio": kohesio_said,
                    "keep_s": keep_s,
                    "keep": keep_said,
                    "again_s": again_s,
                    "again": again_said,
                },
            }
        )
        print(
            f"  import: Kohesio {kohesio_s:.0f} s ({kohesio_said})\n"
            f"          keep.eu {keep_s:.0f} s ({keep_said})\n"
            f"          Kohesio again {again_s:.0f} s ({again_said})",
            flush=True,
        )
    return results


def table(rows: list[dict]) -> str:
    lines = [
        "| database | question | p50 ms | p95 ms | req/s | plain SQL ms |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        if "query" in row:
            lines.append(
                f"| {row['db']} | {row['query']} | {row['p50']:.0f} | {row['p95']:.0f} | "
                f"{row['rps']:.0f} | {row['sql_ms']:.1f} |"
            )
    for row in rows:
        if "imports" in row:
            i = row["imports"]
            lines.append(
                f"| {row['db']} | import: Kohesio {i['kohesio_s']:.0f} s, keep.eu "
                f"{i['keep_s']:.0f} s, Kohesio again {i['again_s']:.0f} s | | | | |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    pg = os.environ.get("DATABASE_URL")
    dbs = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
    if "postgresql" in dbs and not (pg or "").startswith("postgres"):
        sys.exit("PostgreSQL needs DATABASE_URL (run via scripts/with-postgres)")
    print(table(main(pg, dbs)))
