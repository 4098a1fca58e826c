"""A regional installation: each municipality's public site under /<slug>/ (or its own
host), with its name, colour and logo, and the regional portal at /region/ that searches
them all (public/sites.py, public/region_views.py, reporting/regional.py)."""

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from projektdatabas.organisations.models import Committee, Department, Municipality, Region
from projektdatabas.projects.models import Project
from projektdatabas.public.admin import SiteLogoForm
from projektdatabas.reporting.regional import ADDITIVE, regional_figures

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def region(municipality):
    region = Region.objects.create(name="Testregionen", slug="tr")
    municipality.region = region
    municipality.save()
    return region


@pytest.fixture
def kungalv(region):
    kungalv = Municipality.objects.create(
        name="Kungälvs kommun", slug="kungalv", region=region, brand_colour="#1d4f91"
    )
    board = Committee.objects.create(
        municipality=kungalv, name="Kommunstyrelsen", short_name="KS", is_executive_board=True
    )
    Department.objects.create(municipality=kungalv, name="Sektor lärande", committee=board)
    return kungalv


def published(**fields):
    return fields | {"is_published": True, "published_at": NOW, "first_published_at": NOW}


@pytest.fixture
def projects(municipality, kungalv, make_project):
    ale = make_project(**published(title_sv="Ales utbyte", slug="ales-utbyte"))
    kungalvs = make_project(
        **published(
            municipality=kungalv,
            lead_department=kungalv.departments.get(),
            title_sv="Kungälvs utbyte",
            slug="kungalvs-utbyte",
        )
    )
    return ale, kungalvs


def addresses(html: str) -> list[str]:
    return re.findall(r'(?:href|src|action)="(/[^"]*)"', html)


# --- one municipality's site does not show another's ----------------------------------------


def test_a_project_is_shown_only_on_its_own_municipalitys_site(client, projects):
    ale, kungalvs = projects
    assert client.get(f"/projekt/{ale.pk}-{ale.slug}/").status_code == 200
    assert client.get(f"/projekt/{kungalvs.pk}-{kungalvs.slug}/").status_code == 404
    page = client.get(f"/kungalv/projekt/{kungalvs.pk}-{kungalvs.slug}/")
    assert page.status_code == 200 and "Kungälvs utbyte" in page.content.decode()
    assert client.get(f"/kungalv/projekt/{ale.pk}-{ale.slug}/").status_code == 404
    # The lists too, and the API under the prefix.
    assert "Kungälvs utbyte" not in client.get("/projekt/").content.decode()
    listed = client.get("/kungalv/projekt/").content.decode()
    assert "Kungälvs utbyte" in listed and "Ales utbyte" not in listed
    assert [p["id"] for p in client.get("/api/v1/projekt").json()["results"]] == [ale.pk]
    assert [p["id"] for p in client.get("/kungalv/api/v1/projekt").json()["results"]] == [
        kungalvs.pk
    ]


def test_header_shows_the_municipalitys_name_and_colour(client, projects):
    html = client.get("/kungalv/").content.decode()
    assert '<span class="brand-name">Kungälvs kommun</span>' in html
    assert "#1d4f91" in client.get("/kungalv/tema.css").content.decode()
    assert "#1d4f91" not in client.get("/tema.css").content.decode()


def test_links_on_a_municipalitys_pages_stay_under_its_address(client, projects):
    _ale, kungalvs = projects
    pages = [
        "/kungalv/",
        "/kungalv/projekt/",
        "/kungalv/projekt/?q=utbyte",
        f"/kungalv/projekt/{kungalvs.pk}-{kungalvs.slug}/",
        "/kungalv/en/projekt/",
        "/kungalv/statistik/",
        "/kungalv/oppna-data/",
        "/kungalv/en/oppna-data/",
        "/kungalv/nyheter/",
        "/kungalv/prenumerera/",
        "/kungalv/inbaddning/projekt/",
        "/kungalv/finns-inte/",  # the 404 page
    ]
    for url in pages:
        html = client.get(url).content.decode()
        found = addresses(html)
        assert found, url
        outside = [
            a
            for a in found
            # The installation's own pages: the regional portal, and the staff sign-in
            # in the footer (one back office for the whole installation).
            if not a.startswith(("/kungalv/", "/static/", "/region/", "/en/region/"))
            and a not in ("/intern/logga-in/", "/en/intern/logga-in/")
        ]
        assert outside == [], url
    switch = client.get("/kungalv/projekt/").content.decode()
    assert 'href="/kungalv/en/projekt/"' in switch  # the language switcher
    assert 'href="/kungalv/projekt/"' in client.get("/kungalv/en/projekt/").content.decode()


def test_feeds_files_api_and_catalogue_link_under_the_municipalitys_address(client, projects):
    _ale, kungalvs = projects
    own = f"/kungalv/projekt/{kungalvs.pk}-{kungalvs.slug}/"
    assert f"http://testserver{own}" in client.get("/kungalv/flode/rss/").content.decode()
    csv = client.get("/kungalv/projekt.csv")
    assert f"http://testserver{own}" in b"".join(csv.streaming_content).decode("utf-8-sig")
    assert client.get("/kungalv/projekt.json").json()["results"][0]["url"].endswith(own)
    assert client.get("/kungalv/api/v1/projekt").json()["results"][0]["url"].endswith(own)
    catalogue = client.get("/kungalv/datasets/dcat.ttl").content.decode()
    assert "http://testserver/kungalv/datasets/dcat#catalog" in catalogue
    assert "http://testserver/datasets/dcat#" not in catalogue
    assert "<http://testserver/datasets/dcat#" in client.get("/datasets/dcat.ttl").content.decode()


def test_redirects_stay_under_the_municipalitys_address(client, projects):
    _ale, kungalvs = projects
    wrong_slug = client.get(f"/kungalv/projekt/{kungalvs.pk}-gammal/")
    assert wrong_slug.status_code == 301
    assert wrong_slug["Location"] == f"/kungalv/projekt/{kungalvs.pk}-{kungalvs.slug}/"
    assert client.get("/kungalv/projekt")["Location"] == "/kungalv/projekt/"
    assert client.get("/kungalv?q=x")["Location"] == "/kungalv/?q=x"


def test_staff_pages_are_not_under_a_municipalitys_address(client, kungalv):
    assert client.get("/kungalv/intern/").status_code == 404
    assert client.get("/kungalv/en/intern/").status_code == 404
    assert client.get("/intern/").status_code == 302  # to sign-in, as before


# --- the page cache ------------------------------------------------------------------------


def test_the_page_cache_keeps_each_municipalitys_pages_apart(client, projects, make_project):
    make_project(**published(title_sv="Ales andra utbyte", slug="andra"))
    for _round in range(2):  # the second round is answered from the cache
        ale_page = client.get("/projekt/").content.decode()
        kungalv_page = client.get("/kungalv/projekt/").content.decode()
        assert "Ales utbyte" in ale_page and "Kungälvs utbyte" not in ale_page
        assert "Kungälvs utbyte" in kungalv_page and "Ales utbyte" not in kungalv_page
        # The API keeps its totals per municipality too, for the same parameters.
        assert client.get("/api/v1/projekt?typ=eu_project").json()["count"] == 2
        assert client.get("/kungalv/api/v1/projekt?typ=eu_project").json()["count"] == 1
    assert client.get("/kungalv/projekt/")["ETag"] != client.get("/projekt/")["ETag"]


def test_a_municipality_on_its_own_host(client, projects, kungalv, settings):
    settings.ALLOWED_HOSTS = ["testserver", "projekt.kungalv.test"]
    kungalv.site_host = "projekt.kungalv.test"
    kungalv.save()
    own_host = client.get("/projekt/", HTTP_HOST="projekt.kungalv.test").content.decode()
    assert "Kungälvs utbyte" in own_host and "Ales utbyte" not in own_host
    assert 'href="/projekt/"' in own_host  # at its host's root, no prefix
    ale_page = client.get("/projekt/").content.decode()  # cached apart: the host is in the key
    assert "Ales utbyte" in ale_page and "Kungälvs utbyte" not in ale_page
    assert client.get("/", HTTP_HOST="elsewhere.test").status_code == 400
    # The portal on Kungälv's host names the installation's address for Ale's projects,
    # and Kungälv's own host for Kungälv's.
    settings.SITE_URL = "https://projekt.example.se"
    ale, kungalvs = projects
    portal = client.get("/region/", HTTP_HOST="projekt.kungalv.test").content.decode()
    assert f'href="https://projekt.example.se/projekt/{ale.pk}-{ale.slug}/"' in portal
    assert f'href="http://projekt.kungalv.test/projekt/{kungalvs.pk}-{kungalvs.slug}/"' in portal


# --- slugs that would hide a page -----------------------------------------------------------


@pytest.mark.parametrize("slug", ["projekt", "intern", "api", "static", "en", "region", "admin"])
def test_a_slug_the_site_already_uses_is_refused_in_swedish(municipality, slug):
    other = Municipality(name="Ny kommun", slug=slug)
    with pytest.raises(ValidationError) as refused:
        other.full_clean()
    message = refused.value.message_dict["slug"][0]
    assert f"/{slug}/" in message and "kan inte användas" in message


def test_an_ordinary_slug_is_accepted(municipality):
    Municipality(name="Lilla Edets kommun", slug="lilla-edet").full_clean()


# --- the logo ------------------------------------------------------------------------------


def png(colour="navy", size=(120, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def test_an_uploaded_logo_is_kept_in_the_database_and_shown_in_the_header(client, kungalv):
    form = SiteLogoForm(
        data={"municipality": kungalv.pk},
        files={"upload": SimpleUploadedFile("logo.png", png(), "image/png")},
    )
    assert form.is_valid(), form.errors
    logo = form.save()
    html = client.get("/kungalv/").content.decode()
    src = re.search(r'<img src="([^"]+)" alt="" class="logo">', html).group(1)
    assert src == f"/kungalv/logotyp/{logo.sha256[:12]}/"
    served = client.get(src)
    assert served["Content-Type"] == "image/png" and served["X-Content-Type-Options"] == "nosniff"
    assert bytes(served.content) == bytes(logo.data)
    assert 'class="logo"' not in client.get("/").content.decode()  # Ale has none
    assert client.get(f"/logotyp/{logo.sha256[:12]}/").status_code == 404  # not Ale's


def test_a_logo_that_is_not_a_picture_is_refused(kungalv):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    form = SiteLogoForm(
        data={"municipality": kungalv.pk},
        files={"upload": SimpleUploadedFile("logo.svg", svg, "image/svg+xml")},
    )
    assert not form.is_valid()
    assert "JPEG" in form.errors["upload"][0]


# --- the regional portal -------------------------------------------------------------------


def facet_counts(html: str, key: str) -> dict[str, int]:
    facet = html[html.index(f'data-facet="{key}"') :]
    facet = facet[: facet.index("</div>")]
    return {v: int(n) for v, n in re.findall(r'data-value="([^"]+)" data-count="(\d+)"', facet)}


def test_the_portal_counts_each_municipalitys_projects_and_filters_by_them(client, demo_data):
    region = Region.objects.get(slug="gr")
    municipalities = list(region.municipalities.all())
    assert {m.slug for m in municipalities} == {"ale", "kungalv", "lilla-edet"}
    expected = {
        m.slug: Project.objects.filter(municipality=m).public().count() for m in municipalities
    }
    html = client.get("/region/").content.decode()
    assert "Göteborgsregionen" in html
    assert facet_counts(html, "kommun") == expected
    total = sum(expected.values())
    assert f"{total} projekt" in html.replace("\xa0", " ")
    for query in ("", "&q=exempel"):
        filtered = client.get(f"/region/?kommun=kungalv{query}").content.decode()
        links = re.findall(r'<h3[^>]*><a href="([^"]+)"', filtered)
        assert links and all(link.startswith("/kungalv/projekt/") for link in links)
        found = Project.objects.filter(municipality__slug="kungalv").public()
        if query:
            found = found.filter(title_sv__icontains="exempel")
        assert f"{found.count()} projekt" in filtered
    # Ale's projects link to Ale's site at the root, SITE_MUNICIPALITY.
    ale = client.get("/region/?kommun=ale").content.decode()
    assert re.search(r'<h3[^>]*><a href="/projekt/\d+-', ale)
    # Each site is linked from the portal, and each site's footer links to the portal.
    for href in ('href="/"', 'href="/kungalv/"', 'href="/lilla-edet/"'):
        assert href in html
    assert 'href="/region/"' in client.get("/kungalv/").content.decode()


def test_the_portal_in_english_links_to_english_pages(client, demo_data):
    html = client.get("/en/region/?kommun=lilla-edet").content.decode()
    links = re.findall(r'<h3[^>]*><a href="([^"]+)"', html)
    assert links and all(link.startswith("/lilla-edet/en/projekt/") for link in links)
    assert client.get("/kungalv/region/")["Location"] == "/region/"


def test_regional_figures_are_the_municipalities_own_and_add_up(client, demo_data):
    region = Region.objects.get(slug="gr")
    figures = regional_figures(region.municipalities.order_by("name"))
    for index, definition in enumerate(figures.definitions):
        column = [values[index] for _m, values in figures.rows]
        if definition.key in ADDITIVE:
            assert figures.total[index] == sum(column), definition.key
        else:  # partner countries: each country once in the region
            assert max(column) <= figures.total[index] <= sum(column)
    # Each row is what the municipality's own start page shows.
    for municipality, values in figures.rows:
        home = "/" if municipality.slug == "ale" else f"/{municipality.slug}/"
        html = client.get(home).content.decode().replace("\xa0", " ")
        for definition, value in zip(figures.definitions, values, strict=True):
            shown = re.search(rf'data-figure="{definition.key}"><dt>[^<]*</dt><dd>([^<]+)', html)
            assert int(shown.group(1).replace(" ", "")) == value, (municipality, definition.key)
    page = client.get("/region/").content.decode().replace("\xa0", " ")
    total_row = page[page.index("<tfoot>") : page.index("</tfoot>")]
    shown = [int(n.replace(" ", "")) for n in re.findall(r'class="number">([^<]+)<', total_row)]
    assert shown == figures.total


def test_no_portal_for_a_municipality_outside_a_region(client, municipality):
    assert client.get("/region/").status_code == 404
    assert 'href="/region/"' not in client.get("/").content.decode()


def test_the_demo_neighbours_are_example_data_and_say_so(demo_data):
    ale = Municipality.objects.get(slug="ale")
    assert ale.region.slug == "gr" and ale.region.name == "Göteborgsregionen"
    for slug, name in (("kungalv", "Kungälvs kommun"), ("lilla-edet", "Lilla Edets kommun")):
        neighbour = Municipality.objects.get(slug=slug)
        assert neighbour.name == name and neighbour.region == ale.region
        assert neighbour.organisation_number == ""  # none invented
        assert neighbour.coordinator_email.endswith(".example.org")
        assert neighbour.brand_colour != ale.brand_colour
        assert neighbour.site_logo.is_example and neighbour.departments.exists()
        projects = Project.objects.filter(municipality=neighbour)
        assert projects.count() >= 4
        assert not projects.filter(is_example_data=False).exists()
        assert not projects.exclude(title_sv__startswith="Exempel:").exists()
        assert not projects.exclude(public_summary_sv__startswith="Exempel:").exists()
        assert len(set(projects.values_list("status", flat=True))) >= 3
        assert projects.public().exists() and projects.public().count() <= projects.count()


def test_a_neighbours_subscribers_get_links_to_its_own_site(
    kungalv, make_project, django_capture_on_commit_callbacks, mailoutbox, settings
):
    from projektdatabas.subscriptions.digests import send_digests
    from projektdatabas.subscriptions.models import Subscription

    settings.SITE_URL = "https://projekt.example.se"
    subscription = Subscription.objects.create(
        municipality=kungalv,
        email="boende@example.org",
        language="sv",
        projects=True,
        confirmed_at=NOW - dt.timedelta(days=1),
    )
    project = make_project(
        **published(
            municipality=kungalv,
            lead_department=kungalv.departments.get(),
            title_sv="Kungälvs nya utbyte",
            slug="nytt",
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(now=NOW + dt.timedelta(hours=1)) == 1
    body = mailoutbox[0].body
    site = "https://projekt.example.se/kungalv"
    assert f"{site}/projekt/{project.pk}-nytt/" in body
    assert f"{site}/prenumerera/avsluta/{subscription.token}/" in body


def test_a_municipality_s_page_not_found_shows_its_own_logo_and_name(client, kungalv):
    logo = SiteLogoForm(
        data={"municipality": kungalv.pk},
        files={"upload": SimpleUploadedFile("logo.png", png(), "image/png")},
    )
    assert logo.is_valid(), logo.errors
    sha = logo.save().sha256
    missing = client.get("/kungalv/projekt/finns-inte/")
    assert missing.status_code == 404
    html = missing.content.decode()
    assert f'<img src="/kungalv/logotyp/{sha[:12]}/" alt="" class="logo">' in html
    assert "Kungälvs kommun" in html


def test_the_portal_says_which_word_found_nothing(client, demo_data):
    """A search word alone that finds nothing is named, as on a municipality's own list,
    not reported as filters the visitor never chose."""
    page = client.get("/region/?q=xyzzy").content.decode()
    assert "Inga publicerade projekt matchar ”xyzzy”. Prova ett kortare ord" in page
    assert "alla filter du valt" not in page
    page = client.get("/region/?q=xyzzy&kommun=ale").content.decode()
    assert "matchar ”xyzzy” tillsammans med filtren du valt" in page


@pytest.mark.parametrize("site", ["/", "/kungalv/", "/lilla-edet/"])
def test_every_link_on_a_sites_open_data_page_answers(client, demo_data, site):
    """The IATI file answers 404 until the municipality has something to publish in it
    (Kungälv's example data has no organisation number): its page then says so instead of
    linking to a missing file."""
    page = client.get(f"{site}oppna-data/").content.decode()
    links = sorted(
        {a for a in re.findall(r'href="(/[^"]*)"', page) if not a.startswith("/static/")}
    )
    assert any("iati" in a for a in links) == (site == "/")
    broken = [(a, status) for a in links if (status := client.get(a).status_code) != 200]
    assert not broken, broken
    if site != "/":
        assert "Inte publicerad ännu: filen kräver kommunens organisationsnummer" in page


def test_the_portal_does_not_pass_its_municipalities_off_as_the_whole_region(client, demo_data):
    """Göteborgsregionen has 13 municipalities; the demo portal holds three of them."""
    page = client.get("/region/").content.decode()
    assert "från de 3 kommuner i regionen som publicerar här" in page
    assert "regionens 3 kommuner" not in page


@pytest.mark.parametrize("path", ["/region/", "/region/rapporter/"])
def test_the_portals_footer_offers_no_one_municipalitys_calls_feed_or_open_data(
    client, demo_data, path
):
    """The portal is served at Ale's root, but Ale's calls, feed and open data are not the
    region's: its footer leads to the portal's own pages and says where the rest is."""
    html = client.get(path).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    links = re.findall(r'href="([^"]+)"', footer)
    assert links == [
        "/region/",
        "/region/rapporter/",
        # The portal's own (tests/test_portal_pages.py): they had been Ale's.
        "/region/tillganglighetsredogorelse/",
        "/region/personuppgifter/",
    ]
    assert "utlysningar, nyhetsflöde och öppna data finns på kommunens egen webbplats" in footer
    # A municipality's own pages keep their footer.
    ale = client.get("/").content.decode()
    assert 'href="/utlysningar/"' in ale[ale.index('<footer class="site-footer">') :]


@pytest.mark.parametrize("base", ["/projekt/", "/en/projekt/", "/region/", "/en/region/"])
@pytest.mark.parametrize("number", ["abc", "0", "-1", "9" * 40])
def test_a_page_number_that_is_no_page_shows_a_page_without_a_message(
    client, demo_data, base, number
):
    """As the other lists do: "Sida: Fyll i ett heltal" named a field nobody filled in,
    "None:" on the portal, and "0" got Django's "Kontrollera att detta värde …"."""
    html = client.get(f"{base}?sida={number}").content.decode()
    assert 'role="alert"' not in html
    assert "None:" not in html and "Kontrollera att" not in html and "Ensure" not in html
    assert re.search(r'<h3[^>]*><a href="', html)  # hits, on the first page or the last


def test_the_second_page_is_the_second_page(client, demo_data):
    first = client.get("/region/").content.decode()
    second = client.get("/region/?sida=2").content.decode()
    hits = r'<h3[^>]*><a href="([^"]+)"'
    assert re.findall(hits, first) and re.findall(hits, second)
    assert not set(re.findall(hits, first)) & set(re.findall(hits, second))


def test_a_municipality_without_twin_towns_says_so(client, kungalv):
    """/kungalv/vanorter/ was a heading and a subscribe prompt, nothing else."""
    html = client.get("/kungalv/vanorter/").content.decode()
    assert "Kungälvs kommun har inga vänorter registrerade här ännu." in html
    assert '<a href="/kungalv/projekt/">Se de internationella projekten</a>' in html
