"""Example projects, invented so that search, filters and reports have something to
show. Every one is flagged `is_example_data` and its title starts with "Exempel:".
Deterministic: the same seed gives the same projects, so loading is idempotent."""

import datetime as dt
import random
from dataclasses import dataclass, field

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


@dataclass
class ExampleProject:
    slug: str
    kind: str
    status: str
    title_sv: str
    title_en: str
    public_summary_sv: str
    public_summary_en: str
    summary_sv: str
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
    receipts_1998_sek: int = 0
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
EU_PROGRAMMES_BY_KIND = {
    "eu_project": ["Interreg", "ESF Mål 3", "Erasmus+"],
    "school_youth_exchange": ["Comenius", "Erasmus+", "Ungdomsprogrammet (EU)", "Nordplus"],
    "knowledge_cooperation": ["Interreg", "Erasmus+", "ICLD kommunala partnerskap (Sida)"],
    "study_visit": [OWN_FUNDS],
}


def _status_for(start: dt.date, end: dt.date | None, today: dt.date, rng: random.Random) -> str:
    if start > today:
        return rng.choice(["idea", "application", "application", "approved"])
    if end is None or end >= today:
        return "ongoing"
    return rng.choice(["completed", "final_report_done", "final_report_done"])


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """Split a whole-krona total into `parts` positive amounts that sum to it exactly."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = total / sum(weights)
    amounts = [int(round(w * scale, -3)) for w in weights]
    amounts[-1] += total - sum(amounts)
    return amounts


def _project(rng, index, topic, start, end, status, **overrides) -> ExampleProject:
    topic_sv, topic_en, themes, groups, kind = topic
    kind = overrides.pop("kind", kind)
    department = DEPARTMENT_FOR_THEME[themes[0]]
    programme_pool = EU_PROGRAMMES_BY_KIND.get(kind, [OWN_FUNDS])
    programme = rng.choice(programme_pool)
    partners = rng.sample(PARTNER_POOL, k=rng.randint(1, 3))
    participants = rng.randint(8, 120) if kind != "network_membership" else None
    young = (
        rng.randint(participants // 2, participants)
        if participants and ("ungdomar" in groups or "elever" in groups)
        else None
    )
    budget = rng.randrange(150_000, 6_000_000, 50_000)
    is_eu_programme = programme not in (OWN_FUNDS, "Nordplus", "ICLD kommunala partnerskap (Sida)")
    project = ExampleProject(
        slug=f"exempel-{index:03d}",
        kind=kind,
        status=status,
        title_sv=f"Exempel: {topic_sv} {start.year}",
        title_en=f"Example: {topic_en} {start.year}",
        public_summary_sv=(
            f"Exempelprojekt om {topic_sv.lower()} där Ale samarbetar med partner i "
            f"{len(partners)} {'land' if len(partners) == 1 else 'länder'}. Projektet är "
            "påhittat för att visa hur projektdatabasen fungerar."
        ),
        public_summary_en=(
            f"Example project on {topic_en.lower()} in which Ale works with partners abroad. "
            "It is invented to show how the project database works."
        ),
        summary_sv="Intern beskrivning (exempeldata): budgetavstämning och bemanning.",
        department=department,
        role=rng.choice(["owner", "partner", "partner", "participant"]),
        start=start,
        end=end,
        programmes=[programme],
        themes=themes,
        target_groups=groups,
        orientations=rng.sample([(1, n) for n in range(1, 7)], k=2),
        partners=[(p[0], "lead" if i == 0 else "partner") for i, p in enumerate(partners)],
        participants=participants,
        young_participants=young,
        total_budget_sek=budget,
        eu_grants=[(programme, budget * 6 // 10)] if is_eu_programme else [],
        municipal_money_sek=budget // 10 if rng.random() < 0.5 else 0,
        staff_hours=rng.choice([0, 0, 120, 400, 800]),
        is_published=status not in ("idea",) and rng.random() > 0.1,
        source_note="Exempeldata.",
    )
    for key, value in overrides.items():
        setattr(project, key, value)
    return project


def example_projects(today: dt.date, seed: int = 2006) -> list[ExampleProject]:
    rng = random.Random(seed)  # noqa: S311 - reproducible example data, not security
    projects = []
    # The strategy's 1998 figure: twenty EU projects receiving 8 MSEK that year.
    amounts = _split(ale.EU_1998_TOTAL_SEK, ale.EU_1998_PROJECT_COUNT, rng)
    eu_topics = [t for t in TOPICS if t[4] in ("eu_project", "knowledge_cooperation")]
    for i, received in enumerate(amounts):
        start = dt.date(rng.choice([1996, 1997, 1998]), rng.choice([1, 4, 9]), 1)
        end = dt.date(rng.choice([1998, 1999, 2000]), 12, 31)
        topic = eu_topics[i % len(eu_topics)]
        programme = rng.choice(["Interreg", "ESF Mål 3", "Leonardo da Vinci"])
        projects.append(
            _project(
                rng,
                i + 1,
                topic,
                start,
                end,
                "final_report_done",
                kind="eu_project",
                programmes=[programme],
                eu_grants=[(programme, received)],
                total_budget_sek=received * 2,
                receipts_1998_sek=received,
                is_published=True,
                source_note=ale.EU_1998_NOTE,
            )
        )
    # Forty projects spread from 2000 to two years ahead.
    for i in range(40):
        topic = TOPICS[i % len(TOPICS)]
        start = dt.date(rng.randint(2000, today.year + 1), rng.choice([1, 3, 8, 9]), 1)
        end = (
            None
            if rng.random() < 0.1
            else dt.date(start.year + rng.randint(0, 3), rng.choice([6, 12]), 30)
        )
        if end is not None and end < start:
            end = dt.date(start.year, 12, 31)
        status = _status_for(start, end, today, rng)
        projects.append(_project(rng, 100 + i, topic, start, end, status))
    # "Ett flertal EU-projekt har genomförts mellan vänorterna" (Bertinoro).
    projects.append(
        _project(
            rng,
            200,
            TOPICS[7],
            dt.date(2003, 1, 1),
            dt.date(2004, 12, 31),
            "final_report_done",
            kind="eu_project",
            partners=[("Bertinoro", "partner")],
            title_sv="Exempel: Gemensamt kulturprojekt med Bertinoro",
            title_en="Example: Joint cultural project with Bertinoro",
            orientations=[(2, 2)],
            source_note=ale.STRATEGY_SOURCE
            + " nämner flera EU-projekt med Bertinoro; detta är ett "
            "exempel.",
        )
    )
    return projects
