"""Text pasted from Word or elsewhere is stored as it may be published. A vertical tab
(Word's manual line break) in one project's summary stopped the RSS and Atom feeds and the
IATI file for the whole site with a server error; a title of nothing but a zero-width
space showed as an empty link in the public list. The staff forms and the spreadsheet
reader clean what comes in; the feeds, the IATI file and the report clean what goes out,
for texts saved before."""

import pytest

from projektdatabas.projects.models import Project
from tests.conftest import sign_in
from tests.test_past_dates import field_error
from tests.test_project_links import NO_LINKS

pytestmark = pytest.mark.django_db


def test_a_summary_pasted_from_word_is_saved_with_line_breaks_and_the_feeds_stay_up(
    world, client, publish
):
    project = world["project"]
    publish(project)
    sign_in(client, world["users"]["rep"])
    response = client.post(
        f"/intern/projekt/{project.pk}/redigera/publicering/",
        {
            "version": project.version,
            "public_summary_sv": "Första raden\x0bandra raden\x0csista\x07 stycket.",
            "save": "1",
            **NO_LINKS,
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.public_summary_sv == "Första raden\nandra raden\nsista stycket."
    client.logout()
    for url in ["/flode/rss/", "/flode/atom/", "/en/flode/rss/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "andra raden" in response.content.decode()


def test_a_title_of_only_invisible_characters_is_refused(world, client):
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    url = f"/intern/projekt/{project.pk}/redigera/grunduppgifter/"
    data = {
        "version": project.version,
        "title_sv": "\u200b\u200b",
        "kind": project.kind,
        "lead_department": project.lead_department_id,
        "municipal_role": project.municipal_role,
        "start_date": "2025-01-01",
        "end_date": "2026-12-31",
    }
    html = client.post(url, data).content.decode()
    assert field_error(html, "title_sv")  # required: nothing visible was typed
    project.refresh_from_db()
    assert project.title_sv == "Vänortsutbyte med medfinansiering"
    # A title with a zero-width space at its edge (left from a copy) keeps the rest.
    data["title_sv"] = "\ufeffSkolutbyte med Kaufungen\u200b"
    assert client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert project.title_sv == "Skolutbyte med Kaufungen"


def test_an_old_control_character_does_not_stop_the_word_report(world, client):
    """A title saved before the forms cleaned texts: the Word file (XML) refused it, so the
    draft download and finalising the report failed with a server error."""
    import io

    from docx import Document

    project = world["project"]
    Project.objects.filter(pk=project.pk).update(title_sv="Gammal\x0btitel\x07", status="ongoing")
    sign_in(client, world["users"]["coordinator"])
    response = client.get("/intern/rapporter/2026/1/rapport.docx")
    assert response.status_code == 200
    cells = [
        c.text
        for t in Document(io.BytesIO(response.content)).tables
        for r in t.rows
        for c in r.cells
    ]
    assert "Gammal\ntitel" in cells


def test_an_old_control_character_does_not_stop_the_feeds(world, client, publish):
    """A text saved before the cleaning: the feeds leave the character out."""
    project = world["project"]
    publish(project)
    Project.objects.filter(pk=project.pk).update(title_sv="Gammal\x0btitel\x07")
    for url in ["/flode/rss/", "/flode/atom/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Gammal\ntitel" in response.content.decode()
