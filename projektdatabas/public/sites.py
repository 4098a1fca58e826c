"""One installation, several municipalities' public sites (organisations/sites.py).

`/kungalv/projekt/` is Kungälv's `/projekt/`: the middleware takes a municipality's slug
off the front of the address, as a web server would take off SCRIPT_NAME, and sets Django's
script prefix, so that every reverse() and {% url %} of the request (menus, pagination,
feeds, exports, the catalogues, redirects after a form) stays under /kungalv/ without any
view knowing. `request.path` keeps the whole address, which is what the page cache keys
on, so one municipality's page is never answered for another's. A host in
`Municipality.site_host` serves that municipality at its root. The root `/` of any other
host serves SITE_MUNICIPALITY, as before.

Staff addresses (`/intern/`, `/admin/`) are one for the whole installation, so they are
not served under a municipality's prefix: /kungalv/intern/ is a 404."""

import functools
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponsePermanentRedirect
from django.urls import get_script_prefix, reverse, set_script_prefix

from projektdatabas.organisations import addresses, sites

# Second segments that are the installation's, not a site's.
NOT_UNDER_A_SITE = {"intern", "admin", "i18n", "oidc"}


class MunicipalitySiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        segment, slash, rest = request.path_info[1:].partition("/")
        slug, prefix = None, ""
        if _is_site(segment, rest):
            if not slash:  # /kungalv → /kungalv/
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(
                    f"/{segment}/" + (f"?{query}" if query else "")
                )
            slug, prefix = segment, f"/{segment}"
            request.path_info = "/" + rest
            request.META["SCRIPT_NAME"] = prefix  # as if the server had mounted the site there
        request.site_prefix = prefix
        # The host is read only if a view asks which municipality it is for (a page from
        # the cache never does), and the script prefix set only under a prefix: measured,
        # get_host() and set_script_prefix() were most of this middleware's cost.
        host = functools.partial(_host, request)
        if prefix:
            site = functools.partial(on_site, slug, prefix, host)
        else:
            site = functools.partial(sites.activated, None, host)
        with site():
            response = self.get_response(request)
        if response.streaming:
            # A streamed CSV builds its rows (with their links) after this returns.
            response.streaming_content = _within(response.streaming_content, site)
        return response


def _is_site(segment: str, rest: str) -> bool:
    # The site's own first segments (validated to differ from every slug) need no lookup,
    # so pages at the root cost nothing more, from the page cache or not.
    if not segment or segment in addresses.reserved_segments() or _installation_path(rest):
        return False
    return segment in sites.known_sites()[0]


def _installation_path(rest: str) -> bool:
    parts = rest.split("/")
    if parts[0] in {code for code, _name in settings.LANGUAGES}:
        parts = parts[1:]
    return bool(parts) and parts[0] in NOT_UNDER_A_SITE


@contextmanager
def on_site(slug: str | None, prefix: str, host=None):
    """reverse() and the site's municipality as for a request under `prefix` (on `host`,
    which may be a municipality's own: organisations/sites.py looks it up when asked)."""
    previous = get_script_prefix()
    set_script_prefix(prefix + "/")
    try:
        with sites.activated(slug, host):
            yield
    finally:
        set_script_prefix(previous)


def _host(request) -> str | None:
    try:
        return request.get_host().partition(":")[0]
    except DisallowedHost:
        return None  # answered 400 (by the page cache or CommonMiddleware)


def _within(chunks, site):
    iterator = iter(chunks)
    while True:
        with site():
            chunk = next(iterator, None)
        if chunk is None:
            return
        yield chunk


def site_address(municipality, name: str, *args, request=None) -> str:
    """A page's address on `municipality`'s own site (for links from the regional portal):
    on its host if it has one, at the root for SITE_MUNICIPALITY, else under /<slug>/."""
    if municipality.slug == settings.SITE_MUNICIPALITY_SLUG and not municipality.site_host:
        prefix = ""
    else:
        prefix = "" if municipality.site_host else f"/{municipality.slug}"
    with on_site(municipality.slug, prefix):
        path = reverse(name, args=args)
    if municipality.site_host:
        scheme = request.scheme if request is not None else "https"
        return f"{scheme}://{municipality.site_host}{path}"
    if request is not None and _on_own_host(request):
        # A path would stay on this municipality's host: name the installation's.
        return settings.SITE_URL.rstrip("/") + path
    return path


def _on_own_host(request) -> bool:
    try:
        host = request.get_host().partition(":")[0].lower()
    except DisallowedHost:
        return False
    return host in sites.known_sites()[1]


def installation_address(name: str, *args) -> str:
    """A page of the installation as a whole (the regional portal), whichever site links."""
    with on_site(None, ""):
        return reverse(name, args=args)
