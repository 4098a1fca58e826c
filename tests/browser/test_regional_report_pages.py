"""The regional report in real Chromium: the regional coordinator (demo account
`regionsamordnare`) opens it from the reports page, reads the draft with every municipality of
Göteborgsregionen, finalises and publishes it, and residents find it on the regional portal.
Every page on the way is checked by axe-core and measured at 320 px (test_reflow leaves these
pages to this test: the coordinator it signs in as is refused them)."""

import pytest

from .test_reflow import MEASURE, PHONE
from .test_staff_flows import Session

pytestmark = pytest.mark.browser


def test_the_regional_coordinator_publishes_the_regional_report(demo_site, page):
    s = Session(page, demo_site.url)
    page.set_viewport_size({"width": PHONE, "height": 800})
    too_wide = {}

    def measure(name):
        s.check(name)
        found = page.evaluate(MEASURE)
        if found["width"] > PHONE or found["problems"]:
            too_wide[name] = [f"{found['width']} px", *found["problems"]]

    s.sign_in("regionsamordnare")
    page.goto(demo_site.url + "/intern/rapporter/")
    measure("reports, with the region's municipalities to choose")
    page.get_by_role("link", name="Den regionala rapporten").click()
    measure("regional reports")
    # The half-year still running is a draft that cannot be finalised yet.
    page.locator("table a").first.click()
    measure("regional report, the half-year still running")
    assert "kan fastställas från och med" in page.locator("main").inner_text()
    page.go_back()
    page.locator("table a").nth(1).click()  # the half-year before it, which has ended
    measure("regional report, draft")
    table = page.locator("article.report table").inner_text()
    for name in ("Ale kommun", "Kungälvs kommun", "Lilla Edets kommun", "Regionen"):
        assert name in table
    s.button("Fastställ rapporten")
    assert "fastställd" in s.message()
    s.button("Publicera på regionportalen")
    assert "publicerad på regionportalen" in s.message()
    measure("regional report, published")
    s.sign_out()

    page.goto(demo_site.url + "/region/rapporter/")
    measure("the portal's regional reports")
    assert "Lilla Edets kommun" in page.locator("main").inner_text()
    assert not s.failures, s.failures
    assert not too_wide, too_wide
