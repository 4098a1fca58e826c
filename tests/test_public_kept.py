"""What each worker keeps between requests for the public pages (core/kept.py): the
header, menu and footer drawn once per content version, site and language
(public/templatetags/kept.py), the site's municipality and logo, which projects have news,
and the project page's queries compiled once (finance/project_page.py).

Each test opens a page first, so that what it shows is kept, then changes what the kept
part depends on and opens another page (another address, so the page cache cannot answer):
a kept part that did not follow would show the old state."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from projektdatabas.news.models import NewsItem
from projektdatabas.organisations.models import (
    Committee,
    Department,
    Municipality,
    Organisation,
    Region,
)
from projektdatabas.projects.models import ProjectPartner
from projektdatabas.public.admin import SiteLogoForm

pytestmark = pytest.mark.django_db


def page(client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200, address
    return response.content.decode()


def brand(html: str) -> str:
    return re.search(r'<a class="brand".*?</a>', html, re.S).group(0)


def menu(html: str) -> str:
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)


def footer(html: str) -> str:
    return re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)


def current(html: str) -> list[str]:
    """The menu's items marked as the current page."""
    return re.findall(r'<a href="[^"]*" aria-current="page">([^<]*)</a>', menu(html))


@pytest.fixture
def project(make_project):
    now = timezone.now()
    return make_project(
        title_sv="Ungdomsutbyte",
        slug="ungdomsutbyte",
        is_published=True,
        published_at=now,
        first_published_at=now,
    )


@pytest.fixture
def kungalv(db):
    kungalv = Municipality.objects.create(name="Kungälvs kommun", slug="kungalv")
    board = Committee.objects.create(
        municipality=kungalv, name="Kommunstyrelsen", short_name="KS", is_executive_board=True
    )
    Department.objects.create(municipality=kungalv, name="Sektor lärande", committee=board)
    return kungalv


def test_a_renamed_municipality_shows_its_new_name_in_the_header_footer_and_title(
    client, municipality, project
):
    before = page(client, "/")
    assert "Testkommun" in brand(before) and "Testkommun" in footer(before)
    municipality.name = "Ale kommun"
    municipality.save()
    after = page(client, f"/projekt/{project.pk}-{project.slug}/")
    assert "Ale kommun" in brand(after) and "Ale kommun" in footer(after)
    assert "Ungdomsutbyte – Ale kommun</title>" in after
    assert "Testkommun" not in after


def test_the_menu_marks_the_page_it_is_on_and_no_other(client, municipality, project):
    assert current(page(client, "/projekt/")) == ["Projekt"]
    assert current(page(client, "/vanorter/")) == ["Vänorter"]
    assert current(page(client, "/")) == ["Start"]
    assert current(page(client, f"/projekt/{project.pk}-{project.slug}/")) == []
    assert current(page(client, "/projekt/")) == ["Projekt"]


def test_each_language_gets_its_own_header_menu_and_footer(client, municipality, project):
    swedish = page(client, f"/projekt/{project.pk}-{project.slug}/")
    english = page(client, f"/en/projekt/{project.pk}-{project.slug}/")
    assert ">Vänorter<" in menu(swedish) and ">Twin towns<" in menu(english)
    assert 'href="/en/vanorter/"' in menu(english) and 'href="/vanorter/"' in menu(swedish)
    assert "Tillgänglighetsredogörelse" in footer(swedish)
    assert "Accessibility statement" in footer(english)
    assert "Internationella projekt" in brand(swedish)
    assert "International projects" in brand(english)
    assert ">Vänorter<" in menu(page(client, "/vanorter/"))


def test_the_language_link_is_the_pages_own_whatever_was_kept(client, municipality, project):
    page(client, "/vanorter/")
    html = page(client, f"/projekt/{project.pk}-{project.slug}/?fran=2020")
    assert f'class="lang" href="/en/projekt/{project.pk}-{project.slug}/?fran=2020"' in html


def test_a_site_under_its_slug_gets_its_own_header_menu_and_footer(
    client, municipality, project, kungalv
):
    ale = page(client, f"/projekt/{project.pk}-{project.slug}/")
    theirs = page(client, "/kungalv/vanorter/")
    assert "Kungälvs kommun" in brand(theirs) and "Testkommun" not in theirs
    assert 'href="/kungalv/"' in brand(theirs)
    assert 'href="/kungalv/projekt/"' in menu(theirs)
    assert 'href="/kungalv/tillganglighetsredogorelse/"' in footer(theirs)
    # And back at the root, the root's addresses.
    again = page(client, "/vanorter/")
    assert menu(again) == menu(ale).replace(' aria-current="page"', "").replace(
        'href="/vanorter/"', 'href="/vanorter/" aria-current="page"'
    )
    assert "/kungalv/" not in again and "Testkommun" in brand(again)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 60), "navy").save(out, "PNG")
    return out.getvalue()


def test_an_uploaded_logo_shows_on_the_next_page(client, municipality, project):
    assert 'class="logo"' not in page(client, "/")
    form = SiteLogoForm(
        data={"municipality": municipality.pk},
        files={"upload": SimpleUploadedFile("logo.png", png(), "image/png")},
    )
    assert form.is_valid(), form.errors
    logo = form.save()
    html = page(client, f"/projekt/{project.pk}-{project.slug}/")
    assert f'<img src="/logotyp/{logo.sha256[:12]}/" alt="" class="logo">' in brand(html)


def test_joining_a_region_adds_the_regional_portal_to_the_footer(client, municipality, project):
    assert "/region/" not in footer(page(client, "/"))
    municipality.region = Region.objects.create(name="Göteborgsregionen", slug="gr")
    municipality.save()
    html = page(client, f"/projekt/{project.pk}-{project.slug}/")
    assert 'href="/region/">Göteborgsregionen' in footer(html)


def test_news_linked_to_a_project_shows_on_its_page_at_once(client, municipality, project):
    address = f"/projekt/{project.pk}-{project.slug}/"
    assert "Nyheter</h2>" not in page(client, address)
    item = NewsItem.objects.create(
        municipality=municipality,
        title_sv="Utbytet har börjat",
        slug="utbytet-har-borjat",
        status="published",
        published_at=timezone.now(),
    )
    item.projects.add(project)
    html = page(client, address + "?igen=1")
    assert "Nyheter</h2>" in html and "Utbytet har börjat" in html


def test_the_project_page_shows_only_public_projects_of_its_own_site(
    client, municipality, project, make_project, kungalv
):
    hidden = make_project(title_sv="Utkast", slug="utkast")
    assert client.get(f"/projekt/{hidden.pk}-{hidden.slug}/").status_code == 404
    assert client.get(f"/kungalv/projekt/{project.pk}-{project.slug}/").status_code == 404
    assert client.get(f"/projekt/{project.pk}-fel-namn/")["Location"] == (
        f"/projekt/{project.pk}-{project.slug}/"
    )
    # An id past what the database's integers hold: no such page, not a server error.
    assert client.get(f"/projekt/{2**64}-{project.slug}/").status_code == 404
    html = page(client, f"/projekt/{project.pk}-{project.slug}/")
    assert "Ungdomsutbyte" in html and "Kommunstyrelseförvaltningen" in html


def test_the_theme_stylesheet_is_the_sites_and_languages_own(
    client, municipality, project, kungalv
):
    def stylesheet(html: str) -> str:
        return re.search(r'<link rel="stylesheet" href="([^"]*tema[^"]*)">', html).group(1)

    assert stylesheet(page(client, f"/projekt/{project.pk}-{project.slug}/")) == "/tema.css"
    assert stylesheet(page(client, "/kungalv/vanorter/")) == "/kungalv/tema.css"
    assert stylesheet(page(client, "/kungalv/en/vanorter/")) == "/kungalv/en/tema.css"
    assert stylesheet(page(client, "/vanorter/")) == "/tema.css"


def test_labels_and_country_names_follow_the_pages_language(client, municipality, project):
    # Each label table and country name is kept per worker: in Swedish first, then the
    # English page must still say its own words, and the Swedish one after it its own.
    lead = Organisation.objects.create(name="Kaufungen", kind="municipality", country="DE")
    ProjectPartner.objects.create(project=project, organisation=lead, role="lead")
    address = f"/projekt/{project.pk}-{project.slug}/"
    swedish = page(client, address)
    assert '<p class="meta">EU-projekt · ' in swedish
    assert ">Kaufungen</a>, Tyskland – huvudman</li>" in swedish
    english = page(client, "/en" + address)
    assert '<p class="meta">EU project · ' in english
    assert ">Kaufungen</a>, Germany – lead partner</li>" in english
    assert ">Kaufungen</a>, Tyskland – huvudman</li>" in page(client, address + "?igen=1")
