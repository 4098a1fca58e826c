"""Open data: the DCAT-AP-SE catalogue that Sveriges dataportal harvests (/datasets/dcat)
and the page that tells people what is published and under which licence (/oppna-data/)."""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from projektdatabas.core import versioning

from . import dcat, iati
from .caching import PAGE_CACHE, public_page
from .views import site_municipality

# Content-Type: suffix, in the order /datasets/dcat offers them (RDF/XML first: what the
# portal harvests, and what a client that asks for anything gets).
NEGOTIATED = {content_type: suffix for suffix, (_, content_type) in dcat.SERIALISATIONS.items()}


@require_safe
def catalogue(request, suffix=None):
    """/datasets/dcat answers in the format the Accept header prefers; .rdf, .ttl and
    .jsonld fix it. Not a @public_page: the page cache is keyed on the address alone, and
    one address here has three bodies. It keeps its own copies under the content version,
    the host and the format, and sends the same validators as the pages."""
    negotiated = suffix is None
    if negotiated:
        preferred = request.get_preferred_type(list(NEGOTIATED))
        suffix = NEGOTIATED.get(preferred, "rdf")
    version = versioning.current()
    # The site's root: /kungalv on Kungälv's site (public/sites.py), so that its catalogue's
    # IRIs and addresses are its own.
    site = request.build_absolute_uri(get_script_prefix()).rstrip("/")
    if version is None:  # no content version yet (an empty database): build, keep nothing
        body, etag, modified = _build(request, site, suffix, timezone.now()), None, None
    else:
        counter, changed_at = version
        key = f"dcat|{counter}|{changed_at.isoformat()}|{site}|{suffix}"
        etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
        modified = int(changed_at.timestamp())
        body = caches[PAGE_CACHE].get(key)
        if body is None:
            body = _build(request, site, suffix, changed_at)
            caches[PAGE_CACHE].set(key, body)
    response = HttpResponse(body, content_type=f"{dcat.SERIALISATIONS[suffix][1]}; charset=utf-8")
    # Anyone may read it from a script, Sveriges dataportal's tools included.
    response["Access-Control-Allow-Origin"] = "*"
    if negotiated:
        patch_vary_headers(response, ["Accept"])
    if etag is not None:
        response["ETag"] = etag
        response["Last-Modified"] = http_date(modified)
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=modified, response=response
        )
        if not_modified is not None:
            return not_modified
    return response


def _build(request, site: str, suffix: str, modified) -> bytes:
    # The catalogue's addresses are the Swedish site's, whatever the visitor's language.
    with translation.override(settings.LANGUAGE_CODE):
        graph = dcat.catalogue_graph(
            municipality=site_municipality(request), site=site, modified=modified
        )
    return dcat.serialise(graph, suffix)


@require_safe
@public_page
def open_data(request):
    municipality = site_municipality(request)
    language = translation.get_language()
    sets = [
        {
            "key": dataset.key,
            "title": _in(dataset.title, language),
            "description": _in(dataset.description, language),
            "landing_page": dataset.landing_page and _on_site(dataset.landing_page, language),
            "distributions": [
                {
                    "title": _in(part.title, language),
                    # The API speaks one language; files follow the page's.
                    "href": _on_site(part.path, settings.LANGUAGE_CODE if part.api else language),
                }
                for part in dataset.distributions
            ],
        }
        for dataset in dcat.datasets(municipality)
    ]
    return render(
        request,
        "public/open_data.html",
        {
            "municipality": municipality,
            "datasets": sets,
            # The file answers 404 until it has an activity: no link to it before then.
            "iati_published": iati.has_activities(municipality),
            # The licence's summary for people, in the page's language.
            "cc0_deed": f"https://creativecommons.org/publicdomain/zero/1.0/deed.{language}",
        },
    )


def _on_site(path: str, language: str) -> str:
    """A Swedish address in the page's language: English ones carry /en/ (i18n_patterns);
    on a municipality's site under its prefix (/kungalv/, public/sites.py)."""
    prefix = get_script_prefix().rstrip("/")
    return prefix + (path if language == settings.LANGUAGE_CODE else f"/{language}{path}")


def _in(texts: dict[str, str], language: str) -> str:
    return texts.get(language, texts["sv"])
