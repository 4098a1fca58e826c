"""Errors under /api/ as problem details (RFC 9457, application/problem+json), whatever
raised them: the API's own checks, a URL that names nothing, a method other than GET, a
host not allowed, or a crash. The site's error pages are HTML for people; a program asking
the API gets the same status in a shape it can read."""

import json
from http import HTTPStatus

from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

PREFIX = "/api/"
CONTENT_TYPE = "application/problem+json"
ALLOWED = "GET, HEAD, OPTIONS"


def in_visitors_language(request):
    """The API has one address for everyone, so its errors follow Accept-Language (Swedish
    unless the client prefers English), where the site's pages follow their /en/ prefix."""
    return translation.override(translation.get_language_from_request(request))


def problem(status: int, detail: str, *, instance: str = "", **extra) -> HttpResponse:
    body = {
        # No page of its own per problem type: "about:blank" says the status is the type.
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": instance,
        **extra,
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )


def _detail(status: int) -> str:
    if status == 404:
        return _("There is nothing at this address in the API.")
    if status == 405:
        return _("The API only reads: use GET.")
    if status >= 500:
        return _("Something went wrong on our side. Try again later.")
    return _("The request could not be answered.")


def _preflight() -> HttpResponse:
    """A browser asks before a script sends a header beyond the simple ones (If-None-Match to
    revalidate, say); the answer lets any site read with GET or HEAD, as every answer does."""
    response = HttpResponse(status=204)
    del response["Content-Type"]  # no body to describe
    response["Allow"] = ALLOWED
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD"
    response["Access-Control-Allow-Headers"] = (
        "Accept, Accept-Language, If-None-Match, If-Modified-Since"
    )
    response["Access-Control-Max-Age"] = "86400"
    return response


class ApiResponseMiddleware:
    """Outermost for /api/: every error becomes problem details, and every answer may be
    read by a script on any site (the data is public and needs no cookie; CORS with `*`
    never sends the visitor's cookies either). It stands outside the page cache so that a
    304 from the cache carries the CORS header as well."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(PREFIX):  # /kungalv/api/ too (public/sites.py)
            return self.get_response(request)
        if request.method == "OPTIONS":
            return _preflight()
        # HEAD is GET without the body (RFC 9110 9.3.2), as on the public pages; the API's
        # operations are declared for GET only, so HEAD is answered as GET and emptied here.
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        response = self.get_response(request)
        if head:
            request.method = "HEAD"
        if response.status_code >= 400 and response.get("Content-Type") != CONTENT_TYPE:
            allow = response.get("Allow")
            with in_visitors_language(request):
                detail = _detail(response.status_code)
            response = problem(response.status_code, detail, instance=request.path)
            if allow:
                response["Allow"] = ALLOWED if allow == "GET" else allow
        response["Access-Control-Allow-Origin"] = "*"
        # The data is the same for everyone (public page addresses are the Swedish ones), so
        # shared caches need not keep a copy per cookie or language; only an error's words
        # follow Accept-Language. (Sessions are looked at by the staff middleware, never
        # stored: no cookie is set.)
        if response.status_code < 400:
            del response["Vary"]
        else:
            response["Vary"] = "Accept-Language"
        if head and not response.streaming:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response
