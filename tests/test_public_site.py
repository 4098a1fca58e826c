"""The public project database: only public data, filters with counts, exports, feeds,
twin towns, the accessibility statement and HTTP caching."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from projektdatabas.finance.models import Funding
from projektdatabas.organisations.models import Municipality, Organisation, Twinning, TwinningEvent
from projektdatabas.projects.models import Project, ProjectContact, ProjectPartner, Theme
from projektdatabas.projects.services import archive_project
from projektdatabas.public.models import AccessibilityStatement
from tests.conftest import coordinator_of

pytestmark = pytest.mark.django_db

SECRET = "HEMLIG-INTERN-TEXT"
CONTACT = "Kontakt Personsson"


@pytest.fixture
def site(make_project, publish, partner_abroad):
    culture = Theme.objects.create(slug="kultur", name_sv="Kultur", name_en="Culture")
    youth = Theme.objects.create(slug="barn-unga", name_sv="Barn och unga", name_en="Youth")
    finland = Organisation.objects.create(name="Ruukki", kind="municipality", country="FI")
    p = {
        "culture_de": make_project(
            title_sv="Kulturutbyte Kaufungen",
            title_en="Cultural exchange Kaufungen",
            kind="twin_town_exchange",
            start_date=dt.date(2019, 1, 1),
            end_date=dt.date(2020, 12, 31),
            total_budget=Decimal("100000"),
            internal_description_sv=SECRET,
        ),
        "youth_fi": make_project(
            title_sv="Ungdomsläger Ruukki",
            kind="school_youth_exchange",
            start_date=dt.date(2024, 1, 1),
            end_date=dt.date(2024, 8, 1),
            total_budget=Decimal("500000"),
        ),
        "eu_de": make_project(
            title_sv="EU-projekt med Kaufungen",
            start_date=dt.date(2025, 1, 1),
            end_date=None,
            total_budget=Decimal("2000000"),
        ),
        "draft": make_project(title_sv="Utkast som inte är publicerat"),
        "archived": make_project(title_sv="Arkiverat projekt"),
    }
    p["culture_de"].themes.add(culture)
    p["youth_fi"].themes.add(youth, culture)
    ProjectPartner.objects.create(project=p["culture_de"], organisation=partner_abroad)
    ProjectPartner.objects.create(project=p["eu_de"], organisation=partner_abroad, role="lead")
    ProjectPartner.objects.create(project=p["youth_fi"], organisation=finland)
    ProjectContact.objects.create(project=p["culture_de"], name=CONTACT, email="k@example.se")
    Funding.objects.create(project=p["eu_de"], source="eu_grant", amount=Decimal("1200000"))
    for key in ("culture_de", "youth_fi", "eu_de", "archived"):
        publish(p[key])
    archive_project(project=p["archived"], actor=coordinator_of(p["archived"].municipality))
    for key in p:
        p[key].refresh_from_db()
    return p


def listed(client, **params) -> list[str]:
    data = client.get("/projekt.json", params).json()
    return sorted(item["title"]["sv"] for item in data["results"])


def all_outputs(client) -> str:
    parts = [
        client.get(url).content.decode()
        for url in (
            "/",
            "/projekt/",
            "/projekt.json",
            "/flode/rss/",
            "/flode/atom/",
            "/en/projekt/",
        )
    ]
    parts.append(b"".join(client.get("/projekt.csv").streaming_content).decode("utf-8-sig"))
    return "\n".join(parts)


def test_only_published_projects_and_public_fields_leave_the_system(client, site):
    everything = all_outputs(client)
    assert "Kulturutbyte Kaufungen" in everything
    assert "Utkast som inte är publicerat" not in everything
    assert "Arkiverat projekt" not in everything
    assert SECRET not in everything
    assert CONTACT not in everything
    assert "k@example.se" not in everything
    detail = client.get(f"/projekt/{site['culture_de'].pk}-{site['culture_de'].slug}/")
    assert SECRET not in detail.content.decode() and CONTACT not in detail.content.decode()
    for hidden in ("draft", "archived"):
        project = site[hidden]
        assert client.get(f"/projekt/{project.pk}-{project.slug}/").status_code == 404


def test_filters_combine_and_count(client, site):
    assert listed(client, land="DE") == ["EU-projekt med Kaufungen", "Kulturutbyte Kaufungen"]
    assert listed(client, land="DE", tema="kultur") == ["Kulturutbyte Kaufungen"]
    assert listed(client, typ="school_youth_exchange") == ["Ungdomsläger Ruukki"]
    assert listed(client, fran=2024) == ["EU-projekt med Kaufungen", "Ungdomsläger Ruukki"]
    assert listed(client, till=2020) == ["Kulturutbyte Kaufungen"]
    assert listed(client, partner=site["eu_de"].partners.get().pk) == [
        "EU-projekt med Kaufungen",
        "Kulturutbyte Kaufungen",
    ]
    response = client.get("/projekt/", {"land": "DE"})
    facets = {f.key: {v.label: v.count for v in f.values} for f in response.context["facets"]}
    assert facets["tema"] == {"Kultur": 1}
    assert facets["land"] == {"Tyskland": 2}


def test_each_active_filter_can_be_removed(client, site):
    response = client.get("/projekt/", {"land": "DE", "tema": "kultur", "q": "kultur"})
    removals = {f.key: f.remove_url for f in response.context["active_filters"]}
    assert set(removals) == {"land", "tema"}
    assert "land=" not in removals["land"] and "tema=kultur" in removals["land"]
    assert "q=kultur" in removals["land"]


def test_zero_results_say_why_and_offer_to_drop_a_filter(client, site):
    response = client.get("/projekt/", {"land": "FI", "typ": "eu_project"})
    html = response.content.decode()
    assert response.context["page"].paginator.count == 0
    assert "Inga publicerade projekt matchar alla filter du valt." in html
    drops = {f.key: f.count_without for f in response.context["active_filters"]}
    assert drops == {"land": 1, "typ": 1}


def test_bad_filter_values_are_explained_and_ignored(client, site):
    response = client.get("/projekt/", {"land": "XX", "fran": "nittonhundra", "tema": "okänt"})
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3
    assert "Det gick inte att använda hela sökningen" in html
    assert "Från år: skriv ett årtal med siffror, till exempel 2024." in html
    # Links onwards drop the bad values, so the complaint is not repeated on every click.
    assert "nittonhundra" not in response.context["facets"][0].values[0].url


def test_sorting_by_budget_and_start(client, site):
    by_budget = client.get("/projekt.json", {"sortera": "budget"}).json()["results"]
    assert [r["title"]["sv"] for r in by_budget] == [
        "EU-projekt med Kaufungen",
        "Ungdomsläger Ruukki",
        "Kulturutbyte Kaufungen",
    ]
    by_start = client.get("/projekt.json", {"sortera": "start"}).json()["results"]
    assert by_start[0]["start_date"] == "2025-01-01"


def test_pagination_keeps_filters(client, site, make_project, publish):
    for i in range(25):
        publish(make_project(title_sv=f"Extra {i}"))
    first = client.get("/projekt.json", {"typ": "eu_project"}).json()
    assert first["count"] == 26 and first["pages"] == 2
    assert "typ=eu_project" in first["next"] and "sida=2" in first["next"]
    second = client.get("/projekt.json", {"typ": "eu_project", "sida": 2}).json()
    assert len(second["results"]) == 6


def test_json_twin_has_the_same_hits_as_the_page(client, site):
    page = client.get("/projekt/", {"land": "DE"}).context["page"]
    data = client.get("/projekt.json", {"land": "DE"}).json()
    assert data["count"] == page.paginator.count == 2
    eu = next(r for r in data["results"] if r["title"]["sv"] == "EU-projekt med Kaufungen")
    assert eu["eu_grant_sek"] == 1200000
    assert eu["countries"] == ["DE"]
    assert "contacts" not in eu and "summary_internal" not in eu


def test_csv_opens_in_swedish_excel(client, site):
    response = client.get("/projekt.csv", {"land": "DE"})
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Titel", "Typ", "Status"]
    assert len(rows) == 3
    culture = next(r for r in rows if r[0] == "Kulturutbyte Kaufungen")
    assert culture[1] == "vänortsutbyte"
    assert "Tyskland" in culture
    assert response["Content-Type"].startswith("text/csv")


def test_feeds_list_published_projects(client, site):
    rss = client.get("/flode/rss/").content.decode()
    atom = client.get("/flode/atom/").content.decode()
    for feed in (rss, atom):
        assert "Kulturutbyte Kaufungen" in feed
        assert "Utkast som inte är publicerat" not in feed


def test_twin_town_page_shows_timeline_and_exchanges(client, site, municipality, partner_abroad):
    twinning = Twinning.objects.create(
        municipality=municipality,
        partner=partner_abroad,
        slug="kaufungen",
        first_contact=dt.date(1989, 1, 1),
        agreement_signed=dt.date(1992, 1, 1),
    )
    TwinningEvent.objects.create(
        twinning=twinning,
        date=dt.date(1994, 5, 1),
        precision="month",
        kind="ceremony",
        title_sv="Ceremoni på Alemässan",
    )
    TwinningEvent.objects.create(
        twinning=twinning,
        date=dt.date(1989, 1, 1),
        precision="year",
        kind="first_contact",
        title_sv="Första kontakten",
    )
    TwinningEvent.objects.create(
        twinning=twinning,
        date=dt.date(2025, 3, 18),
        kind="visit",
        title_sv="Besök",
    )
    html = client.get("/vanorter/kaufungen/").content.decode()
    assert html.index("Första kontakten") < html.index("Ceremoni på Alemässan")
    assert "maj 1994" in html and "18 mars 2025" in html
    assert "Kulturutbyte Kaufungen" in html
    assert "Utkast som inte är publicerat" not in html
    # Each exchange with its status: the statistics count only ongoing and completed ones.
    status = site["culture_de"].get_status_display()
    assert re.search(r"Kulturutbyte Kaufungen</a> \(2019, " + re.escape(status) + r"\)", html)
    # A day is written as the rest of the English pages write it ("29 November 2026"),
    # not "March 18, 2025".
    english = client.get("/en/vanorter/kaufungen/").content.decode()
    assert "18 March 2025" in english and "March 18, 2025" not in english


def test_organisation_without_public_projects_has_no_page(client, site):
    lonely = Organisation.objects.create(name="Ensam AB", kind="company", country="SE")
    assert client.get(f"/organisationer/{lonely.pk}/").status_code == 404
    partner = site["eu_de"].partners.get()
    assert (
        "EU-projekt med Kaufungen" in client.get(f"/organisationer/{partner.pk}/").content.decode()
    )


def test_accessibility_statement_has_what_digg_requires(client, municipality):
    AccessibilityStatement.objects.create(
        municipality=municipality,
        compliance="partial",
        known_gaps_sv="Diagram saknar ibland textalternativ.",
        assessed_on=dt.date(2026, 10, 1),
        feedback_email="webb@ale.se",
    )
    html = client.get("/tillganglighetsredogorelse/").content.decode()
    assert "delvis förenlig" in html
    assert "Diagram saknar ibland textalternativ." in html
    assert "1 oktober 2026" in html
    assert "självskattning" in html
    assert "webb@ale.se" in html
    assert "https://www.digg.se/tdosanmalan" in html
    assert "senast uppdaterad" in html


def test_every_public_page_links_to_the_statement(client, site):
    for url in ("/", "/projekt/", "/vanorter/", "/personuppgifter/"):
        assert 'href="/tillganglighetsredogorelse/"' in client.get(url).content.decode()


def test_english_under_en(client, site):
    html = client.get("/en/projekt/", {"q": "cultural"}).content.decode()
    assert '<html lang="en">' in html
    assert "<mark>Cultural</mark> exchange Kaufungen" in html
    assert 'href="/projekt/?q=cultural"' in html  # the way back to Swedish keeps the search


def test_http_caching_is_invalidated_by_a_change(client, site):
    first = client.get("/projekt/")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get("/projekt/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    project = site["culture_de"]
    project.title_sv = "Kulturutbyte Kaufungen 2.0"
    project.save()
    after = client.get("/projekt/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert "Kulturutbyte Kaufungen 2.0" in after.content.decode()


def test_a_new_partner_invalidates_the_page(client, site):
    project = site["youth_fi"]
    url = f"/projekt/{project.pk}-{project.slug}/"
    etag = client.get(url)["ETag"]
    new = Organisation.objects.create(name="Tartu linn", kind="municipality", country="EE")
    ProjectPartner.objects.create(project=project, organisation=new)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_brand_colour_must_carry_white_text(municipality, client):
    municipality.brand_colour = "#ffcc00"
    with translation.override("sv"), pytest.raises(ValidationError) as excinfo:
        municipality.full_clean()
    assert "minst 4,5:1" in str(excinfo.value)
    municipality.brand_colour = "#1d3a8a"
    municipality.full_clean()
    municipality.save()
    assert "--brand: #1d3a8a" in client.get("/tema.css").content.decode()


def test_every_hit_is_listed_and_counted(client, site):
    # No candidate cap (issue 16): the heading, the JSON and the counts cover every hit.
    public = Project.objects.public()
    response = client.get("/projekt/")
    html = response.content.decode()
    assert f"{public.count()} projekt" in html
    assert "senast tillagda" not in html
    kinds = {v.label: v.count for v in response.context["facets"][0].values}
    assert sum(kinds.values()) == public.count()
    data = client.get("/projekt.json").json()
    assert data["count"] == public.count() and "capped" not in data


def test_repeat_visit_is_answered_from_the_page_cache(
    client, site, django_assert_num_queries, settings
):
    settings.CONTENT_VERSION_TTL = 0  # ask the database every time: the strictest path
    client.get("/projekt/", {"land": "DE"})
    with django_assert_num_queries(1):  # only the content version is read
        response = client.get("/projekt/", {"land": "DE"})
    assert "Kulturutbyte Kaufungen" in response.content.decode()
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_links_onward_are_encoded_and_drop_rejected_values(client, site):
    response = client.get("/projekt/", {"q": "kultur & ungdom", "typ": "eu_project", "land": "XX"})
    assert response.context["clear_url"] == "?q=kultur+%26+ungdom"
    html = response.content.decode()
    # A new search keeps the filters that worked and forgets the one that did not.
    assert 'name="typ" value="eu_project"' in html
    assert 'value="XX"' not in html


def test_public_caching_works_before_the_first_save(db):
    from projektdatabas.core.models import ContentVersion

    # The middleware skips caching without the version row; the migration creates it.
    assert ContentVersion.objects.filter(pk=1).exists()


def test_feed_is_served_whole_from_the_page_cache(
    client, site, django_assert_num_queries, settings
):
    settings.CONTENT_VERSION_TTL = 0
    first = client.get("/flode/rss/").content
    with django_assert_num_queries(1):
        again = client.get("/flode/rss/")
    assert again.content == first
    assert b"Kulturutbyte Kaufungen" in again.content


def test_within_the_ttl_cached_pages_need_no_database(
    client, site, settings, django_assert_num_queries, monkeypatch
):
    """Another worker's change shows here within CONTENT_VERSION_TTL; this worker's at once."""
    import time

    from django.db.models import F
    from django.utils import timezone

    from projektdatabas.core import versioning
    from projektdatabas.core.models import ContentVersion

    settings.CONTENT_VERSION_TTL = 60
    first = client.get("/projekt/")
    with django_assert_num_queries(0):
        assert client.get("/projekt/")["ETag"] == first["ETag"]
    # Another worker process publishes something: only the shared row moves.
    ContentVersion.objects.update(counter=F("counter") + 1, changed_at=timezone.now())
    assert client.get("/projekt/")["ETag"] == first["ETag"]
    later = time.monotonic() + 61
    monkeypatch.setattr(versioning.time, "monotonic", lambda: later)
    assert client.get("/projekt/")["ETag"] != first["ETag"]


def test_partner_filter_and_organisation_page_agree_on_what_is_public(
    client, site, municipality, partner_abroad
):
    draft_only = Organisation.objects.create(name="Bara i utkast AB", kind="company", country="SE")
    ProjectPartner.objects.create(project=site["draft"], organisation=draft_only)
    archived_only = Organisation.objects.create(name="Arkivpartner", kind="company", country="SE")
    ProjectPartner.objects.create(project=site["archived"], organisation=archived_only)
    # A twin town has a page without any project, and another municipality's has none here.
    twin = Organisation.objects.create(name="Bertinoro", kind="municipality", country="IT")
    Twinning.objects.create(municipality=municipality, partner=twin, slug="bertinoro")
    elsewhere = Municipality.objects.create(name="Grannkommun", slug="granne")
    theirs = Organisation.objects.create(name="Grannens vänort", kind="municipality", country="DK")
    Twinning.objects.create(municipality=elsewhere, partner=theirs, slug="granne")

    has_page = {}
    for organisation in Organisation.objects.all():
        page = client.get(f"/organisationer/{organisation.pk}/").status_code
        listing = client.get("/projekt/", {"partner": organisation.pk}).context["listing"]
        has_page[organisation.name] = page == 200
        assert ("partner" in listing.data) == (page == 200), organisation.name
    assert has_page == {
        "Kaufungen": True,
        "Ruukki": True,
        "Bertinoro": True,
        "Bara i utkast AB": False,
        "Arkivpartner": False,
        "Grannens vänort": False,
    }


def test_an_organisation_without_a_public_page_is_a_bad_partner_value(client, site):
    hidden = Organisation.objects.create(name="Bara i utkast AB", kind="company", country="SE")
    ProjectPartner.objects.create(project=site["draft"], organisation=hidden)
    response = client.get("/projekt/", {"partner": hidden.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bara i utkast AB" not in html
    assert f"Partner: det finns inget ”{hidden.pk}” att filtrera på." in html  # named, left out
    assert response.context["page"].paginator.count == 3
    assert client.get("/projekt.json", {"partner": hidden.pk}).json()["count"] == 3


def test_a_cached_page_still_refuses_a_host_that_is_not_allowed(client, site):
    assert client.get("/projekt/").status_code == 200  # now in the page cache
    response = client.get("/projekt/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "evil.example" not in response.content.decode()


def test_each_allowed_host_gets_its_own_cached_feed(client, site, settings):
    # Feeds link with the address they were asked on: one host's copy must not serve another.
    settings.ALLOWED_HOSTS = ["projekt.ale.se", "projekt.example.se"]
    first = client.get("/flode/rss/", HTTP_HOST="projekt.ale.se").content.decode()
    second = client.get("/flode/rss/", HTTP_HOST="projekt.example.se").content.decode()
    assert "http://projekt.ale.se/projekt/" in first and "projekt.example.se" not in first
    assert "http://projekt.example.se/projekt/" in second and "projekt.ale.se" not in second


def test_a_bad_value_in_the_address_is_explained_in_plain_words(client, site):
    """An old or edited link, not a choice the visitor made: no "Välj ett giltigt
    alternativ", and the value that could not be used is named."""
    html = client.get("/projekt/", {"typ": "eu", "till": "3000"}).content.decode()
    assert "Typ: det finns inget ”eu” att filtrera på. Det utelämnades." in html
    assert "Till år: skriv ett årtal från 1950 till 2100." in html
    assert "giltigt alternativ" not in html


def test_a_search_of_several_words_that_finds_nothing_says_each_word_must_be_found(client, site):
    """'och i att det som' and 'Kaufungen OR Bertinoro' found nothing and advised a
    shorter word: every word is looked for in the same project, and fewer words help."""
    several = client.get("/projekt/", {"q": "Kaufungen OR Bertinoro"}).content.decode()
    assert "Ett projekt hittas när det innehåller alla ord du skrev: prova med färre ord" in several
    one = client.get("/projekt/", {"q": "xyzzy"}).content.decode()
    assert "Prova ett kortare ord" in one and "färre ord" not in one


def test_staff_find_the_sign_in_from_the_public_site(client, site):
    """Staff had to know the address /intern/: the public site linked nowhere to it."""
    html = client.get("/").content.decode()
    assert '<a href="/intern/logga-in/">För kommunens personal: logga in</a>' in html
    assert client.get("/intern/logga-in/").status_code == 200
    # A neighbour's site under its own path links the same staff pages (tests/
    # test_region_sites.py follows every link of those sites).
