"""Ale's two groups as the strategy describes them, with example meetings and competence
development. The groups, their remits and the members' roles are the strategy's ("kommunalråden,
kommundirektören, representant från näringslivsbolaget och internationelle samordnaren"; "en
representant från varje förvaltning"); the people's names, the meetings and the trainings are
invented and flagged "Exempel: …" (and as example data). One department is left without a
representative, so the group's page shows what it shows then. Loading again changes nothing."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from projektdatabas.groups.models import (
    Attendance,
    FollowUp,
    Group,
    GroupKind,
    GroupMember,
    Meeting,
    Presence,
    Training,
    TrainingKind,
)
from projektdatabas.organisations.models import Department
from projektdatabas.strategy.models import Orientation

MANAGEMENT_REMIT = (
    "Ledningsgruppen för internationellt arbete ska kontinuerligt utveckla, bereda och följa upp "
    "kommunens internationella arbete. Den består av kommunalråden, kommundirektören, en "
    "representant från näringslivsbolaget och den internationella samordnaren."
)
COORDINATION_REMIT = (
    "En representant från varje förvaltning ingår i kommunens interna grupp för internationella "
    "frågor. Gruppen är ett nätverk som ska svara för information inom kommunen, för "
    "erfarenhetsutbyte mellan förvaltningarna samt för utbildningsinsatser vad gäller "
    "internationella frågor."
)
# (name, role, e-mail, demo account or None)
MANAGEMENT = [
    ("Exempel: Anna Ek", "Kommunalråd, kommunstyrelsens ordförande", "anna.ek@example.se", None),
    ("Exempel: Bo Lind", "Kommunalråd", "bo.lind@example.se", None),
    ("Exempel: Cecilia Holm", "Kommundirektör", "cecilia.holm@example.se", None),
    ("Exempel: David Sand", "Representant för näringslivsbolaget", "", None),
    ("Exempel: Sara Samordnare", "Internationell samordnare", "", "samordnare"),
]
# (name, role, department, demo account or None); Samhällsbyggnadsförvaltningen has nobody.
COORDINATION = [
    ("Exempel: Sara Samordnare", "Sammankallande", "Kommunstyrelseförvaltningen", "samordnare"),
    ("Exempel: Ulf Utbildare", "Representant", "Utbildningsförvaltningen", "utbildning"),
    ("Exempel: Karin Kulturell", "Representant", "Kultur- och fritidsförvaltningen", "kultur"),
    (
        "Exempel: Amir Arbetsmarknad",
        "Representant",
        "Omsorgs- och arbetsmarknadsförvaltningen",
        "arbetsmarknad",
    ),
]


def load_groups(*, municipality, today: dt.date) -> None:
    users = {u.username: u for u in get_user_model().objects.all()}
    joined = today.replace(year=today.year - 1, month=1, day=1)
    management, created = Group.objects.get_or_create(
        municipality=municipality,
        kind=GroupKind.MANAGEMENT,
        defaults={
            "name": "Ledningsgruppen för internationellt arbete",
            "remit": MANAGEMENT_REMIT,
            "is_example_data": False,
        },
    )
    if created:
        members = [
            GroupMember.objects.create(
                group=management,
                name=name,
                role=role,
                email=email,
                user=users.get(account) if account else None,
                starts_on=joined,
                is_example_data=True,
            )
            for name, role, email, account in MANAGEMENT
        ]
        _management_meeting(management, members, today)
    coordination, created = Group.objects.get_or_create(
        municipality=municipality,
        kind=GroupKind.COORDINATION,
        defaults={
            "name": "Internationell samordningsgrupp",
            "remit": COORDINATION_REMIT,
            "is_example_data": False,
        },
    )
    if created:
        members = [
            GroupMember.objects.create(
                group=coordination,
                name=name,
                role=role,
                department=Department.objects.get(municipality=municipality, name=department),
                user=users.get(account) if account else None,
                starts_on=joined,
                is_example_data=True,
            )
            for name, role, department, account in COORDINATION
        ]
        _coordination_meeting(coordination, members, today)
    if not Training.objects.for_municipality(municipality).exists():
        _trainings(municipality, today)


def _management_meeting(group, members, today) -> None:
    meeting = Meeting.objects.create(
        group=group,
        date=today - dt.timedelta(days=20),
        time=dt.time(13, 0),
        place="Exempel: Kommunhuset, sammanträdesrum 1",
        agenda=(
            "1. Halvårsrapporten till kommunstyrelsen\n"
            "2. Utlysningar som förvaltningarna bör känna till\n"
            "3. Kompetensutveckling för förtroendevalda"
        ),
        minutes_text=(
            "Exempel på protokoll.\n\n"
            "§ 1 Ledningsgruppen gick igenom utkastet till halvårsrapport och lämnar det till "
            "kommunstyrelsen.\n\n"
            "§ 2 Samordnaren redogjorde för öppna utlysningar inom Erasmus+ och Interreg.\n\n"
            "§ 3 Ledningsgruppen vill att förtroendevalda erbjuds en utbildningsdag om EU."
        ),
        is_example_data=True,
    )
    for member in members:
        presence = Presence.ABSENT_WITH_NOTICE if "Sand" in member.name else Presence.PRESENT
        Attendance.objects.create(meeting=meeting, member=member, presence=presence)
    coordinator = members[-1]
    FollowUp.objects.create(
        meeting=meeting,
        text="Exempel: Ta fram ett förslag till utbildningsdag om EU för förtroendevalda.",
        owner_member=coordinator,
        due_on=today + dt.timedelta(days=25),
        is_example_data=True,
    )
    FollowUp.objects.create(
        meeting=meeting,
        text="Exempel: Skicka halvårsrapporten till förvaltningschefsgruppen.",
        owner_member=members[2],
        due_on=today - dt.timedelta(days=10),
        done_on=today - dt.timedelta(days=12),
        is_example_data=True,
    )


def _coordination_meeting(group, members, today) -> None:
    meeting = Meeting.objects.create(
        group=group,
        date=today - dt.timedelta(days=8),
        time=dt.time(9, 0),
        place="Exempel: Digitalt möte",
        agenda=(
            "1. Erfarenhetsutbyte: förvaltningarnas pågående projekt\n"
            "2. EU-frågor som berör förvaltningarna\n"
            "3. Planering av utbildningsinsatser"
        ),
        is_example_data=True,
    )
    for member in members:
        presence = Presence.ABSENT if "Karin" in member.name else Presence.PRESENT
        Attendance.objects.create(meeting=meeting, member=member, presence=presence)
    FollowUp.objects.create(
        meeting=meeting,
        text="Exempel: Samla skolornas erfarenheter av Erasmus+ till nästa möte.",
        owner_member=members[1],
        due_on=today + dt.timedelta(days=14),
        is_example_data=True,
    )


def _trainings(municipality, today) -> None:
    competence = Orientation.objects.filter(
        area__strategy__municipality=municipality,
        name_sv__icontains="internationella kompetensen",
    ).first()
    events = [
        (
            "Exempel: Utbildningsdag om Erasmus+ för skolpersonal",
            TrainingKind.TRAINING,
            40,
            "Exempel: Internationell samordnare och Utbildningsförvaltningen",
            "Exempel: Ale gymnasium",
            Decimal("12000"),
            25,
            0,
        ),
        (
            "Exempel: Studiebesök i Kaufungen om ungdomsutbyten",
            TrainingKind.STUDY_VISIT,
            100,
            "Exempel: Kaufungen och Kultur- och fritidsförvaltningen",
            "Kaufungen",
            Decimal("38500"),
            3,
            2,
        ),
        (
            "Exempel: Konferens om EU:s sammanhållningspolitik",
            TrainingKind.CONFERENCE,
            200,
            "Exempel: West Sweden",
            "Göteborg",
            Decimal("6400"),
            4,
            1,
        ),
    ]
    for title, kind, days_ago, organiser, place, cost, staff, elected in events:
        Training.objects.create(
            municipality=municipality,
            title=title,
            kind=kind,
            starts_on=today - dt.timedelta(days=days_ago),
            organiser=organiser,
            place=place,
            cost_sek=cost,
            staff_count=staff,
            elected_count=elected,
            orientation=competence,
            is_example_data=True,
        )
