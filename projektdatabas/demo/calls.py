"""Example funding calls for the demo, flagged as example data, with "Exempel" in their
titles and identifiers and dates counted from the loading day: real programmes (Erasmus+,
Interreg Öresund-Kattegat-Skagerrak, Kreativa Europa, CERV, the successor of Europa för
medborgarna), invented calls. Open, forthcoming and closed ones; some sent to departments,
with an answer in each state, and one turned into a project idea. Loading again changes
nothing."""

import datetime as dt

from django.utils import timezone
from django.utils.text import slugify

from projektdatabas.calls.models import Answer, Call, Routing
from projektdatabas.calls.services import _project_from
from projektdatabas.organisations.models import Department
from projektdatabas.projects.models import Programme, Project, Theme

# (days from today it opens, days to its last day, closing time or None)
CALLS = [
    {
        "identifier": "EXEMPEL-ERASMUS-YOUTH-KA152",
        "programme": "Erasmus+",
        "title_sv": "Exempel: Ungdomsutbyten inom Erasmus+",
        "title_en": "Example: Youth exchanges under Erasmus+",
        "opens": -30,
        "closes": 45,
        "time": dt.time(12, 0),
        "budget": 60000,
        "currency": "EUR",
        "link": "https://erasmus-plus.ec.europa.eu/sv/programme-guide/part-b/key-action-1/youth-exchanges",
        "themes": ["barn-unga", "kultur"],
        "departments": ["Kultur- och fritidsförvaltningen", "Utbildningsförvaltningen"],
        "description_sv": (
            "Grupper av unga 13–30 år från minst två länder möts i en till tre veckor kring "
            "ett tema de själva valt. Föreningar och skolor kan söka, gärna med en vänort."
        ),
        "public": True,
        "audience_sv": "Föreningar, fritidsgårdar och skolor med unga 13–30 år",
        "audience_en": "Associations, youth centres and schools with young people aged 13–30",
        # department: (answer, reason)
        "answers": {
            "Utbildningsförvaltningen": (Answer.APPLYING, ""),
            "Kultur- och fritidsförvaltningen": (Answer.PENDING, ""),
        },
    },
    {
        "identifier": "EXEMPEL-INTERREG-OKS-2026-2",
        "programme_name": "Interreg Öresund-Kattegat-Skagerrak",
        "title_sv": "Exempel: Projektansökningar, andra omgången",
        "opens": -10,
        "closes": 80,
        "time": None,
        "budget": 8000000,
        "currency": "EUR",
        "link": "https://interreg-oks.eu/",
        "themes": ["naringsliv", "miljo"],
        "departments": ["Samhällsbyggnadsförvaltningen", "Kommunstyrelseförvaltningen"],
        "description_sv": (
            "Gränsöverskridande samarbete mellan Sverige, Danmark och Norge om grön omställning, "
            "näringsliv och transporter. Kommuner och regioner söker tillsammans."
        ),
        "public": False,
        "answers": {
            "Samhällsbyggnadsförvaltningen": (
                Answer.NOT_APPLYING,
                "Exempel: inga resurser att driva ett projekt i år; vi tittar på nästa omgång.",
            ),
        },
    },
    {
        "identifier": "EXEMPEL-CREA-CULT-COOP",
        "programme_name": "Kreativa Europa",
        "title_sv": "",
        "title_en": "Example: European cooperation projects (Creative Europe)",
        "opens": 20,
        "closes": 120,
        "time": dt.time(17, 0),
        "currency": "EUR",
        "link": "https://culture.ec.europa.eu/creative-europe",
        "themes": ["kultur"],
        "departments": ["Kultur- och fritidsförvaltningen"],
        "description_sv": "Samarbete mellan kulturorganisationer i minst tre länder.",
        "public": True,
        "audience_sv": "Kulturföreningar och kulturskolan",
        "answers": {},
    },
    {
        "identifier": "EXEMPEL-NORDPLUS-JUNIOR",
        "programme": "Nordplus",
        "title_sv": "Exempel: Nordplus Junior – skolsamarbete i Norden",
        "title_en": "Example: Nordplus Junior – school cooperation in the Nordic countries",
        "opens": -60,
        "closes": 100,
        "time": None,
        "currency": "EUR",
        "link": "https://www.nordplusonline.org/",
        "themes": ["utbildning", "barn-unga"],
        "departments": ["Grundskolan", "Ale gymnasium"],
        "description_sv": (
            "Utbyten och samarbetsprojekt mellan skolor i de nordiska och baltiska länderna, "
            "för elever och lärare."
        ),
        "public": True,
        "audience_sv": "Grundskolor, gymnasieskolor och fristående skolor",
        "answers": {},
    },
    {
        "identifier": "EXEMPEL-CERV-CITIZENS-TOWN-TT",
        "programme_name": "CERV – Medborgare, jämlikhet, rättigheter och värden",
        "title_sv": "Exempel: Vänortssamarbete (Town-Twinning)",
        "title_en": "Example: Town-Twinning",
        "opens": -120,
        "closes": -20,
        "time": dt.time(17, 0),
        "budget": 30000,
        "currency": "EUR",
        "link": "https://commission.europa.eu/funding-tenders/find-funding/eu-funding-programmes/citizens-equality-rights-and-values-programme_en",
        "themes": ["kultur", "barn-unga"],
        "departments": ["Kommunstyrelseförvaltningen"],
        "description_sv": (
            "Möten mellan invånare i vänorter; efterträdaren till Europa för medborgarnas "
            "vänortsstöd."
        ),
        "public": True,
        "audience_sv": "Föreningar som vill göra något med en vänort",
        "answers": {
            "Kommunstyrelseförvaltningen": (
                Answer.NOT_APPLYING,
                "Exempel: utbytet med Kaufungen har redan finansiering i år.",
            ),
        },
    },
]


def load_example_calls(*, municipality, today: dt.date) -> None:
    departments = {d.name: d for d in Department.objects.filter(municipality=municipality)}
    answered_at = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 0)))
    for data in CALLS:
        if Call.objects.filter(municipality=municipality, identifier=data["identifier"]).exists():
            continue  # a demo user may have changed it since; leave it be
        programme = Programme.objects.filter(name=data.get("programme", "")).first()
        call = Call.objects.create(
            municipality=municipality,
            identifier=data["identifier"],
            programme=programme,
            programme_name="" if programme else data.get("programme_name", ""),
            title_sv=data["title_sv"],
            title_en=data.get("title_en", ""),
            opens_on=today + dt.timedelta(days=data["opens"]),
            closes_on=today + dt.timedelta(days=data["closes"]),
            closes_at_time=data["time"],
            budget=data.get("budget"),
            budget_currency=data["currency"],
            link=data["link"],
            description_sv=data["description_sv"],
            is_public=data["public"],
            audience_sv=data.get("audience_sv", ""),
            audience_en=data.get("audience_en", ""),
            is_example_data=True,
        )
        call.themes.set(Theme.objects.filter(slug__in=data["themes"]))
        call.departments.set([departments[name] for name in data["departments"]])
        for name, (answer, reason) in data["answers"].items():
            routing = Routing.objects.create(
                call=call,
                department=departments[name],
                routed_at=answered_at - dt.timedelta(days=14),
                note="Exempel: den här kan passa er.",
            )
            if answer == Answer.PENDING:
                continue
            routing.answer = answer
            routing.reason = reason
            routing.answered_at = answered_at
            if answer == Answer.APPLYING:
                routing.project = _project_idea(routing)
            routing.save()


def _project_idea(routing: Routing) -> Project:
    """As "vi söker" makes it (calls/services.py), without an acting user: the demo's
    projects are loaded, not registered by someone."""
    changes = _project_from(routing)
    later = {name: changes.pop(name) for name in ("programmes", "themes")}
    project = Project.objects.create(
        municipality=routing.call.municipality,
        slug=slugify(changes["title_sv"])[:80],
        is_example_data=True,
        source_note="Exempel: projektidé registrerad från en exempelutlysning.",
        **changes,
    )
    for name, value in later.items():
        getattr(project, name).set(value)
    return project
