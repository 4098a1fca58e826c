"""The action plan in real Chromium: axe-core on the public plan page and the staff
forms, and a representative updating a measure's progress."""

import pytest

from projektdatabas.planning.models import ActionPlan

from .test_staff_flows import Session

pytestmark = pytest.mark.browser


def test_public_plan_page_has_no_wcag_violations(demo_site, page):
    s = Session(page, demo_site.url)
    response = page.goto(demo_site.url + "/handlingsplan/")
    assert response.status == 200
    assert "Exempel: Handlingsplan" in page.content()
    s.check("public action plan")
    page.goto(demo_site.url + "/en/handlingsplan/")
    s.check("public action plan, English")
    page.goto(demo_site.url + "/statistik/")
    s.check("public statistics")
    assert s.failures == {}
    assert page.console_errors == []


def test_plan_forms_for_coordinator_and_department(demo_site, page):
    plan = ActionPlan.objects.get(title__startswith="Exempel")
    s = Session(page, demo_site.url)
    s.sign_in("samordnare")
    page.get_by_role("link", name="Handlingsplaner", exact=True).click()
    s.check("plan list")
    page.get_by_role("link", name="Registrera översynen").click()
    s.check("strategy review form")
    page.go_back()
    page.get_by_role("link", name="Exempel: Handlingsplan för internationellt arbete").click()
    s.check("plan page")
    page.get_by_role("link", name="Ändra åtgärd 2", exact=True).click()
    s.check("measure form")
    page.goto(f"{demo_site.url}/intern/handlingsplaner/{plan.pk}/utvardera/")
    s.check("evaluation form")
    page.goto(f"{demo_site.url}/intern/handlingsplaner/{plan.pk}/import/")
    page.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": "f.csv",
                "mimeType": "text/csv",
                "buffer": "nummer;framsteg;status\n2;150;pågående\n".encode(),
            }
        ],
    )
    s.button("Ladda upp och spara")
    assert "Inget sparades" in page.content()
    s.check("import with errors")
    page.get_by_role("link", name="Kalender").click()
    s.check("calendar")
    assert "Översyn av den internationella strategin" in page.content()
    page.get_by_role("link", name="Rapporter").click()
    s.check("report list")
    page.get_by_role("link", name="januari–juni 2026").click()
    s.check("semi-annual report (draft)")
    page.get_by_role("link", name="Statistik").click()
    s.check("staff statistics")
    s.sign_out()

    s.sign_in("utbildning")  # Utbildningsförvaltningen is responsible for measure 6
    page.goto(f"{demo_site.url}/intern/handlingsplaner/{plan.pk}/")
    page.get_by_role("link", name="Uppdatera framsteg för åtgärd 6").click()
    s.check("progress form")
    page.get_by_label("Framsteg (procent)").fill("85")
    s.button("Spara")
    assert "Framsteget är sparat." in s.message()
    assert plan.measures.get(number=6).progress == 85
    assert s.failures == {}
