"""Example EU monitoring for the demo, flagged "Exempel:" in their titles and as example
data: items that came through the channels Ale's strategy names (West Sweden and
Göteborgsregionen, GR), routed to departments whose answers show every state: answered on
time, answered late, unanswered and overdue, not yet due. Dates follow the loading day.
Loading again changes nothing."""

import datetime as dt

from django.utils import timezone

from projektdatabas.accounts.models import Membership
from projektdatabas.monitoring.models import Channel, Concern, EUItem, ItemKind, ItemStatus
from projektdatabas.organisations.models import Department

SCHOOL = "Utbildningsförvaltningen"
CULTURE = "Kultur- och fritidsförvaltningen"
LABOUR = "Arbetsmarknadsenheten"

# Days are relative to the loading day: (answer due, answered) with answered None for none.
ITEMS = [
    {
        "title": (
            "Exempel: Direktiv om tillgänglighet till offentliga myndigheters digitala tjänster"
        ),
        "kind": ItemKind.LEGISLATION,
        "channel": Channel.WEST_SWEDEN,
        "link": "https://www.westsweden.se/",
        "registered": -60,
        "dates": {"adopted_on": -75, "transposition_deadline": 700},
        "summary_sv": (
            "West Sweden sammanfattar ett nytt EU-direktiv som skärper kraven på offentliga "
            "webbplatser och appar. Kommunen behöver se över skolornas och bibliotekens "
            "digitala tjänster före genomförandet i svensk lag."
        ),
        "concerns": [
            (SCHOOL, "Skolornas lärplattformar och webbplatser omfattas.", -30, -35),
            (CULTURE, "Bibliotekets e-tjänster omfattas.", -30, -20),
        ],
        "answers": {
            SCHOOL: (True, "Lärplattformen måste granskas.", "IT-enheten gör en granskning."),
            CULTURE: (False, "Bibliotekets e-tjänster köps av regionen.", ""),
        },
    },
    {
        "title": "Exempel: Samråd om ungdomsutbyten i Erasmus+ efter 2027",
        "kind": ItemKind.CONSULTATION,
        "channel": Channel.GR,
        "link": "https://goteborgsregionen.se/",
        "registered": -20,
        "dates": {"consultation_closes": 45},
        "summary_sv": (
            "GR samlar medlemskommunernas synpunkter på hur ungdomsutbyten ska finansieras i "
            "nästa programperiod. Svaren lämnas samlat från GR."
        ),
        "concerns": [
            (SCHOOL, "Gymnasiets utbyten med Ruukki och Kaufungen bygger på Erasmus+.", -5, None),
            (LABOUR, "Unga arbetssökande kan delta i utbyten.", 12, None),
        ],
        "answers": {},
    },
    {
        "title": "Exempel: GR:s omvärldsanalys om EU:s sammanhållningspolitik efter 2027",
        "kind": ItemKind.REPORT,
        "channel": Channel.GR,
        "link": "https://goteborgsregionen.se/",
        "registered": -120,
        "status": ItemStatus.CLOSED,
        "dates": {},
        "summary_sv": (
            "En analys av hur regionalfonden och socialfonden kan förändras, och vad det "
            "betyder för kommunernas projekt."
        ),
        "concerns": [(LABOUR, "Socialfonden finansierar arbetsmarknadsprojekt.", -90, -95)],
        "answers": {
            LABOUR: (True, "Färre men större projekt.", "Vi söker partner i GR-samarbetet."),
        },
    },
]


def _moment(today: dt.date, days: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=days), dt.time(10)))


def load_example_eu_items(*, municipality, today: dt.date) -> None:
    for data in ITEMS:
        if EUItem.objects.filter(municipality=municipality, title=data["title"]).exists():
            continue  # a demo user may have changed it since; leave it be
        item = EUItem.objects.create(
            municipality=municipality,
            kind=data["kind"],
            status=data.get("status", ItemStatus.OPEN),
            title=data["title"],
            link=data["link"],
            channel=data["channel"],
            summary_sv=data["summary_sv"],
            is_example_data=True,
            created_at=_moment(today, data["registered"]),
            **{name: today + dt.timedelta(days=days) for name, days in data["dates"].items()},
        )
        for department_name, reason, due, answered in data["concerns"]:
            department = Department.objects.get(municipality=municipality, name=department_name)
            answer = data["answers"].get(department_name)
            # The department's demo representative answered (loaded before the examples).
            rep = Membership.objects.representatives(department).select_related("user").first()
            Concern.objects.create(
                item=item,
                department=department,
                reason=reason,
                answer_due=today + dt.timedelta(days=due),
                routed_at=_moment(today, data["registered"] + 1),
                concerns_us=answer[0] if answer else None,
                meaning=answer[1] if answer else "",
                action=answer[2] if answer else "",
                answered_at=_moment(today, answered) if answered is not None else None,
                answered_by=rep.user if answer and rep else None,
            )
