"""Synthetic projects for benchmarks: realistic Swedish and English text, with five
search terms planted at known rates (0.5 % to 20 % of rows).

Writes with plain executemany in batches; on SQLite the FTS triggers index as rows go in,
on PostgreSQL the generated tsvector is computed on insert."""

import datetime as dt
import importlib
import random
import time

from django.db import connection, transaction

# The FTS5 triggers, as the migration that made them wrote them.
_search_migration = importlib.import_module("projektdatabas.projects.migrations.0002_search_index")
_PGTEXT = "projektdatabas.projects.search_pgtext"

# term -> (share of rows, forms it appears in: compounds exercise prefix search)
TERMS = {
    "vänort": (0.20, ["vänortsutbyte", "vänorten", "vänortsbesök", "vänorter"]),
    "ungdom": (0.10, ["ungdomar", "ungdomsutbyte", "ungdomsläger"]),
    "kultur": (0.05, ["kulturutbyte", "kulturarv", "kulturskola"]),
    "miljö": (0.02, ["miljöarbete", "miljöteknik", "miljön"]),
    "entreprenör": (0.005, ["entreprenörskap", "entreprenörer"]),
}
SV_WORDS = (
    "samarbete utveckling kompetens projekt erfarenhet utbyte skola lärare elever kommun "
    "region näringsliv turism arbete sysselsättning omsorg äldre vård hälsa integration "
    "språk digitalisering innovation hållbarhet energi vatten transport landsbygd stad "
    "förening idrott bibliotek museum konst musik teater demokrati inflytande delaktighet "
    "jämställdhet mångfald nätverk partnerskap studiebesök konferens workshop seminarium "
    "handledning praktik lärlingar arbetsmarknad nyanlända mottagande etablering företag "
    "export handel logistik forskning högskola universitet metod modell pilot genomförande "
    "uppföljning utvärdering spridning resultat kunskap lärande framtid europa gränser "
    "regioner kust älven dalen skogen bygden hamnen staden torget centrum"
).split()
EN_WORDS = (
    "cooperation development skills project experience exchange school teachers pupils "
    "municipality region business tourism work employment care elderly health integration "
    "language digitalisation innovation sustainability energy water transport rural town "
    "association sport library museum art music theatre democracy participation equality "
    "diversity network partnership visit conference workshop seminar mentoring placement "
    "apprentices labour market newcomers reception companies trade logistics research "
    "university method model pilot implementation evaluation dissemination results knowledge "
    "learning future europe borders coast river valley forest harbour square centre"
).split()
EN_TERMS = {
    "vänort": "twinning",
    "ungdom": "youth",
    "kultur": "culture",
    "miljö": "environment",
    "entreprenör": "entrepreneurship",
}
KINDS = [
    "eu_project",
    "twin_town_exchange",
    "school_youth_exchange",
    "study_visit",
    "knowledge_cooperation",
    "network_membership",
    "other",
]
FINISHED = ("completed", "final_report_done")
STARTED = ("ongoing", *FINISHED)
GRANTED = ("approved", *STARTED)


def status_on(today: dt.date, start: dt.date, end: dt.date, goes_ahead: bool, pick) -> str:
    """A status that agrees with the project's dates on `today`, as the lifecycle would have
    left it: half of the projects go ahead (approved before their start, ongoing until their
    end, then completed), the others stay ideas or applications until their start and are
    rejected or withdrawn by then. (Statuses drawn at random left thousands of projects
    ongoing years after their end, and a project marked ongoing counts until it is marked
    completed.)"""
    if goes_ahead:
        if start > today:
            return "approved"
        return "ongoing" if end >= today else pick(["completed", "final_report_done"])
    return pick(["idea", "application"] if start > today else ["rejected", "withdrawn"])


BATCH = 5000


POOL = 4096  # distinct texts per field; rows pick from them, then get their terms planted


def _pool(rng, words, count):
    return [" ".join(rng.choices(words, k=count)) for _ in range(POOL)]


def _plant(text, planted):
    return " ".join([*planted, text]) if planted else text


PROJECT_SQL = (
    "INSERT INTO projects_project (id, municipality_id, kind, status, title_sv, title_en, "
    "slug, internal_description_sv, internal_description_en, public_summary_sv, "
    "public_summary_en, results_sv, results_en, lead_department_id, municipal_role, "
    "start_date, end_date, participants, "
    "young_participants, total_budget, budget_currency, budget_exchange_rate, is_published, "
    "published_at, first_published_at, is_example_data, source_note, created_at, "
    "updated_at, version, submitted_at, started_on, completed_on, interest_kinds, "
    "interest_text_sv, interest_text_en, external_id) VALUES (" + ", ".join(["%s"] * 37) + ")"
)
LINK_SQL = {
    "themes": "INSERT INTO projects_project_themes (project_id, theme_id) VALUES (%s, %s)",
    "programmes": "INSERT INTO projects_project_programmes (project_id, programme_id) "
    "VALUES (%s, %s)",
    "groups": "INSERT INTO projects_project_target_groups (project_id, targetgroup_id) "
    "VALUES (%s, %s)",
    "orientations": "INSERT INTO projects_project_orientations (project_id, orientation_id) "
    "VALUES (%s, %s)",
    "partners": "INSERT INTO projects_projectpartner (project_id, organisation_id, role) "
    "VALUES (%s, %s, %s)",
}


def _copy_statement(insert_sql: str) -> str:
    """INSERT INTO t (a, b) VALUES (...)  ->  COPY t (a, b) FROM STDIN"""
    return "COPY " + insert_sql.split("INSERT INTO ", 1)[1].split(" VALUES", 1)[0] + " FROM STDIN"


def generate(n: int, *, seed: int = 1, today: dt.date | None = None) -> float:
    """Add n published projects to the municipality 'ale', with statuses as they stand on
    `today` (the day of the run); returns seconds taken."""
    from projektdatabas.organisations.models import Department, Municipality, Organisation
    from projektdatabas.projects.models import Programme, Project, TargetGroup, Theme
    from projektdatabas.strategy.models import Orientation

    rng = random.Random(seed)  # noqa: S311 - benchmark data
    today = today or dt.date.today()
    started = time.perf_counter()
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        # A throwaway benchmark file: durability is not worth the fsyncs, and one index
        # rebuild at the end is cheaper than a trigger per row.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -200000")
            for statement in _search_migration.SQLITE_BACKWARD[:3]:
                cursor.execute(statement)
    else:
        # Building the GIN index once after the load is far cheaper than keeping it up
        # row by row (the first PostgreSQL run spent most of its time there).
        with connection.cursor() as cursor:
            cursor.execute(_search_migration.POSTGRES_BACKWARD[0])
            # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: every inserted row
            # queues a referential check per key, run at commit. The rows made here point
            # at ids that exist by construction, so this session skips those triggers
            # (the throwaway server runs us as superuser).
            cursor.execute("SET session_replication_role = replica")
    # Whatever happens, the search is kept up again: a failed run must not leave the
    # database with projects that no search finds.
    try:
        municipality = Municipality.objects.get(slug="ale")
        departments = list(
            Department.objects.filter(municipality=municipality).values_list("pk", flat=True)
        )
        themes = list(Theme.objects.values_list("pk", flat=True))
        programmes = list(Programme.objects.values_list("pk", flat=True))
        groups = list(TargetGroup.objects.values_list("pk", flat=True))
        orientations = list(Orientation.objects.values_list("pk", flat=True))
        countries = [
            "DE",
            "FI",
            "IT",
            "EE",
            "PL",
            "DK",
            "NO",
            "LT",
            "LV",
            "ES",
            "FR",
            "NL",
            "BE",
            "GB",
            "IE",
            "PT",
            "AT",
            "CZ",
            "HU",
            "RO",
            "GR",
            "SI",
            "SK",
            "HR",
            "BG",
        ]
        existing = set(Organisation.objects.values_list("name", flat=True))
        Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Partner {i}",
                    kind="municipality",
                    country=countries[i % 25],
                    town=f"Ort {i}",
                )
                for i in range(300)
                if f"Partner {i}" not in existing
            ]
        )
        partners = list(Organisation.objects.values_list("pk", flat=True))
        now = dt.datetime.now(dt.UTC)
        first_id = (Project.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

        titles_sv, titles_en = _pool(rng, SV_WORDS, 5), _pool(rng, EN_WORDS, 5)
        summaries_sv, summaries_en = _pool(rng, SV_WORDS, 18), _pool(rng, EN_WORDS, 18)
        for batch_start in range(0, n, BATCH):
            rows, links = [], {key: [] for key in LINK_SQL}
            for pid in range(first_id + batch_start, first_id + min(n, batch_start + BATCH)):
                planted = [
                    rng.choice(forms) for rate, forms in TERMS.values() if rng.random() < rate
                ]
                planted_en = [
                    EN_TERMS[t]
                    for t, (_r, forms) in TERMS.items()
                    if any(p in forms for p in planted)
                ]
                start = dt.date(rng.randint(1995, 2027), rng.randint(1, 12), 1)
                end = start + dt.timedelta(days=rng.randint(30, 1500))
                status = status_on(today, start, end, rng.random() < 0.5, rng.choice)
                participants = rng.randint(5, 200)
                rows.append(
                    (
                        pid,
                        municipality.pk,
                        rng.choice(KINDS),
                        status,
                        _plant(titles_sv[rng.getrandbits(12)], planted[:1]).capitalize(),
                        _plant(titles_en[rng.getrandbits(12)], planted_en[:1]).capitalize(),
                        f"projekt-{pid}",
                        "",
                        "",
                        _plant(summaries_sv[rng.getrandbits(12)], planted),
                        _plant(summaries_en[rng.getrandbits(12)], planted_en),
                        "",
                        "",
                        rng.choice(departments),
                        rng.choice(["owner", "partner", "participant"]),
                        start,
                        end,
                        participants,
                        rng.randint(0, participants),
                        rng.randrange(50_000, 20_000_000, 1000),
                        "SEK",
                        1,
                        True,
                        now,
                        now,
                        True,
                        "Syntetisk testdata",
                        now,
                        now,
                        1,
                        now,
                        # The days the lifecycle records: started on the planned start, completed
                        # on the planned end.
                        start if status in STARTED else None,
                        end if status in FINISHED else None,
                        "[]",  # not open to residents' interest registrations
                        "",
                        "",
                        "",  # not imported from a spreadsheet
                    )
                )
                for theme in rng.sample(themes, k=rng.randint(1, 2)):
                    links["themes"].append((pid, theme))
                links["programmes"].append((pid, rng.choice(programmes)))
                links["groups"].append((pid, rng.choice(groups)))
                links["orientations"].append((pid, rng.choice(orientations)))
                for partner in rng.sample(partners, k=rng.randint(1, 2)):
                    links["partners"].append((pid, partner, "partner"))
            with transaction.atomic():
                # The driver's own cursor: Django's wrapper costs more than the insert here.
                cursor = connection.connection.cursor()
                if sqlite:
                    cursor.executemany(PROJECT_SQL.replace("%s", "?"), rows)
                    for key, sql in LINK_SQL.items():
                        cursor.executemany(sql.replace("%s", "?"), links[key])
                else:
                    # COPY: PostgreSQL parses one stream instead of a statement per row.
                    for sql, batch in [(PROJECT_SQL, rows)] + [
                        (sql, links[key]) for key, sql in LINK_SQL.items()
                    ]:
                        with cursor.copy(_copy_statement(sql)) as copy:
                            for row in batch:
                                copy.write_row(row)
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
                cursor.execute("SET maintenance_work_mem = '512MB'")  # a GIN build in memory
                cursor.execute(_search_migration.POSTGRES_FORWARD[1])  # the GIN index, once
                # The ranking's totals: their triggers were skipped too.
                cursor.execute(importlib.import_module(_PGTEXT).RECOUNT)
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('projects_project', 'id'), "
                    "(SELECT max(id) FROM projects_project))"
                )
                cursor.execute("ANALYZE")
        else:
            with connection.cursor() as cursor:
                for statement in _search_migration.SQLITE_FORWARD[1:]:  # triggers, then rebuild
                    cursor.execute(statement)
                cursor.execute("ANALYZE")
    return time.perf_counter() - started


def add_money(*, seed: int = 2, today: dt.date | None = None) -> int:
    """Financing, payments and decisions for the synthetic projects added since the last
    call, so that the semi-annual report has money to sum: an EU grant (from a programme
    open in the start year, if any is) on most EU projects and some others; municipal money
    and own staff time on about half (half of the staff time in hours only, valued at the
    year's hourly rate as the staff form values it); payments over the part of the period
    that has passed, for projects that started; an approving committee decision before the
    start (and not after `today`) for most co-financed projects that were granted (the rest
    show up as lacking one); an application date, not after `today`, for every project past
    the idea. Returns the number of projects it went through."""
    from django.db.models import Max

    from projektdatabas.finance.models import StaffTimeRate
    from projektdatabas.organisations.models import Department
    from projektdatabas.projects.models import Programme, Project

    rng = random.Random(seed)  # noqa: S311 - benchmark data
    today = today or dt.date.today()
    committee_of = dict(Department.objects.values_list("pk", "committee_id"))
    eu_programmes = list(Programme.objects.filter(is_eu=True))
    rates = {rate.year: rate for rate in StaffTimeRate.objects.filter(municipality__slug="ale")}
    # The projects generated since the last call: those after the last one given money. (All
    # those with no money would give the ones that drew none another draw at every run.)
    synthetic = Project.objects.filter(source_note="Syntetisk testdata")
    done = synthetic.filter(fundings__isnull=False).aggregate(last=Max("pk"))["last"] or 0
    projects = (
        synthetic.filter(pk__gt=done)
        .values_list("pk", "kind", "status", "start_date", "end_date", "lead_department_id")
        .order_by("pk")
    )
    fundings, receipts, decisions, applied = [], [], [], []
    now = dt.datetime.now(dt.UTC)
    count = 0
    for pid, kind, status, start, end, department in projects.iterator(chunk_size=5000):
        count += 1
        if status != "idea":
            sent = start - dt.timedelta(days=rng.randint(60, 240))
            applied.append((min(sent, today - dt.timedelta(days=rng.randint(0, 90))), pid))
        if rng.random() < (0.9 if kind == "eu_project" else 0.25):
            # A programme open in the start year; with none (a gap between periods), none named.
            open_then = [p.pk for p in eu_programmes if p.covers_year(start.year)]
            programme = rng.choice(open_then) if open_then else None
            euros = rng.randrange(10_000, 500_000, 500)
            fundings.append((pid, "eu_grant", programme, None, euros, "EUR", 11, None, None))
            paid_until = min(end, today)
            if status in STARTED and paid_until >= start:
                days = (paid_until - start).days
                for share in rng.sample([0.4, 0.3, 0.2], k=rng.randint(1, 3)):
                    paid_on = start + dt.timedelta(days=rng.randint(0, days))
                    receipts.append(
                        (pid, paid_on, "eu_grant", programme, int(euros * share), "EUR", 11)
                    )
        cofinancing = 0
        if rng.random() < 0.5:
            money = rng.randrange(10_000, 500_000, 1000)
            fundings.append((pid, "municipal_money", None, None, money, "SEK", 1, None, None))
            cofinancing += money
        if rng.random() < 0.5:
            hours = rng.randint(20, 800)
            rate = rates.get(start.year)
            if rate is not None and rng.random() < 0.5:  # hours only, valued at the rate
                value = hours * rate.hourly_rate_sek
                fundings.append(
                    (pid, "municipal_staff_time", None, hours, None, "SEK", 1, value, rate.pk)
                )
                cofinancing += value
            else:
                fundings.append(
                    (pid, "municipal_staff_time", None, hours, hours * 450, "SEK", 1, None, None)
                )
                cofinancing += hours * 450
        if cofinancing and status in GRANTED and rng.random() < 0.8:
            decided = min(start - dt.timedelta(days=rng.randint(20, 120)), today)
            decisions.append(
                (
                    pid,
                    committee_of[department],
                    "committee",
                    decided,
                    f"KS {decided.year}/{pid}",
                    "approved",
                    cofinancing,
                    "",
                    "",
                    "",
                    now,
                )
            )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO finance_funding (project_id, source, programme_id, staff_hours, amount, "
            "currency, exchange_rate, staff_time_value_sek, staff_time_rate_id, note) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, '')",
            fundings,
        )
        cursor.executemany(
            "INSERT INTO finance_receipt (project_id, received_on, source, programme_id, amount, "
            "currency, exchange_rate, note, void_reason) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, '', '')",
            receipts,
        )
        cursor.executemany(
            "INSERT INTO governance_decision (project_id, committee_id, kind, decided_on, "
            "case_number, outcome, approved_cofinancing_sek, paragraph, conditions, minutes_url, "
            "recorded_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            decisions,
        )
        cursor.executemany("UPDATE projects_project SET applied_on = %s WHERE id = %s", applied)
    if connection.vendor == "postgresql":
        # The update above leaves a dead row per project: vacuum now, or autovacuum does it
        # while the report is being timed, on the same two cores.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return count
