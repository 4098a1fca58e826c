"""The search page's drawing (public/listing.py, public/_facets.html, _result_list.html):
facet links built once per facet, reference names read once per content version, counts
by columns (projects/search_links.py), and one markup for the list and the portal."""

import re

import numpy as np
import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from projektdatabas.core import money
from projektdatabas.organisations.models import Municipality
from projektdatabas.projects.models import Project
from projektdatabas.projects.reference import Theme
from projektdatabas.projects.search_links import COLUMNS, Codes, Link
from projektdatabas.public.listing import facet, url_with
from projektdatabas.public.templatetags.facets import number_grouping

pytestmark = pytest.mark.django_db


# --- facet links ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=v%C3%A4nort",
        "q=a+%26+b&tema=kultur&sida=3",
        "q=x&land=DE&land=FI&sortera=nyast",
        "tema=barn-unga&q=%22ny+start%22",
    ],
)
def test_each_facet_link_is_the_query_string_url_with_builds(query):
    params = QueryDict(query)
    values = ["kultur", "barn-unga", "å ä/ö&=?", "12"]
    built = facet(params, "tema", "Tema", [(v, v, 1, "") for v in values])
    for value in built.values:
        chosen = params.get("tema") == value.value
        assert value.selected == chosen
        assert value.url == url_with(params, tema=None if chosen else value.value)


def test_counts_are_grouped_as_the_number_filter_groups_them():
    for language in ("sv", "en"):
        with translation.override(language):
            grouped = number_grouping()
            for n in (0, 7, 999, 1000, 28343, 200308, 1000011, 123456789):
                assert grouped(n) == money.grouped(n), (language, n)


# --- counting links by columns ----------------------------------------------------------


def test_link_counts_by_columns_equal_counting_each_projects_links():
    rng = np.random.default_rng(7)
    size, codes = 400, Codes()
    for value in range(30):
        codes.add(value)
    # Projects with no link, with one, and with more than the columns hold.
    lengths = rng.choice([0, 1, 2, 3, COLUMNS + 1, COLUMNS + 3], size=size)
    rows = np.array(
        [(p, c) for p in range(size) for c in rng.choice(30, lengths[p], replace=False)]
    )
    link = Link.grouped(rows, codes, size)
    # A project changed since the build (search_patch.py) counts with its current codes.
    link.overridden[5] = True
    link.overrides[5] = np.array([29, 28], dtype=np.int32)
    codes.add("new value")  # a value first seen after the build
    link.overridden[6] = True
    link.overrides[6] = np.array([codes.index["new value"]], dtype=np.int32)

    def by_hand(ids):
        found = np.zeros(len(codes.values), dtype=np.int64)
        for p in ids:
            linked = link.overrides[p] if link.overridden[p] else rows[rows[:, 0] == p, 1]
            for code in linked:
                found[code] += 1
        return found

    for ids in (np.arange(size), np.sort(rng.choice(size, 90, replace=False)), np.array([5, 6])):
        assert link.count(ids).tolist() == by_hand(ids).tolist()


# --- one markup, names read once per version --------------------------------------------


def facet_items(html: str, key: str) -> list[str]:
    facet_html = html[html.index(f'data-facet="{key}"') :]
    return re.findall(r"<li>.*?</li>", facet_html[: facet_html.index("</div>")], re.S)


def test_the_list_and_the_portal_draw_their_facets_alike(client, demo_data):
    listed = client.get("/en/projekt/").content.decode()
    portal = client.get("/en/region/").content.decode()
    # Both mark each value with its value and count, and a Swedish-only name as Swedish on
    # the English page (the portal's municipality names had no lang before).
    kinds = facet_items(listed, "typ")
    assert kinds and all(re.search(r'data-value="[a-z_]+" data-count="\d+"', li) for li in kinds)
    ale = next(li for li in facet_items(portal, "kommun") if 'data-value="ale"' in li)
    assert '<span lang="sv">Ale kommun</span>' in ale
    for html in (listed, portal):
        assert re.search(r'<span>[^<]+</span> <span class="count">\(\d+\)</span></a></li>', html)


def test_the_portal_shows_each_hits_years_as_the_list_does(client, demo_data):
    project = next(
        p
        for p in Project.objects.public().exclude(start_date=None).exclude(end_date=None)
        if p.end_date.year != p.start_date.year
    )
    portal = client.get(
        "/region/", {"kommun": project.municipality.slug, "q": project.title_sv}
    ).content.decode()
    hit = portal[portal.index(f"/projekt/{project.pk}-") :]
    meta = re.search(r'<p class="meta">([^<]*)</p>', hit).group(1)
    years = f"{project.start_date.year}–{project.end_date.year}"
    assert meta.startswith(f"{project.municipality.name} · ") and meta.endswith(years)


def test_facet_names_are_read_once_per_content_version(client, demo_data):
    def tables_read(q):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/projekt/", {"q": q}).status_code == 200
        return " ".join(query["sql"] for query in queries)

    # Two pages first: the first search after the demo data were put back builds the facet
    # index, and the names must then stay kept under one version for the pages after it.
    tables_read("a")
    tables_read("o")
    again = tables_read("e")
    for table in ("projects_theme", "projects_programme", "strategy_orientation"):
        assert f'"{table}"' not in again, table
    # A renamed theme moves the content version: the next page names it anew.
    html = client.get("/projekt/", {"q": "a"}).content.decode()
    slug = re.search(r'data-value="([^"]+)"', "".join(facet_items(html, "tema"))).group(1)
    theme = Theme.objects.get(slug=slug)
    theme.name_sv = "Omdöpt tema"
    theme.save()
    assert "Omdöpt tema" in client.get("/projekt/", {"q": "a"}).content.decode()


def test_the_portals_figures_are_what_each_start_page_shows(client, demo_data):
    # Rows written past the models' signals (a bulk load) leave the kept figures as they
    # were until `rebuild_public_figures`: the portal shows the same as each start page
    # rather than a count of its own.
    kungalv = Municipality.objects.get(slug="kungalv")
    Project.objects.filter(municipality=kungalv).update(is_published=False)
    home = client.get("/kungalv/").content.decode().replace("\xa0", " ")
    projects = re.search(r'data-figure="projects"><dt>[^<]*</dt><dd>([^<]+)', home).group(1)
    portal = client.get("/region/").content.decode().replace("\xa0", " ")
    row = re.search(r'<tr data-municipality="kungalv">(.*?)</tr>', portal, re.S).group(1)
    assert re.findall(r'class="number">([^<]+)<', row)[0] == projects
    assert projects != "0"
