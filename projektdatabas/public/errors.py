"""The error pages (400, 403, 404, 500 and a refused form), for the whole site.

In the visitor's language, chosen as everywhere else: English under /en/, Swedish at every
other address. The error handlers can run before LocaleMiddleware has (a disallowed host is
refused by the page cache in front of it), so they choose it themselves. Staff addresses
(/intern/, the admin) get the staff design, everything else the public one with a search
field.

The 500 page is drawn without context processors and without a query: the database may be
what failed, and the signed-in user behind the staff menu needs it. If drawing it fails all
the same, a page written out here answers."""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projektdatabas.core.logs import request_id
from projektdatabas.organisations import sites
from projektdatabas.organisations.models import Municipality

logger = logging.getLogger(__name__)

CSRF = "csrf"
TEXTS = {
    400: (
        gettext_lazy("The request could not be understood"),
        gettext_lazy(
            "The address, or what was sent with it, is not one this site can answer. "
            "Check the address, or start again from the start page."
        ),
    ),
    403: (
        gettext_lazy("Not available to you"),
        gettext_lazy("You do not have access to this page."),
    ),
    404: (
        gettext_lazy("Page not found"),
        gettext_lazy(
            "There is no page at this address. It may have moved or been removed, "
            "or the address may be mistyped."
        ),
    ),
    500: (
        gettext_lazy("Something went wrong"),
        gettext_lazy(
            "An error on our side stopped the page. It has been logged. "
            "Please try again in a little while."
        ),
    ),
    405: (
        gettext_lazy("This address takes a form"),
        gettext_lazy(
            "This address answers a form sent from its page, not a visit. Go back to the "
            "page the form is on."
        ),
    ),
    CSRF: (
        gettext_lazy("The form could not be sent"),
        gettext_lazy(
            "For your security a form is accepted only from a page that is still current, "
            "with cookies allowed for this site. Go back, reload the page and send the "
            "form again."
        ),
    ),
}


def bad_request(request, exception):
    return _error_page(request, 400, 400)


def permission_denied(request, exception):
    """Every refusal in the staff pages is a PermissionDenied carrying its reason, written
    for the user in their language (accounts.permissions.require); this page shows it."""
    return _error_page(request, 403, 403, reason=str(exception or ""))


def page_not_found(request, exception):
    return _error_page(request, 404, 404)


def csrf_failure(request, reason=""):
    # CsrfViewMiddleware has already logged the reason (django.security.csrf).
    return _error_page(request, 403, CSRF)


def server_error(request):
    try:
        return _error_page(request, 500, 500, with_context_processors=False)
    except Exception:
        logger.exception("The 500 page could not be drawn; answering with the plain one")
        return _plain_server_error(request)


class MethodNotAllowedPage:
    """A page for a 405: an address that takes a form, opened as a link or typed (a
    bookmark of "…/revidera/"), had answered with an empty page. Answers with content,
    the API's problem details among them, pass as they are."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code != 405
            or response.streaming
            or response.content
            or request.path_info.startswith("/api/")
        ):
            return response
        page = _error_page(request, 405, 405)
        page["Allow"] = response.get("Allow", "")
        return page


def language_of(request) -> str:
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def _is_staff_address(request) -> bool:
    path = request.path_info
    return path.startswith(reverse("staff:home")) or path.startswith(reverse("admin:index"))


def _error_page(request, status, kind, *, with_context_processors=True, reason="") -> HttpResponse:
    language = language_of(request)
    with translation.override(language):
        title, text = TEXTS[kind]
        context = {"status": status, "title": title, "text": text}
        if status == 500:
            # The same id is on the log lines of the failed request: support can find them.
            context["request_id"] = request_id.get()
        if not _is_staff_address(request):
            template = "public/error.html"
            context["municipality"] = _municipality(request, may_query=with_context_processors)
        elif kind == 403:
            template = "staff/refused.html"
            context["reason"] = reason or text
        else:
            template = "staff/error.html"
            # Not for a 500: finding out who is signed in needs the database.
            context["signed_out"] = with_context_processors and not _signed_in(request)
        if with_context_processors:
            body = loader.render_to_string(template, context, request)
        else:
            # What the templates would have had from the request and i18n processors.
            context.update(
                request=request, LANGUAGES=settings.LANGUAGES, SITE_LOGO=settings.SITE_LOGO
            )
            body = loader.get_template(template).render(context)
    response = HttpResponse(body, status=status)
    response["Content-Language"] = language
    return response


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _municipality(request, *, may_query):
    """The site's municipality for its name in the header, if it can be had."""
    known = getattr(request, "_site_municipality", None)  # read by the view that failed
    if known is not None or not may_query:
        return known
    try:
        municipality = Municipality.objects.filter(slug=sites.current_slug()).first()
    except DatabaseError:
        return None
    # The header's uploaded logo is looked up for the municipality the view showed
    # (public/context_processors.py); this page is that view.
    request._site_municipality = municipality
    return municipality


def _plain_server_error(request) -> HttpResponse:
    language = language_of(request)
    with translation.override(language):
        title, text = TEXTS[500]
        body = format_html(
            '<!doctype html>\n<html lang="{}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>{}</title></head><body><main><h1>{}</h1><p>{}</p>"
            '<p><a href="{}">{}</a></p></main></body></html>\n',
            language,
            title,
            title,
            text,
            "/en/" if language == "en" else "/",
            _("Go to the start page"),
        )
    response = HttpResponse(body, status=500)
    response["Content-Language"] = language
    return response
