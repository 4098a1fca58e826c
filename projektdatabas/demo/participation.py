"""Example "Anmäl intresse" for the demo: the real Kaufungen culture and association
exchange (whose example news item already asks associations to take part) opened to
residents, with its call for host families and associations marked "Exempel:", and one
registration flagged as example data. Loading again changes nothing."""

import datetime as dt

from django.utils import timezone

from projektdatabas.participation.models import InterestRegistration
from projektdatabas.participation.services import register_interest
from projektdatabas.projects.models import InterestKind, Project

OPEN_PROJECT = "kaufungen-kultur-foreningsliv"


def load_example_interest(*, municipality, today: dt.date) -> None:
    project = Project.objects.get(municipality=municipality, slug=OPEN_PROJECT)
    if not project.interest_kinds:
        # An update, not a save: the strategy's project is not edited by the demo, only
        # opened to residents (its page's "last updated" stays the strategy's).
        Project.objects.filter(pk=project.pk).update(
            interest_kinds=[InterestKind.HOST_FAMILY, InterestKind.ASSOCIATION],
            interest_text_sv=(
                "Exempel: Vi söker värdfamiljer och föreningar som vill ta emot ungdomar från "
                "Kaufungen under en vecka i maj."
            ),
            interest_text_en=(
                "Example: We are looking for host families and associations who would welcome "
                "young people from Kaufungen for a week in May."
            ),
            interest_until=today + dt.timedelta(days=60),
        )
        project.refresh_from_db()
    if InterestRegistration.objects.filter(project=project, is_example_data=True).exists():
        return
    registration = register_interest(
        project=project,
        name="Exempel: Familjen Andersson",
        email="familjen.andersson@example.org",
        kinds=[InterestKind.HOST_FAMILY],
        message=(
            "Exempeldata: Vi har ett gästrum och en dotter på femton år som spelar fotboll. "
            "Vi pratar lite tyska."
        ),
        example=True,
    )
    InterestRegistration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() - dt.timedelta(days=2)
    )
