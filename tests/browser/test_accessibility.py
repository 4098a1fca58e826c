"""axe-core (WCAG 2.0/2.1 A and AA) finds nothing on the public pages, in real Chromium."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from projektdatabas.core import versioning
from projektdatabas.news.models import NewsItem
from projektdatabas.projects.models import Project

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]


def public_pages(live_server_url: str) -> dict[str, str]:
    project = Project.objects.public().get(slug="vikinga")
    news = NewsItem.objects.public().get(image__isnull=False)
    # The demo's public news are in English too: one read without its translation, as a
    # news item written in Swedish only would be.
    untranslated = NewsItem.objects.public().exclude(pk=news.pk).first()
    NewsItem.objects.filter(pk=untranslated.pk).update(title_en="", body_en="")
    versioning.bump()  # update() passes no signal: the cached pages must not outlive it
    return {
        "start page": "/",
        "search with filters": "/projekt/?q=projekt&tema=kultur&land=DE&sortera=start",
        "empty result": "/projekt/?q=finnsintenagonstans&typ=eu_project",
        # Nothing found, and the filters the word names offered (public/named_filters.py).
        "empty result naming a filter": "/projekt/?q=erasmus",
        "project page": f"/projekt/{project.pk}-{project.slug}/",
        "twin-town page": "/vanorter/kaufungen/",
        "accessibility statement": "/tillganglighetsredogorelse/",
        "English search": "/en/projekt/?q=exchange",
        "news": "/nyheter/",
        # With its picture and text alternative, and links to a project and a twin town.
        "news item": f"/nyheter/{news.pk}-{news.slug}/",
        "English news item in Swedish": f"/en/nyheter/{untranslated.pk}-{untranslated.slug}/",
        # Open calls for associations and schools; in English, Swedish titles marked.
        "funding calls": "/utlysningar/",
        "English funding calls": "/en/utlysningar/",
        # The API's documentation, in both languages.
        "API documentation": "/oppna-data/api/",
        "English API documentation": "/en/oppna-data/api/",
        # What is published as open data, under which licence, each format linked.
        "open data": "/oppna-data/",
        "English open data": "/en/oppna-data/",
        # The pages the municipality's website frames (/inbaddning/…).
        "embedded project list": "/inbaddning/projekt/?typ=eu_project&antal=5",
        "embedded project list, a filter wrong": "/inbaddning/projekt/?tema=finns-inte",
        "embedded twin town": "/inbaddning/vanorter/kaufungen/",
        "embedded news": "/inbaddning/nyheter/",
        "English embedded project list": "/en/inbaddning/projekt/?land=DE",
        # A regional installation: a neighbour's site under its prefix, with its logo, and
        # the regional portal with its "Kommun" filter and figures.
        "neighbour's start page": "/kungalv/",
        "neighbour's search": "/lilla-edet/projekt/?q=exempel",
        "regional portal": "/region/",
        "regional portal filtered": "/en/region/?kommun=kungalv",
        # The published regional reports (none yet in the demo; with one in
        # test_regional_report_pages.py).
        "regional reports": "/region/rapporter/",
        # The portal's own statement and notice: the region answers for it.
        "regional portal's accessibility statement": "/region/tillganglighetsredogorelse/",
        "regional portal's privacy notice": "/en/region/personuppgifter/",
    }


def test_public_pages_have_no_wcag_violations(demo_site, page):
    failures = {}
    for name, path in public_pages(demo_site.url).items():
        response = page.goto(demo_site.url + path)
        assert response.status == 200, name
        found = violations(page)
        if found:
            failures[name] = found
    assert failures == {}
    assert page.console_errors == []  # e.g. a Content-Security-Policy refusal
