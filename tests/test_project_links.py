"""Links on a project's public page, typed in by the department in the publication
section: the project's own website, its page in the EU's results platform. The public page
and the open data had them, but only the Django admin could add one."""

import pytest
from django.utils import translation

from projektdatabas.projects.models import ProjectLink
from tests.conftest import sign_in
from tests.test_past_dates import field_error

pytestmark = pytest.mark.django_db

# The publication section's link rows, none: what a browser sends when none were added.
NO_LINKS = {"links-TOTAL_FORMS": 0, "links-INITIAL_FORMS": 0}


def section(project, *rows, initial=0, **changes):
    """The publication section's data as the browser sends it, with link rows."""
    data = {
        "version": project.version,
        "public_summary_sv": project.public_summary_sv or "Ett utbyte med Kaufungen.",
        "links-TOTAL_FORMS": len(rows),
        "links-INITIAL_FORMS": initial,
        "save": "1",
    }
    for i, row in enumerate(rows):
        for name, value in row.items():
            if value is not False:  # an unticked checkbox is not sent
                data[f"links-{i}-{name}"] = "on" if value is True else value
    data.update(changes)
    return data


def url(project):
    return f"/intern/projekt/{project.pk}/redigera/publicering/"


def public_page(client, project, language=""):
    project.refresh_from_db()
    return client.get(f"{language}/projekt/{project.pk}-{project.slug}/").content.decode()


def test_a_department_adds_links_the_public_page_shows(world, client, publish):
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    form = client.get(url(project)).content.decode()
    assert "Länkar på webbplatsen" in form and 'name="links-0-url"' in form
    # The empty row's "(obligatoriskt)" is about a link once added, and the intro says so.
    assert "Länkar är frivilliga" in form and "behöver sin adress och sin svenska text" in form

    response = client.post(
        url(project),
        section(
            project,
            {
                "url": "www.kaufungen.de/partnerschaft",  # typed without https://
                "label_sv": "Kaufungens sida om vänorten",
                "label_en": "Kaufungen's page on the twinning",
                "is_public": True,
            },
            {"url": "https://intranet.ale.se/utbyte", "label_sv": "Intern planering"},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    links = {link.label_sv: link for link in ProjectLink.objects.filter(project=project)}
    assert links["Kaufungens sida om vänorten"].url == "https://www.kaufungen.de/partnerschaft"
    assert not links["Intern planering"].is_public

    publish(project)
    html = public_page(client, project)
    assert (
        '<a href="https://www.kaufungen.de/partnerschaft">Kaufungens sida om vänorten</a>' in html
    )
    assert "Intern planering" not in html and "intranet.ale.se" not in html
    with translation.override("en"):
        english = public_page(client, project, "/en")
    assert "Kaufungen&#x27;s page on the twinning" in english

    staff_page = client.get(f"/intern/projekt/{project.pk}/").content.decode()
    assert 'Intern planering</a> <span class="tag">visas inte på webbplatsen</span>' in (staff_page)


NOT_A_WEB_LINK = "Ange en adress som börjar med https://"
LOCAL = "leder till en dator i ett lokalt nätverk"


@pytest.mark.parametrize(
    "address, said",
    [
        ("ftp://www.ale.se/rapport.pdf", NOT_A_WEB_LINK),
        ("javascript:alert(1)", NOT_A_WEB_LINK),
        ("inte en adress", NOT_A_WEB_LINK),
        # Addresses residents cannot reach: a dead link on the public page.
        ("http://localhost:8000/projekt/", LOCAL),
        ("http://127.0.0.1/rapport.pdf", LOCAL),
        ("https://10.12.0.5/utbyte", LOCAL),
        ("http://[::1]/", LOCAL),
        ("https://intranat.ale.local/utbyte", LOCAL),
        ("https://server.internal/", LOCAL),
    ],
)
def test_an_address_that_is_no_public_web_link_is_refused_and_kept(world, client, address, said):
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    response = client.post(
        url(project), section(project, {"url": address, "label_sv": "Rapporten"})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert said in field_error(html, "links-0-url")
    assert 'value="Rapporten"' in html  # what was typed stays, to be corrected
    assert not ProjectLink.objects.filter(project=project).exists()


def test_a_link_needs_its_text_and_the_text_is_a_public_text(world, client):
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    html = client.post(
        url(project), section(project, {"url": "https://www.ale.se/", "label_sv": ""})
    ).content.decode()
    assert field_error(html, "links-0-label_sv")
    html = client.post(
        url(project),
        section(project, {"url": "https://www.ale.se/", "label_sv": "Fråga anna.svensson@ale.se"}),
    ).content.decode()
    assert "anna.svensson@ale.se" in field_error(html, "links-0-label_sv")
    assert not ProjectLink.objects.filter(project=project).exists()


def test_a_link_is_taken_off_the_website_never_removed(world, client, publish):
    """A link that was on the website is part of the public record (no hard deletes)."""
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    client.post(
        url(project),
        section(
            project,
            {"url": "https://www.ale.se/gammal", "label_sv": "Gammal sida", "is_public": True},
        ),
    )
    link = ProjectLink.objects.get(project=project)
    assert link.is_public
    form = client.get(url(project)).content.decode()
    assert 'name="links-0-DELETE"' not in form  # the partners' "Ta bort raden" is not offered
    project.refresh_from_db()
    response = client.post(
        url(project),
        section(
            project,
            # Unticked, and a forged removal besides: the row stays.
            {"id": link.pk, "url": link.url, "label_sv": link.label_sv, "DELETE": True},
            initial=1,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    link.refresh_from_db()
    assert not link.is_public
    publish(project)
    assert "Gammal sida" not in public_page(client, project)

    history = client.get(f"/intern/projekt/{project.pk}/historik/").content.decode()
    assert "Länk: Gammal sida lades till" in history
    assert "Länk: Gammal sida ändrades" in history


def test_an_address_carrying_personal_details_is_refused(world, client):
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    address = "https://www.ale.se/kontakt?epost=anna.andersson@ale.se"
    html = client.post(
        url(project), section(project, {"url": address, "label_sv": "Kontakt"})
    ).content.decode()
    assert "anna.andersson@ale.se" in field_error(html, "links-0-url")
    assert not ProjectLink.objects.filter(project=project).exists()


def test_the_public_page_reads_links_from_their_own_table_alone():
    """Ordered by "project", the links' statement joined the project table to sort by the
    project's own ordering, on every uncached project page (bench/README.md)."""
    from django.db import connection

    from projektdatabas.finance.project_page import _compiled

    sql = _compiled("links", connection.vendor)[0]
    assert "JOIN" not in sql.upper() and "projects_projectlink" in sql


def test_a_pasted_address_too_long_is_named_not_cut(world, client):
    """The field's maxlength cut a pasted 600-character address at 500 without a word; the
    page saved a broken link. Now the whole address is sent and the limit is said."""
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    form = client.get(url(project)).content.decode()
    assert (
        'name="links-0-url"' in form
        and "maxlength" not in form.split('name="links-0-url"')[1][:200]
    )
    address = "https://www.ale.se/" + "a" * 590
    html = client.post(
        url(project), section(project, {"url": address, "label_sv": "Lång"})
    ).content.decode()
    assert "Skriv högst 500 tecken (det här är 609)" in field_error(html, "links-0-url")
    assert address in html  # kept, to be shortened by the person who pasted it
