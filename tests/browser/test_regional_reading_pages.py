"""The pages the regional coordinator (demo account `regionsamordnare`) reads across the
region's municipalities, in real Chromium: each checked by axe-core and measured at 320 px
with the "Kommun" column or choice they show only to someone who reads several
municipalities (test_reflow signs in as Ale's coordinator, who reads one)."""

import pytest

from projektdatabas.calls.models import Call
from projektdatabas.groups.models import Group
from projektdatabas.monitoring.models import EUItem
from projektdatabas.planning.models import ActionPlan

from .test_reflow import MEASURE, PHONE
from .test_staff_flows import Session

pytestmark = pytest.mark.browser


def test_the_regional_coordinators_reading_pages(demo_site, page):
    pages = {
        "action plans": "/intern/handlingsplaner/",
        "an action plan": f"/intern/handlingsplaner/{ActionPlan.objects.first().pk}/",
        "calendar": "/intern/kalender/",
        "calendar, another municipality": "/intern/kalender/?kommun=kungalv",
        "news": "/intern/nyheter/",
        "funding calls": "/intern/utlysningar/",
        "a funding call": f"/intern/utlysningar/{Call.objects.first().pk}/",
        "EU monitoring": "/intern/eu-bevakning/",
        "an EU item": f"/intern/eu-bevakning/{EUItem.objects.first().pk}/",
        "groups": "/intern/grupper/",
        "a group": f"/intern/grupper/{Group.objects.first().pk}/",
        "competence development": "/intern/kompetensutveckling/?kommun=ale",
        "EU partners": "/intern/omvarld/eu-partner/",
    }
    s = Session(page, demo_site.url)
    page.set_viewport_size({"width": PHONE, "height": 800})
    s.sign_in("regionsamordnare")
    too_wide = {}
    for name, path in pages.items():
        response = page.goto(demo_site.url + path)
        assert response.status == 200, (name, response.status)
        s.check(name)
        found = page.evaluate(MEASURE)
        if found["width"] > PHONE or found["problems"]:
            too_wide[name] = [f"{found['width']} px", *found["problems"]]
    page.goto(demo_site.url + "/intern/nyheter/")
    assert page.get_by_role("columnheader", name="Kommun").count() == 1
    assert not s.failures, s.failures
    assert not too_wide, too_wide
