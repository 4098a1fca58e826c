"""Uploading EU project data in real Chromium: the coordinator finds the upload under
"Partners in EU projects", sends Kohesio's file and reads what it did; an import under way
shows its progress bar, which htmx keeps up to date until the import ends. axe-core checks
each page."""

from pathlib import Path

import pytest

from projektdatabas.euprojects import uploads
from projektdatabas.euprojects.models import EUProject, EUUpload

from .test_staff_flows import Session

pytestmark = pytest.mark.browser

DATA = Path(__file__).parent.parent / "data" / "euprojects"


def test_the_coordinator_uploads_an_export_and_follows_an_import(
    demo_site, page, settings, tmp_path, monkeypatch
):
    settings.VAR_DIR = tmp_path
    # The import runs at once in the server's thread here: the live server's in-memory
    # database is not there for a process of its own (test_euprojects_upload.py checks
    # that the page starts one).
    monkeypatch.setattr(uploads, "launch", uploads.run_upload)
    s = Session(page, demo_site.url)
    s.sign_in("samordnare")
    page.goto(demo_site.url + "/intern/omvarld/eu-partner/")
    page.get_by_role("link", name="Importera EU-projektdata").click()
    s.check("upload form")
    page.get_by_label("Kohesio").check()
    page.get_by_label("Fil (obligatoriskt)").set_input_files(str(DATA / "kohesio-SE.csv"))
    s.button("Ladda upp och importera")
    s.check("import done")
    assert page.get_by_role("heading", name="Importerad").is_visible()
    assert "4 rader lästes." in page.content()
    assert EUProject.objects.count() == 4

    # An import under way: the bar, then the outcome, without reloading the page.
    running = EUUpload.objects.create(
        source="kohesio",
        names=["DE-latest.csv"],
        status="running",
        language="sv",
        actor=EUUpload.objects.get().actor,
    )
    uploads.folder(running).mkdir(parents=True)
    uploads.Progress(uploads.folder(running) / "progress")(42, 100)
    page.goto(f"{demo_site.url}/intern/omvarld/eu-partner/import/{running.pk}/")
    s.check("import running")
    bar = page.get_by_role("progressbar", name="Importerat hittills")
    assert bar.get_attribute("value") == "42"
    EUUpload.objects.filter(pk=running.pk).update(
        status="refused", errors=["Rad 3, kolumn Operation_Start_Date: ”x” är inte ett datum."]
    )
    page.get_by_text("Filen har de här felen:").wait_for(timeout=10_000)
    assert "Rad 3, kolumn Operation_Start_Date" in page.content()
    assert page.get_by_role("progressbar").count() == 0
    s.check("import refused, updated by htmx")
    assert s.failures == {}
    assert page.console_errors == []
