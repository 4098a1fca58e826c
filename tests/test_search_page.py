"""The search page's drawing (public/listing.py, public/_facets.html, _result_list.html):
facet links built once per facet, reference names read once per content version, counts
by columns (projects/search_links.py), and one markup for the list and the portal."""

import re

import numpy as np
import pytest
from django.core.cache import caches
from django.db import connection
from django.http import QueryDict
from django.template import Context, Template
from django.template.defaultfilters import truncatewords_html
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.safestring import SafeData

from projektdatabas.core import money
from projektdatabas.organisations.models import Municipality, Organisation
from projektdatabas.projects.models import Project
from projektdatabas.projects.reference import Theme
from projektdatabas.projects.search import highlight, parse_query
from projektdatabas.projects.search_links import COLUMNS, Codes, Link
from projektdatabas.public.hits import hits, prepare_hits, truncated
from projektdatabas.public.listing import FACET_LIMIT, facet, url_with
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


def test_a_long_facet_shows_its_first_values_and_opens_in_full(client, demo_data):
    """A partner with one project was out of reach: the facet showed 15 partners and no
    way to the rest. "Visa alla" opens the facet; every count is still the exact one."""
    from projektdatabas.projects.models import ProjectPartner

    page = client.get("/projekt/").content.decode()
    shown = facet_items(page, "partner")
    assert len(shown) == FACET_LIMIT
    more = re.search(r'<a href="([^"]+)">Visa alla<span class="visually-hidden">: Partner', page)
    assert more and "alla=partner" in more.group(1) and more.group(1).endswith("#filter-partner")
    opened = client.get("/projekt/" + more.group(1).split("#")[0].replace("&amp;", "&"))
    page = opened.content.decode()
    partners = (
        ProjectPartner.objects.filter(project__in=Project.objects.public())
        .values("organisation")
        .distinct()
        .count()
    )
    assert partners > FACET_LIMIT
    every = facet_items(page, "partner")
    assert len(every) == partners
    # The counts are the exact ones, the least frequent partner included.
    counts = [int(n) for n in re.findall(r'data-count="(\d+)"', "".join(every))]
    assert counts == sorted(counts, reverse=True) and counts[-1] >= 1
    assert 'Visa färre<span class="visually-hidden">: Partner' in page
    # On a phone the filters sit in a closed <details>: opened with the facet, not left to the
    # browser's jump to #filter-partner.
    assert '<details class="filters" open>' in page
    # The facet index opens a facet as the SQL definition does.
    from projektdatabas.projects.search import PublicSearch

    ale = Municipality.objects.get(slug="ale")
    search = PublicSearch(municipality=ale, query=parse_query(""), filters={})
    for name in ("partner", "program"):
        opened = search.counts(limit=2, whole=name)
        assert opened == search.counts_in_sql(limit=2, whole=name)
        assert len(opened[name]) > 2 and len(opened["tema"]) == 2
    assert len(search.counts(limit=2, whole="partner")["partner"]) == partners
    # Another facet stays short, and choosing a partner keeps the facet open.
    assert len(facet_items(page, "program")) <= FACET_LIMIT
    assert "alla=partner" in re.search(r'data-facet="partner".*?href="([^"]+)"', page, re.S)[1]
    # A facet of few values has neither link.
    assert 'Visa alla<span class="visually-hidden">: Typ' not in page


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


# --- the hits drawn in Python ----------------------------------------------------------

# The result list as the template drew it before the hits were drawn in prepare_hits().
TEMPLATE_DRAWN = """{% load i18n %}{% for project in page %}
  <li class="result">
    <h3{{ project.title_lang }}><a href="{{ project.url }}">{{ project.title_marked }}</a></h3>
    <p class="meta">{{ project.meta }}</p>
    <p{{ project.summary_lang }}>{{ project.summary_marked|truncatewords_html:40 }}</p>
    {% if project.is_example_data %}<p class="tag">{% translate "Example data" %}</p>{% endif %}
  </li>
  {% endfor %}"""


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("regional", [False, True])
def test_hits_are_drawn_as_the_template_drew_project_instances(demo_data, language, regional):
    ids = list(Project.objects.public().order_by("-pk").values_list("pk", flat=True)[:20])
    long = "Ett <ord> & " + "projektets mål " * 30
    # Cut summaries, in Swedish only (marked lang="sv" on the English page) and in both.
    Project.objects.filter(pk__in=ids[:2]).update(is_example_data=True, public_summary_sv=long)
    Project.objects.filter(pk=ids[0]).update(public_summary_en="", title_en="")
    Project.objects.filter(pk=ids[1]).update(public_summary_en=long.replace("mål", "goals"))
    query = parse_query("projekt")
    instances = Project.objects.select_related("lead_department", "municipality").in_bulk(ids)
    models = [instances[pk] for pk in ids]
    with translation.override(language):
        drawn = hits(ids)
        for page in (models, drawn):
            prepare_hits(page, query, lambda p: f"/p/{p.pk}?a&b", regional=regional)
        html = Template(TEMPLATE_DRAWN).render(Context({"page": models}))
        assert "".join(hit.html for hit in drawn) == html
    assert '<p class="tag">' in html and " …</p>" in html and "&lt;ord&gt; &amp;" in html


def test_summaries_are_cut_as_truncatewords_html_cuts_them():
    rng = np.random.default_rng(16)
    vocabulary = ["amp", "lt", "x27", "mål", "Mål", "målen", "ung", "a&b", "<b>", "'", '"', "&amp;"]
    vocabulary += ["quot;", "-", "–", "\n", "  ", " \n ", "\xa0", "ord"] + ["ord"] * 10
    for _ in range(400):
        text = " ".join(rng.choice(vocabulary, size=rng.integers(0, 90)))
        if rng.random() < 0.5:
            text = text.replace(" ", "", int(rng.integers(0, 20)))
        query = parse_query(" ".join(rng.choice(["mål", "amp", "lt", "ung", "ord", "x"], 2)))
        marked = highlight(text, query)
        assert truncated(marked) == truncatewords_html(marked, 40), (text, query)
        assert isinstance(truncated(marked), SafeData)
    assert truncated("<i>a b</i>") == "&lt;i&gt;a b&lt;/i&gt;"  # unmarked text: escaped


def test_a_search_page_reads_its_hits_in_one_query_and_kept_names(client, demo_data):
    client.get("/projekt/", {"q": "a"})  # builds the facet index, keeps the names

    def queries(q):
        caches["pages"].clear()  # a first-time page
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/projekt/", {"q": q}).content.decode()
        return html, [query["sql"] for query in captured]

    html, sql = queries("a")
    assert html.count('class="result"') == 20
    # The twenty hits in one query of their own columns, named with kept departments; the
    # partners named on the page before are not read again.
    projects = [s for s in sql if '"projects_project"' in s]
    assert len(projects) == 1 and "JOIN" not in projects[0], projects
    assert not [s for s in sql if '"organisations_organisation"' in s], sql
    assert not [s for s in sql if '"organisations_department"' in s], sql


def test_a_renamed_partner_is_named_anew_in_the_facet(client, demo_data):
    def partner_names():
        caches["pages"].clear()
        html = client.get("/projekt/", {"q": "a"}).content.decode()
        return re.findall(r"<span[^>]*>([^<]+)</span> <span", "".join(facet_items(html, "partner")))

    first = partner_names()
    assert first
    organisation = Organisation.objects.get(name=first[0])
    organisation.name = "Omdöpt partner"
    organisation.save()  # moves the content version: the kept names are read anew
    assert "Omdöpt partner" in partner_names()
