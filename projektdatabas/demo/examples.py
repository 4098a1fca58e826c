"""Example projects, invented so that search, filters and reports have something to
show. Every one is flagged `is_example_data` and its title starts with "Exempel:".
Deterministic: the same seed and day give the same projects, so loading is idempotent.

They keep the rules the real ones must: each starts within its programme's period, no two
share a title, statuses follow the day they are loaded on (nothing ongoing past its end),
and a finished report has results. Two are made on purpose: one project started without
the decision it needs, for the report and the compliance page to show, and one approved
project about to start, whose decision falls in the current half-year."""

import calendar
import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import translation
from django_countries import countries

from . import ale

# (Swedish topic, English topic, theme slugs, target group slugs, kind)
TOPICS = [
    (
        "Turism längs Göta älv",
        "Tourism along the Göta river",
        ["turism", "naringsliv"],
        ["foretagare"],
        "eu_project",
    ),
    (
        "Kompetensutveckling i äldreomsorgen",
        "Skills development in elderly care",
        ["vard-omsorg"],
        ["personal"],
        "eu_project",
    ),
    (
        "Unga ledare i Europa",
        "Young leaders in Europe",
        ["barn-unga", "utbildning"],
        ["ungdomar"],
        "school_youth_exchange",
    ),
    (
        "Språkbad för lärare",
        "Language immersion for teachers",
        ["utbildning"],
        ["larare"],
        "school_youth_exchange",
    ),
    (
        "Vägar till jobb för nyanlända",
        "Paths to work for newcomers",
        ["arbetsmarknad", "sysselsattning"],
        ["arbetssokande"],
        "eu_project",
    ),
    (
        "Hållbar dagvattenhantering",
        "Sustainable storm-water management",
        ["miljo"],
        ["personal"],
        "knowledge_cooperation",
    ),
    (
        "Ungt entreprenörskap",
        "Young entrepreneurship",
        ["naringsliv", "barn-unga"],
        ["ungdomar", "elever"],
        "eu_project",
    ),
    (
        "Kulturarv vid älven",
        "Cultural heritage by the river",
        ["kultur", "turism"],
        ["invanare", "foreningar"],
        "eu_project",
    ),
    (
        "Digital skola",
        "Digital school",
        ["utbildning"],
        ["elever", "larare"],
        "school_youth_exchange",
    ),
    (
        "Studiebesök om mottagande",
        "Study visit on reception of newcomers",
        ["arbetsmarknad"],
        ["personal", "fortroendevalda"],
        "study_visit",
    ),
    (
        "Idrott utan gränser",
        "Sport without borders",
        ["barn-unga", "kultur"],
        ["ungdomar", "foreningar"],
        "school_youth_exchange",
    ),
    (
        "Energieffektiva fastigheter",
        "Energy-efficient buildings",
        ["miljo"],
        ["personal"],
        "knowledge_cooperation",
    ),
    (
        "Lärlingar i Europa",
        "Apprentices in Europe",
        ["utbildning", "arbetsmarknad"],
        ["ungdomar", "elever"],
        "school_youth_exchange",
    ),
    (
        "Demokrati och ungas inflytande",
        "Democracy and young people's influence",
        ["barn-unga"],
        ["ungdomar"],
        "school_youth_exchange",
    ),
    (
        "Politikerutbyte om välfärd",
        "Exchange of elected officials on welfare",
        ["vard-omsorg"],
        ["fortroendevalda"],
        "study_visit",
    ),
    ("Småföretag på export", "Small firms exporting", ["naringsliv"], ["foretagare"], "eu_project"),
    (
        "Mat och landsbygd",
        "Food and the countryside",
        ["naringsliv", "miljo"],
        ["foretagare"],
        "eu_project",
    ),
    (
        "Läsfrämjande bibliotek",
        "Libraries promoting reading",
        ["kultur", "utbildning"],
        ["invanare", "ungdomar"],
        "knowledge_cooperation",
    ),
    (
        "Hemtjänst i glesbygd",
        "Home care in sparsely populated areas",
        ["vard-omsorg"],
        ["personal"],
        "knowledge_cooperation",
    ),
    (
        "Ungdomsarbetslöshet",
        "Youth unemployment",
        ["arbetsmarknad", "barn-unga"],
        ["ungdomar", "arbetssokande"],
        "eu_project",
    ),
]

PARTNER_POOL = [
    # (name, kind, country, town)
    ("Tartu linn", "municipality", "EE", "Tartu"),
    ("Gdańsk University of Technology", "university", "PL", "Gdańsk"),
    ("Comune di Forlì", "municipality", "IT", "Forlì"),
    ("Stadt Kassel", "municipality", "DE", "Kassel"),
    ("Oulun kaupunki", "municipality", "FI", "Oulu"),
    ("Aarhus Kommune", "municipality", "DK", "Aarhus"),
    ("Kauno rajono savivaldybė", "municipality", "LT", "Kaunas"),
    ("Ayuntamiento de Valladolid", "municipality", "ES", "Valladolid"),
    ("Göteborgs universitet", "university", "SE", "Göteborg"),
    ("Högskolan Väst", "university", "SE", "Trollhättan"),
    ("Europe Direct Västra Götaland", "eu_body", "SE", "Göteborg"),
    ("Riga City Council", "municipality", "LV", "Riga"),
]

OWN_FUNDS = "Egna medel"
NON_EU_PROGRAMMES = {name for name, is_eu, *_rest in ale.PROGRAMMES if not is_eu}

# A project has a period: only one that has just begun may still lack its end date (a
# twin-town exchange or a network membership, none of them invented here, goes on until
# it ends).
OPEN_END_AT_MOST_YEARS = 2

# The one deliberate breach of the decision rule (see breach_project).
BREACH_SLUG = "exempel-startat-utan-beslut"

RESULTS_SV = "Exempel: projektet genomfördes enligt plan och slutrapporten har lämnats in."
RESULTS_EN = "Example: the project was carried out as planned and its final report submitted."
PAYMENT_NOTE = "Exempeldata: utbetalningens datum och belopp är påhittade."


@dataclass
class ExampleProject:
    slug: str
    kind: str
    status: str
    title_sv: str
    title_en: str
    public_summary_sv: str
    public_summary_en: str
    internal_description_sv: str
    department: str
    role: str
    start: dt.date
    end: dt.date | None
    programmes: list[str]
    themes: list[str]
    target_groups: list[str]
    orientations: list[tuple[int, int]]
    partners: list[tuple[str, str]]
    participants: int | None
    young_participants: int | None
    total_budget_sek: int | None
    eu_grants: list[tuple[str, int]] = field(default_factory=list)
    municipal_money_sek: int = 0
    staff_hours: int = 0
    # EU payments received: (date, programme, amount, note). With `eu_received` the loader
    # derives them from the grants instead (`payments`), each with `receipt_note`.
    receipts: list[tuple[dt.date, str, int, str]] = field(default_factory=list)
    eu_received: bool = False
    receipt_note: str = PAYMENT_NOTE
    applied_on: dt.date | None = None
    results_sv: str = ""
    results_en: str = ""
    is_published: bool = True
    source_note: str = ""


DEPARTMENT_FOR_THEME = {
    "turism": "Kommunstyrelseförvaltningen",
    "naringsliv": "Kommunstyrelseförvaltningen",
    "vard-omsorg": "Omsorgs- och arbetsmarknadsförvaltningen",
    "arbetsmarknad": "Arbetsmarknadsenheten",
    "sysselsattning": "Arbetsmarknadsenheten",
    "utbildning": "Utbildningsförvaltningen",
    "barn-unga": "Grundskolan",
    "kultur": "Kultur- och fritidsförvaltningen",
    "miljo": "Samhällsbyggnadsförvaltningen",
}
INTERREG = ["Interreg II", "Interreg III", "Interreg IV", "Interreg V", "Interreg VI"]
ESF = [
    "ESF Mål 3 (1995–1999)",
    "ESF Mål 3 (2000–2006)",
    "ESF, nationella programmet 2007–2013",
    "ESF, nationella programmet 2014–2020",
    "ESF+ 2021–2027",
]
# Each kind's programmes over the years; a project draws from those running when it starts.
PROGRAMMES_BY_KIND = {
    "eu_project": [*INTERREG, *ESF, "EQUAL", "Erasmus+"],
    "school_youth_exchange": [
        "Comenius",
        "Ungdomsprogrammet (EU)",
        "Ung och aktiv i Europa",
        "Erasmus+",
        "Nordplus",
    ],
    "knowledge_cooperation": [
        *INTERREG,
        "Leonardo da Vinci",
        "Erasmus+",
        "ICLD kommunala partnerskap (Sida)",
    ],
    "study_visit": [OWN_FUNDS],
}


def programme_for(kind: str, year: int, rng: random.Random) -> str:
    running = [
        name
        for name in PROGRAMMES_BY_KIND.get(kind, [OWN_FUNDS])
        if ale.programme_covers(name, year)
    ]
    return rng.choice(running or [OWN_FUNDS])


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _status_for(start: dt.date, end: dt.date | None, today: dt.date, rng: random.Random) -> str:
    if start > today:
        return rng.choice(["idea", "application", "application", "approved"])
    if end is None or end >= today:
        return "ongoing"
    return rng.choice(["completed", "final_report_done", "final_report_done"])


def _split(total: int, weights: list[float]) -> list[int]:
    """Split a whole-krona total by `weights` into thousands that sum to it exactly."""
    scale = total / sum(weights)
    amounts = [int(round(w * scale, -3)) for w in weights]
    amounts[-1] += total - sum(amounts)
    return amounts


def payments(
    total: int, start: dt.date, end: dt.date | None, today: dt.date
) -> list[tuple[dt.date, int]]:
    """An example schedule for an EU grant: an advance a month after the start, a payment
    each autumn, the rest four months after the end; only those due by `today`. A project
    without an end is taken to run three years."""
    last = end or _month_end(start.year + 2, 12)
    dates = [start + dt.timedelta(days=30)]
    dates += [dt.date(year, 9, 30) for year in range(start.year + 1, last.year + 1)]
    dates.append(last + dt.timedelta(days=120))
    weights = [3.0] + [2.0] * (len(dates) - 2) + [1.0]
    return [
        (day, amount)
        for day, amount in zip(dates, _split(total, weights), strict=True)
        if day <= today
    ]


def _lower_first(topic: str) -> str:
    """ "Turism längs Göta älv" → "turism längs Göta älv": a name keeps its capitals."""
    return topic[:1].lower() + topic[1:]


def _countries(partners, language: str) -> str:
    """The partners' countries by name ("Estland, Polen och Sverige"), so that the summary
    says what the project's partner list shows: a count of partners read as a count of
    countries, and two partners in one country made it disagree."""
    with translation.override(language):
        names = sorted({str(countries.name(p[2])) for p in partners})
    last = " och " if language == "sv" else " and "
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + last + names[-1]


def _project(rng, index, topic, start, end, status, today, **overrides) -> ExampleProject:
    topic_sv, topic_en, themes, groups, kind = topic
    kind = overrides.pop("kind", kind)
    department = DEPARTMENT_FOR_THEME[themes[0]]
    programme = overrides.pop("programme", None) or programme_for(kind, start.year, rng)
    partners = rng.sample(PARTNER_POOL, k=rng.randint(1, 3))
    participants = rng.randint(8, 120) if kind != "network_membership" else None
    young = (
        rng.randint(participants // 2, participants)
        if participants and ("ungdomar" in groups or "elever" in groups)
        else None
    )
    budget = rng.randrange(150_000, 6_000_000, 50_000)
    role = rng.choice(["owner", "partner", "partner", "participant"])
    is_eu_programme = programme not in NON_EU_PROGRAMMES
    started = status not in ("idea", "application", "approved")
    project = ExampleProject(
        slug=f"exempel-{index:03d}",
        kind=kind,
        status=status,
        title_sv=f"Exempel: {topic_sv} {start.year}",
        title_en=f"Example: {topic_en} {start.year}",
        public_summary_sv=(
            f"Exempelprojekt om {_lower_first(topic_sv)} där Ale samarbetar med partner i "
            f"{_countries(partners, 'sv')}. Projektet är påhittat för att visa hur "
            "projektdatabasen fungerar."
        ),
        public_summary_en=(
            f"Example project on {_lower_first(topic_en)} in which Ale works with partners in "
            f"{_countries(partners, 'en')}. It is invented to show how the project database "
            "works."
        ),
        internal_description_sv="Intern beskrivning (exempeldata): budgetavstämning och bemanning.",
        department=department,
        role=role,
        start=start,
        end=end,
        programmes=[programme],
        themes=themes,
        target_groups=groups,
        orientations=rng.sample([(1, n) for n in range(1, 7)], k=2),
        # One lead: the municipality when it owns the project, else the first partner.
        partners=[
            (p[0], "lead" if i == 0 and role != "owner" else "partner")
            for i, p in enumerate(partners)
        ],
        participants=participants,
        young_participants=young,
        total_budget_sek=budget,
        eu_grants=[(programme, budget * 6 // 10)] if is_eu_programme else [],
        eu_received=is_eu_programme and started,
        municipal_money_sek=budget // 10 if rng.random() < 0.5 else 0,
        staff_hours=rng.choice([0, 0, 120, 400, 800]),
        is_published=status not in ("idea",) and rng.random() > 0.1,
        source_note="Exempeldata.",
    )
    if programme != OWN_FUNDS and status != "idea":
        # Applications go in some months before the start (and never after today).
        project.applied_on = min(start - dt.timedelta(days=150), today - dt.timedelta(days=14))
    if status == "final_report_done":
        project.results_sv, project.results_en = RESULTS_SV, RESULTS_EN
    for key, value in overrides.items():
        setattr(project, key, value)
    return project


def _free_topic(topics, first: int, year: int, used: set[str]):
    """The first topic from position `first` on whose title in `year` is not yet taken: two
    projects with one title cannot be told apart in a list or a report."""
    for offset in range(len(topics)):
        topic = topics[(first + offset) % len(topics)]
        title = f"Exempel: {topic[0]} {year}"
        if title not in used:
            used.add(title)
            return topic
    raise ValueError(f"No free example topic left for {year}.")


def breach_project(today: dt.date) -> ExampleProject:
    """The one deliberate breach of the strategy's decision rule: co-financed, started a
    few months ago, and no decision. The report and the compliance page exist to show such
    projects, so the demo has one, and says so."""
    start = (today.replace(day=1) - dt.timedelta(days=45)).replace(day=1)
    end = _month_end(start.year + 1, 6)
    note = (
        "Exempeldata: ett medvetet exempel på ett projekt som har startat utan det beslut om "
        "kommunal medfinansiering som strategin kräver. Det ska synas i halvårsrapporten och "
        "under Efterlevnad."
    )
    return ExampleProject(
        slug=BREACH_SLUG,
        kind="school_youth_exchange",
        status="ongoing",
        title_sv="Exempel: Ungdomsutbyte med Kaufungen, startat utan beslut",
        title_en="Example: Youth exchange with Kaufungen, started without a decision",
        public_summary_sv=(
            "Exempelprojekt: ungdomar från Ale och vänorten Kaufungen möts kring musik och "
            "idrott. Projektet är påhittat för att visa hur projektdatabasen fungerar."
        ),
        public_summary_en=(
            "Example project: young people from Ale and its twin town Kaufungen meet around "
            "music and sport. It is invented to show how the project database works."
        ),
        internal_description_sv=note,
        department="Kultur- och fritidsförvaltningen",
        role="partner",
        start=start,
        end=end,
        programmes=[OWN_FUNDS],
        themes=["barn-unga", "kultur"],
        target_groups=["ungdomar", "foreningar"],
        orientations=[(1, 6), (2, 5)],
        partners=[("Kaufungen", "partner")],
        participants=24,
        young_participants=20,
        total_budget_sek=90_000,
        municipal_money_sek=45_000,
        staff_hours=60,
        # The note is for staff; the public page's source line says only what the others say.
        source_note="Exempeldata.",
    )


# "I kommunens budget avsätts medel för vänortsarbete och förberedande av internationella
# projekt": the strategy says the money is set aside, not how much. Per year:
# (purpose, amount, [(month, day, amount, what for)]).
ALLOCATIONS = [
    (
        "twinning",
        150_000,
        [
            (3, 18, 42_000, "Exempel: Kaufungens kommunledning besöker Ale"),
            (9, 22, 55_000, "Exempel: Resa till Bertinoro med kultur- och föreningsliv"),
        ],
    ),
    (
        "project_preparation",
        200_000,
        [
            (2, 10, 60_000, "Exempel: Stöd att skriva en Interreg-ansökan"),
            (10, 6, 25_000, "Exempel: Partnermöte inför en Erasmus+-ansökan"),
        ],
    ),
]


# The visits the twin-town money above paid for, in the twinnings' timelines: the report
# had counted "Händelser i vänortssamarbetet: 0" beside 42 000 kr spent on one.
# (twin town, month, day, title in Swedish, title in English)
TWINNING_VISITS = [
    (
        "Kaufungen",
        3,
        18,
        "Exempel: Kaufungens kommunledning besöker Ale",
        "Example: Kaufungen's municipal leadership visits Ale",
    ),
    (
        "Bertinoro",
        9,
        22,
        "Exempel: Kultur- och föreningsliv från Ale reser till Bertinoro",
        "Example: Ale's cultural life and associations travel to Bertinoro",
    ),
]


def upcoming_project(today: dt.date) -> ExampleProject:
    """A project about to start, approved and decided a few days ago: the half-year's
    report then has a decision of its own to show, whatever day the demo is loaded."""
    start = (today.replace(day=1) + dt.timedelta(days=62)).replace(day=1)
    return ExampleProject(
        slug="exempel-elevutbyte-bertinoro",
        kind="school_youth_exchange",
        status="approved",
        title_sv=f"Exempel: Elevutbyte med Bertinoro {start.year}",
        title_en=f"Example: Pupil exchange with Bertinoro {start.year}",
        public_summary_sv=(
            "Exempelprojekt: elever från Ale gymnasium och Bertinoro besöker varandras skolor. "
            "Projektet är påhittat för att visa hur projektdatabasen fungerar."
        ),
        public_summary_en=(
            "Example project: pupils from Ale gymnasium and Bertinoro visit each other's "
            "schools. It is invented to show how the project database works."
        ),
        internal_description_sv=(
            "Intern beskrivning (exempeldata): beviljat och beslutat, startar snart."
        ),
        department="Ale gymnasium",
        role="partner",
        start=start,
        end=_month_end(start.year + 1, 6),
        programmes=["Erasmus+"] if ale.programme_covers("Erasmus+", start.year) else [OWN_FUNDS],
        themes=["utbildning", "barn-unga"],
        target_groups=["elever", "ungdomar"],
        orientations=[(1, 6), (2, 2)],
        partners=[("Bertinoro", "partner")],
        participants=30,
        young_participants=28,
        total_budget_sek=400_000,
        municipal_money_sek=60_000,
        staff_hours=100,
        applied_on=today - dt.timedelta(days=120),
        source_note="Exempeldata.",
    )


def example_projects(today: dt.date, seed: int = 2006) -> list[ExampleProject]:
    rng = random.Random(seed)  # noqa: S311 - reproducible example data, not security
    projects = []
    used_titles: set[str] = set()
    # The strategy's 1998 figure: twenty EU projects receiving 8 MSEK that year.
    weights = [rng.uniform(0.5, 1.5) for _ in range(ale.EU_1998_PROJECT_COUNT)]
    amounts = _split(ale.EU_1998_TOTAL_SEK, weights)
    eu_topics = [t for t in TOPICS if t[4] in ("eu_project", "knowledge_cooperation")]
    for i, received in enumerate(amounts):
        start = dt.date(rng.choice([1996, 1997, 1998]), rng.choice([1, 4, 9]), 1)
        end = dt.date(rng.choice([1998, 1999, 2000]), 12, 31)
        topic = _free_topic(eu_topics, i, start.year, used_titles)
        programme = rng.choice(ale.EU_1998_PROGRAMMES)
        # The 1998 payment is the strategy's figure; the projects also ran in other years,
        # and what they received then is an example.
        receipts = [(dt.date(1998, 11, 30), programme, received, ale.EU_1998_NOTE)]
        receipts += [
            (dt.date(year, 9, 30), programme, int(round(received * 0.4, -3)), PAYMENT_NOTE)
            for year in range(start.year, end.year + 1)
            if year != 1998 and dt.date(year, 9, 30) >= start
        ]
        projects.append(
            _project(
                rng,
                i + 1,
                topic,
                start,
                end,
                "final_report_done",
                today,
                kind="eu_project",
                programme=programme,
                eu_grants=[(programme, sum(amount for *_, amount, _note in receipts))],
                eu_received=False,
                receipts=receipts,
                total_budget_sek=received * 3,
                is_published=True,
                source_note=ale.EU_1998_NOTE,
            )
        )
    # Forty projects spread from 2000 to two years ahead.
    for i in range(40):
        start = dt.date(rng.randint(2000, today.year + 1), rng.choice([1, 3, 8, 9]), 1)
        open_ended = rng.random() < 0.1
        end = _month_end(start.year + rng.randint(0, 3), rng.choice([6, 12]))
        if end < start:
            end = _month_end(start.year, 12)
        if open_ended and start.year >= today.year - OPEN_END_AT_MOST_YEARS:
            end = None
        status = _status_for(start, end, today, rng)
        topic = _free_topic(TOPICS, i, start.year, used_titles)
        projects.append(_project(rng, 100 + i, topic, start, end, status, today))
    # "Ett flertal EU-projekt har genomförts mellan vänorterna" (Bertinoro).
    projects.append(
        _project(
            rng,
            200,
            TOPICS[7],
            dt.date(2003, 1, 1),
            dt.date(2004, 12, 31),
            "final_report_done",
            today,
            kind="eu_project",
            programme="Interreg III",
            partners=[("Bertinoro", "partner")],
            public_summary_sv=(
                "Exempelprojekt om kultur där Ale samarbetar med vänorten Bertinoro i Italien. "
                "Projektet är påhittat för att visa hur projektdatabasen fungerar."
            ),
            public_summary_en=(
                "Example project on culture in which Ale works with its twin town Bertinoro "
                "in Italy. It is invented to show how the project database works."
            ),
            title_sv="Exempel: Gemensamt kulturprojekt med Bertinoro",
            title_en="Example: Joint cultural project with Bertinoro",
            orientations=[(2, 2)],
            source_note=ale.STRATEGY_SOURCE
            + " nämner flera EU-projekt med Bertinoro; detta är ett "
            "exempel.",
        )
    )
    projects.append(breach_project(today))
    projects.append(upcoming_project(today))
    return projects
