"""The embed pages (/inbaddning/…) for the municipality's website: what they show, and that
only they, and only for the configured origins, may be framed."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from projektdatabas.news import services as news_services
from projektdatabas.organisations.models import Twinning
from projektdatabas.projects.models import ProjectPartner
from projektdatabas.public.embedding import check_embed_origins
from tests.conftest import coordinator_of

pytestmark = pytest.mark.django_db

ORIGINS = ["https://www.ale.se", "https://intranat.ale.se:8443"]
EMBED_PAGES = [
    "/inbaddning/projekt/",
    "/inbaddning/projekt/?typ=twin_town_exchange&land=DE",
    "/inbaddning/vanorter/kaufungen/",
    "/inbaddning/nyheter/",
    "/en/inbaddning/projekt/",
    "/en/inbaddning/vanorter/kaufungen/",
    "/en/inbaddning/nyheter/",
]
OTHER_PAGES = [
    "/",
    "/projekt/",
    "/projekt/?typ=twin_town_exchange&land=DE",
    "/vanorter/kaufungen/",
    "/nyheter/",
    "/en/projekt/",
    "/intern/logga-in/",
]


def frame_ancestors(response) -> list[str]:
    for directive in response["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        if name == "frame-ancestors":
            return sources
    raise AssertionError("no frame-ancestors in the CSP")


@pytest.fixture
def site(municipality, make_project, publish, partner_abroad):
    twinning = Twinning.objects.create(
        municipality=municipality, partner=partner_abroad, slug="kaufungen"
    )
    exchange = make_project(
        kind="twin_town_exchange", title_sv="Ungdomsutbyte Kaufungen", slug="utbyte"
    )
    ProjectPartner.objects.create(project=exchange, organisation=partner_abroad)
    publish(exchange)
    publish(make_project(kind="eu_project", title_sv="Klimatprojekt", slug="klimat"))
    make_project(
        kind="twin_town_exchange", title_sv="Hemligt utkast", slug="utkast"
    )  # not published
    return twinning


def test_embed_pages_may_be_framed_by_exactly_the_configured_origins(site, client, settings):
    settings.EMBED_ALLOWED_ORIGINS = ORIGINS
    for path in EMBED_PAGES:
        for attempt in ("rendered", "from the page cache"):
            response = client.get(path)
            assert response.status_code == 200, (path, attempt)
            assert frame_ancestors(response) == ORIGINS, (path, attempt)
            assert "X-Frame-Options" not in response, (path, attempt)


def test_every_other_page_still_refuses_frames(site, client, settings):
    settings.EMBED_ALLOWED_ORIGINS = ORIGINS
    # Embed pages and normal ones in turn, each twice: a cached page keeps its own headers.
    for embed_path, other_path in zip(EMBED_PAGES, OTHER_PAGES, strict=True):
        for _ in range(2):
            embed = client.get(embed_path)
            assert frame_ancestors(embed) == ORIGINS, embed_path
            other = client.get(other_path)
            assert other.status_code == 200, other_path
            assert other["X-Frame-Options"] == "DENY", other_path
            assert frame_ancestors(other) == ["'none'"], other_path


def test_without_configured_origins_the_embed_pages_refuse_frames(site, client, settings):
    settings.EMBED_ALLOWED_ORIGINS = []
    for path in EMBED_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["X-Frame-Options"] == "DENY", path
        assert frame_ancestors(response) == ["'none'"], path


def test_an_invalid_origin_never_reaches_the_header(site, client, settings):
    settings.EMBED_ALLOWED_ORIGINS = ["https://www.ale.se", "https://evil.example; script-src *"]
    response = client.get("/inbaddning/nyheter/")
    assert frame_ancestors(response) == ["https://www.ale.se"]


def test_the_project_list_takes_its_filters_from_the_address(site, client):
    page = client.get("/inbaddning/projekt/", {"typ": "twin_town_exchange"}).content.decode()
    assert "Ungdomsutbyte Kaufungen" in page
    assert "Klimatprojekt" not in page  # another kind
    assert "Hemligt utkast" not in page  # not published
    # The whole list, with the same filter, opens in the top window.
    assert 'href="/projekt/?typ=twin_town_exchange"' in page and "Alla 1 projekt" in page
    assert '<base target="_top">' in page
    # Light: no site header, menus, footer or script.
    for absent in ("<header", "<nav", "<footer", "<script", "site.css"):
        assert absent not in page, absent
    assert "<h1>Projekt och utbyten</h1>" in page
    assert "Typ: <span>vänortsutbyte</span>" in page  # what the list was narrowed to

    everything = client.get("/inbaddning/projekt/", {"antal": "1"}).content.decode()
    assert everything.count("<li>") == 1 and "Alla 2 projekt" in everything

    named = client.get("/inbaddning/projekt/", {"typ": "nonsense"}).content.decode()
    assert "kunde inte användas" in named  # a wrong filter is said, not silently dropped


def test_the_twin_town_page_lists_its_projects(site, client):
    page = client.get("/inbaddning/vanorter/kaufungen/").content.decode()
    assert "<h1>Projekt med Kaufungen</h1>" in page
    assert "Ungdomsutbyte Kaufungen" in page and "Klimatprojekt" not in page
    assert 'href="/vanorter/kaufungen/"' in page
    english = client.get("/en/inbaddning/vanorter/kaufungen/").content.decode()
    assert "<h1>Projects with Kaufungen</h1>" in english
    assert client.get("/inbaddning/vanorter/finns-inte/").status_code == 404


def test_the_news_page_shows_the_latest_public_news(site, municipality, client):
    coordinator = coordinator_of(municipality)
    for title, publish in (("Äldre nyhet", True), ("Nyaste nyheten", True), ("Utkast", False)):
        item = news_services.create_news_item(
            actor=coordinator,
            municipality=municipality,
            changes={"title_sv": title, "body_sv": "Text."},
        )
        if publish:
            news_services.publish_news_item(item=item, actor=coordinator)
    page = client.get("/inbaddning/nyheter/").content.decode()
    assert page.index("Nyaste nyheten") < page.index("Äldre nyhet")
    assert "Utkast" not in page
    assert 'href="/nyheter/rss/"' in page


@pytest.mark.parametrize(
    "origin",
    [
        "https://*.ale.se",
        "*",
        "https://www.ale.se/",
        "https://www.ale.se/projekt",
        "www.ale.se",
        "ftp://www.ale.se",
        "https://user@www.ale.se",
        "https://www.ale.se:99999",
        "https://www.ale.se; script-src *",
        "'self'",
    ],
)
def test_a_wrong_origin_stops_the_start(settings, origin):
    settings.EMBED_ALLOWED_ORIGINS = ["https://www.ale.se", origin]
    errors = check_embed_origins()
    assert [e.id for e in errors] == ["public.E001"]
    assert repr(origin) in errors[0].msg
    with pytest.raises(SystemCheckError, match="public.E001"):
        call_command("check", tags=["security"])


def test_right_origins_pass_the_check(settings):
    settings.EMBED_ALLOWED_ORIGINS = [
        "https://www.ale.se",
        "https://intranat.ale.se:8443",
        "http://127.0.0.1:8001",
        "http://[::1]:8001",
    ]
    assert check_embed_origins() == []


def test_plain_http_is_a_warning_in_production(settings):
    settings.EMBED_ALLOWED_ORIGINS = ["http://www.ale.se"]
    settings.PRODUCTION = True
    assert [e.id for e in check_embed_origins()] == ["public.W001"]
