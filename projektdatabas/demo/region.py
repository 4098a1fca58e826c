"""A regional installation to show: Göteborgsregionen holding Ale and two of its
neighbours, Kungälv and Lilla Edet, each with its own site (/kungalv/, /lilla-edet/), colour
and logo, and a handful of projects.

Only the names, the region they belong to and their websites are facts. Everything else is
example data, said as such: the projects are flagged `is_example_data` and their titles and
summaries start with "Exempel:", the committees and departments are illustrative, the
coordinator addresses are at example.org, the logos are drawn here with "EXEMPEL" in them,
and no organisation number is given (the field stays blank rather than invented)."""

import datetime as dt
import io

from PIL import Image, ImageDraw, ImageFont

from projektdatabas.news.images import prepare_image
from projektdatabas.organisations.models import Committee, Department, Municipality, Region
from projektdatabas.public.models import SiteLogo

from .examples import RESULTS_EN, RESULTS_SV

# The address is an example, as every contact in the demo is.
REGION = {"slug": "gr", "name": "Göteborgsregionen", "contact_email": "region@example.se"}

RECEIPT_NOTE = "Exempeldata: utbetalningens datum och belopp är påhittade."


def _projects(prefix: str, today: dt.date, rows) -> list[dict]:
    """Project data for the demo loader, dated from the loading day so that each status
    stays true on whatever day the demo is loaded (nothing ongoing past its end)."""
    periods = {
        # status: (start, end) in days from today
        "idea": (None, None),
        "application": (200, 900),
        "approved": (60, 700),
        "ongoing": (-400, 300),
        "completed": (-1100, -200),
        "final_report_done": (-1900, -800),
    }
    projects = []
    for slug, status, kind, title_sv, title_en, themes, groups, partners, extra in rows:
        start, end = periods[status]
        data = {
            "slug": f"exempel-{prefix}-{slug}",
            "status": status,
            "kind": kind,
            "title_sv": f"Exempel: {title_sv}",
            "title_en": f"Example: {title_en}",
            "public_summary_sv": f"Exempel: ett påhittat projekt för demonstrationen – {title_sv}.",
            "public_summary_en": f"Example: a project invented for the demo – {title_en}.",
            "start": today + dt.timedelta(days=start) if start is not None else None,
            "end": today + dt.timedelta(days=end) if end is not None else None,
            "themes": themes,
            "target_groups": groups,
            "partners": partners,
            "source_note": "Exempeldata: projektet är påhittat för demonstrationen.",
            **extra,
        }
        if status == "final_report_done":
            data |= {"results_sv": RESULTS_SV, "results_en": RESULTS_EN}
        if status == "application":
            data["applied_on"] = today - dt.timedelta(days=30)
        if data.get("eu_received"):
            data["receipt_note"] = RECEIPT_NOTE
        projects.append(data)
    return projects


def _kungalv(today):
    return _projects(
        "kungalv",
        today,
        [
            (
                "fastningsstaden",
                "ongoing",
                "eu_project",
                "Fästningsstaden som besöksmål",
                "The fortress town as a destination",
                ["turism", "kultur"],
                ["foretagare", "invanare"],
                [("Comune di Forlì", "partner"), ("Aarhus Kommune", "partner")],
                {
                    "department": "Sektor samhällsbyggnad",
                    "role": "owner",
                    "programmes": ["Erasmus+"],
                    "eu_grants": [("Erasmus+", 480_000)],
                    "municipal_money_sek": 120_000,
                    "total_budget_sek": 650_000,
                },
            ),
            (
                "elevutbyte-tartu",
                "completed",
                "school_youth_exchange",
                "Elevutbyte med Tartu",
                "Pupil exchange with Tartu",
                ["utbildning", "barn-unga"],
                ["elever", "larare"],
                [("Tartu linn", "partner")],
                {
                    "department": "Sektor lärande",
                    "role": "partner",
                    "programmes": ["Erasmus+"],
                    "eu_grants": [("Erasmus+", 210_000)],
                    "eu_received": True,
                    "total_budget_sek": 240_000,
                    "participants": 36,
                    "young_participants": 30,
                },
            ),
            (
                "kustnara-klimat",
                "final_report_done",
                "knowledge_cooperation",
                "Kustnära klimatanpassning",
                "Coastal climate adaptation",
                ["miljo"],
                ["personal"],
                [("Oulun kaupunki", "partner"), ("Riga City Council", "partner")],
                {
                    "department": "Sektor samhällsbyggnad",
                    "role": "participant",
                    "programmes": ["Egna medel"],
                },
            ),
            (
                "unga-foretagare",
                "application",
                "eu_project",
                "Unga företagare i Norden",
                "Young entrepreneurs in the Nordic countries",
                ["naringsliv", "barn-unga"],
                ["ungdomar", "foretagare"],
                [("Aarhus Kommune", "lead")],
                {
                    "department": "Sektor samhällsbyggnad",
                    "role": "partner",
                    "programmes": ["Nordplus"],
                    "total_budget_sek": 300_000,
                },
            ),
            (
                "studiebesok-kassel",
                "idea",
                "study_visit",
                "Studiebesök om äldreomsorg i Kassel",
                "Study visit on elderly care in Kassel",
                ["vard-omsorg"],
                ["personal"],
                [("Stadt Kassel", "partner")],
                {"department": "Sektor omsorg", "role": "owner", "is_published": False},
            ),
        ],
    )


def _lilla_edet(today):
    return _projects(
        "lilla-edet",
        today,
        [
            (
                "alvens-kulturarv",
                "ongoing",
                "eu_project",
                "Kulturarv längs Göta älv i Lilla Edet",
                "Cultural heritage along the Göta river in Lilla Edet",
                ["kultur", "turism"],
                ["foreningar", "invanare"],
                [("Kauno rajono savivaldybė", "partner")],
                {
                    "department": "Kultur- och fritidsförvaltningen",
                    "role": "owner",
                    "programmes": ["Erasmus+"],
                    "eu_grants": [("Erasmus+", 350_000)],
                    "municipal_money_sek": 80_000,
                    "total_budget_sek": 460_000,
                },
            ),
            (
                "vagar-till-arbete",
                "completed",
                "eu_project",
                "Vägar till arbete i Lilla Edet",
                "Paths to work in Lilla Edet",
                ["arbetsmarknad", "sysselsattning"],
                ["arbetssokande"],
                [("Ayuntamiento de Valladolid", "partner")],
                {
                    "department": "Arbetsmarknadsenheten",
                    "role": "owner",
                    "programmes": ["Erasmus+"],
                    "eu_grants": [("Erasmus+", 620_000)],
                    "eu_received": True,
                    "municipal_money_sek": 150_000,
                    "total_budget_sek": 800_000,
                    "participants": 24,
                    "young_participants": 9,
                },
            ),
            (
                "digital-larare",
                "approved",
                "school_youth_exchange",
                "Digitala verktyg för lärare",
                "Digital tools for teachers",
                ["utbildning"],
                ["larare"],
                [("Gdańsk University of Technology", "partner")],
                {
                    "department": "Utbildningsförvaltningen",
                    "role": "partner",
                    "programmes": ["Nordplus"],
                    "total_budget_sek": 90_000,
                },
            ),
            (
                "dagvatten-natverk",
                "ongoing",
                "network_membership",
                "Nätverk för dagvatten i små kommuner",
                "Network for storm water in small municipalities",
                ["miljo"],
                ["personal"],
                [("Högskolan Väst", "partner"), ("Oulun kaupunki", "partner")],
                {"department": "Samhällsbyggnadsförvaltningen", "role": "participant"},
            ),
        ],
    )


NEIGHBOURS = [
    {
        "municipality": {
            "slug": "kungalv",
            "name": "Kungälvs kommun",
            "county": "Västra Götalands län",
            "website": "https://www.kungalv.se/",
            "coordinator_email": "internationell.samordnare@kungalv.example.org",
            "brand_colour": "#1d4f91",
        },
        "initials": "K",
        "committees": [
            ("Kommunstyrelsen", "KS", True),
            ("Barn- och utbildningsnämnden", "BUN", False),
            ("Samhällsbyggnadsnämnden", "SBN", False),
            ("Omsorgsnämnden", "ON", False),
        ],
        "departments": [
            ("Sektor samhällsbyggnad", "SBN"),
            ("Sektor lärande", "BUN"),
            ("Sektor omsorg", "ON"),
        ],
        "projects": _kungalv,
    },
    {
        "municipality": {
            "slug": "lilla-edet",
            "name": "Lilla Edets kommun",
            "county": "Västra Götalands län",
            "website": "https://www.lillaedet.se/",
            "coordinator_email": "internationell.samordnare@lilla-edet.example.org",
            "brand_colour": "#7a2e3a",
        },
        "initials": "LE",
        "committees": [
            ("Kommunstyrelsen", "KS", True),
            ("Utbildningsnämnden", "UN", False),
            ("Kultur- och fritidsnämnden", "KFN", False),
            ("Omsorgsnämnden", "ON", False),
        ],
        "departments": [
            ("Kultur- och fritidsförvaltningen", "KFN"),
            ("Arbetsmarknadsenheten", "ON"),
            ("Utbildningsförvaltningen", "UN"),
            ("Samhällsbyggnadsförvaltningen", "KS"),
        ],
        "projects": _lilla_edet,
    },
]


def example_logo(colour: str, initials: str) -> bytes:
    """A plain PNG logo: the initials on the municipality's colour, "EXEMPEL" beneath, so
    nobody takes it for the municipality's own."""
    image = Image.new("RGB", (160, 160), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, 156, 156), radius=24, fill=colour)
    draw.text((80, 68), initials, fill="white", font=ImageFont.load_default(64), anchor="mm")
    draw.text((80, 128), "EXEMPEL", fill="white", font=ImageFont.load_default(22), anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def load_region(*, ale: Municipality, today: dt.date, add_projects) -> None:
    """The region, Ale in it, and the neighbours with their example projects.
    `add_projects(municipality, departments, projects)` creates the projects as the demo
    loader creates Ale's (once: a second run leaves them as they are)."""
    region, _created = Region.objects.update_or_create(
        slug=REGION["slug"],
        defaults={"name": REGION["name"], "contact_email": REGION["contact_email"]},
    )
    if ale.region_id != region.pk:
        ale.region = region
        ale.save(update_fields=["region"])
    for neighbour in NEIGHBOURS:
        data = neighbour["municipality"]
        municipality, _created = Municipality.objects.update_or_create(
            slug=data["slug"], defaults=data | {"region": region}
        )
        committees = {}
        for name, short, is_board in neighbour["committees"]:
            committees[short], _created = Committee.objects.update_or_create(
                municipality=municipality,
                name=name,
                defaults={"short_name": short, "is_executive_board": is_board},
            )
        departments = {}
        for name, committee in neighbour["departments"]:
            departments[name], _created = Department.objects.update_or_create(
                municipality=municipality, name=name, defaults={"committee": committees[committee]}
            )
        if not SiteLogo.objects.filter(municipality=municipality).exists():
            png = example_logo(data["brand_colour"], neighbour["initials"])
            image = prepare_image(io.BytesIO(png))
            SiteLogo.objects.create(
                municipality=municipality,
                is_example=True,
                **{f: getattr(image, f) for f in ("data", "content_type", "width", "height")},
                sha256=image.sha256,
            )
        add_projects(municipality, departments, neighbour["projects"](today))
