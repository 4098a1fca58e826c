"""Version 1 of the public API: read-only JSON about what the public site shows, at
/api/v1/, with an OpenAPI 3.1 document generated from these declarations
(/api/v1/openapi.json). The stability promise is in README.md ("The API").

django-ninja builds the OpenAPI document from the operations' type hints and the pydantic
schemas in schemas.py, so the document cannot drift from the code."""

import datetime

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer

from . import projects, resources, schemas
from .answers import add_common_answers
from .common import municipality, page_address
from .problems import in_visitors_language, problem

VERSION = "1"
RELEASED = datetime.date(2026, 11, 30)
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"

DESCRIPTION = """\
Kommunens internationella projekt, vänorter, partnerorganisationer, handlingsplanens
åtgärder, nyheter och statistik som öppna data (CC0). Bara det som den publika webbplatsen
visar lämnar systemet. Inom v1 behåller varje nyckel sin betydelse; nya nycklar kan komma
till. Begränsningar: bara läsning (GET), högst 100 träffar per sida.

The municipality's international projects, twin towns, partner organisations, action-plan
measures, news and statistics as open data (CC0). Only what the public site shows leaves the
system. Within v1 every key keeps its meaning; new keys may appear. Limitations: read-only
(GET), at most 100 hits a page."""


class _Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class PublicApi(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        # Kept and revalidated as the public pages are (public/caching.py reads this mark):
        # one ETag and Last-Modified from the content version, 304 on a match.
        response.is_public_page = True
        return response

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return add_common_answers(document)


api = PublicApi(
    title="Projektdatabasen API",
    version=VERSION,
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url=None,  # the documentation is a page of the site (/oppna-data/api/)
    renderer=_Renderer(),
    openapi_extra={
        "info": {
            "license": {"name": "CC0 1.0", "url": CC0},
            "x-limitations": "GET only; at most 100 hits a page.",
        },
        "externalDocs": {
            "description": "Dokumentation / documentation",
            "url": "/oppna-data/api/",
        },
    },
)


def _reason(error: dict) -> str:
    """pydantic's message, in the visitor's language for the kinds a query string can have."""
    kind, context = error.get("type", ""), error.get("ctx", {})
    if kind in ("literal_error", "enum"):
        return _("Not one of the allowed values: %(values)s.") % {"values": context["expected"]}
    if kind == "int_parsing":
        return _("Must be a whole number.")
    if kind == "greater_than_equal":
        return _("Must be at least %(limit)s.") % {"limit": context["ge"]}
    if kind == "less_than_equal":
        return _("Must be at most %(limit)s.") % {"limit": context["le"]}
    return error["msg"]


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    with in_visitors_language(request):
        return problem(
            400,
            _("One or more parameters have a value the API cannot use."),
            instance=request.get_full_path(),
            invalid_params=[
                {"name": str(error["loc"][-1]), "reason": _reason(error)}
                for error in exc.errors
                if error.get("loc")
            ],
        )


@api.exception_handler(Http404)
def _not_found(request, exc):
    with in_visitors_language(request):
        detail = _("There is nothing at this address in the API.")
    return problem(404, detail, instance=request.path)


def _info(request) -> dict:
    site = municipality()
    return {
        "api_name": "Projektdatabasen",
        "api_version": VERSION,
        "api_released": RELEASED,
        "api_documentation": page_address(request, "public:api_docs"),
        "api_status": "active",
        "stability": {
            "sv": "Inom v1 behåller nycklarna sin betydelse och nya nycklar kan tillkomma. "
            "En ändring som bryter detta blir v2, och v1 finns kvar minst ett år efter det.",
            "en": "Within v1, keys keep their meaning and new keys may appear. A change that "
            "breaks this becomes v2, and v1 stays for at least a year after that.",
        },
        "license": {"url": CC0, "label": "CC0 1.0"},
        "contact": {
            "name": site.name,
            "email": site.coordinator_email,
            "url": site.website or page_address(request, "public:home"),
        },
        "links": {
            "openapi": request.build_absolute_uri(reverse("api-v1:openapi-json")),
            "projects": request.build_absolute_uri(reverse("api-v1:projects")),
            "twin_towns": request.build_absolute_uri(reverse("api-v1:twin_towns")),
            "organisations": request.build_absolute_uri(reverse("api-v1:organisations")),
            "measures": request.build_absolute_uri(reverse("api-v1:measures")),
            "news": request.build_absolute_uri(reverse("api-v1:news")),
            "statistics": request.build_absolute_uri(reverse("api-v1:statistics")),
        },
    }


@api.get(
    "/api-info",
    response=schemas.ApiInfo,
    url_name="api_info",
    summary="Om API:t / About the API",
    description="Name, version, stability promise, licence, contact and links "
    "(REST API-profilen VER.06).",
)
def api_info(request):
    return _info(request)


@api.get(
    "/",
    response=schemas.ApiInfo,
    url_name="root",
    summary="API:ts rot / The API's root",
    description="The same as /api-info, so that the version's own address answers.",
)
def root(request):
    return _info(request)


api.add_router("", projects.router)
api.add_router("", resources.router)
