"""Funding calls and the groups' pages in real Chromium: the culture department's
representative finds the Erasmus+ call sent to it on the start page, answers "vi söker"
and lands in the new project idea with the call's programme and last day; the coordinator
goes through the calls register, the groups, a meeting and competence development.
axe-core checks each page on the way."""

import pytest

from projektdatabas.calls.models import Answer, Routing
from projektdatabas.groups.models import Group, Meeting, Training

from .test_staff_flows import Session

pytestmark = pytest.mark.browser


def test_a_department_answers_we_apply_and_gets_a_project_idea(demo_site, page):
    routing = Routing.objects.select_related("call").get(
        answer=Answer.PENDING, department__name="Kultur- och fritidsförvaltningen"
    )
    s = Session(page, demo_site.url)
    s.sign_in("kultur")
    s.check("start page with the call")
    page.get_by_role("link", name="Svara").first.click()
    s.check("answer form")
    page.get_by_label("Ja, vi söker: registrera en projektidé").check()
    s.button("Spara svaret")
    routing.refresh_from_db()
    assert routing.answer == Answer.APPLYING and routing.project is not None
    project = routing.project
    assert project.status == "idea"
    assert set(project.programmes.all()) == {routing.call.programme}
    assert routing.call.identifier in project.internal_description_sv
    assert f"/intern/projekt/{project.pk}/redigera/" in page.url
    s.check("the new project idea's form")
    page.goto(f"{demo_site.url}/intern/projekt/{project.pk}/")
    assert routing.call.identifier in page.content()
    s.check("project page naming its call")
    assert s.failures == {}


def test_the_coordinators_call_and_group_pages(demo_site, page):
    s = Session(page, demo_site.url)
    s.sign_in("samordnare")
    call = Routing.objects.first().call
    management = Group.objects.get(kind="management")
    meeting = Meeting.objects.filter(group=management).first()
    training = Training.objects.first()
    for name, path in {
        "calls register": "/intern/utlysningar/",
        "call": f"/intern/utlysningar/{call.pk}/",
        "call form": f"/intern/utlysningar/{call.pk}/redigera/",
        "call import": "/intern/utlysningar/import/",
        "new call": "/intern/utlysningar/ny/",
        "groups": "/intern/grupper/",
        "management group": f"/intern/grupper/{management.pk}/",
        "new meeting": f"/intern/grupper/{management.pk}/moten/nytt/",
        "meeting": f"/intern/moten/{meeting.pk}/",
        "meeting form": f"/intern/moten/{meeting.pk}/andra/",
        "new follow-up": f"/intern/moten/{meeting.pk}/uppfoljning/ny/",
        "competence development": "/intern/kompetensutveckling/",
        "training": f"/intern/kompetensutveckling/{training.pk}/",
        "new training": "/intern/kompetensutveckling/ny/",
        "interest registrations": "/intern/intresse/?visa=alla",
        "distribution list": "/intern/rapporter/sandlista/",
    }.items():
        response = page.goto(demo_site.url + path)
        assert response.status == 200, name
        s.check(name)
    assert s.failures == {}
