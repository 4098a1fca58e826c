"""Which municipality's public site a request is for, in a regional installation.

Each municipality's site lives under its own path, `/<slug>/…` (and optionally on a host
name of its own, `Municipality.site_host`); the root `/` serves SITE_MUNICIPALITY. The
public site's middleware (public/sites.py) reads the address and activates the
municipality here for the request's duration, so that every interface (the public pages,
the API, the catalogues) asks one place: `current_slug()`.

A context variable rather than an argument: the API's operations and the feeds reach the
municipality far from the request, as Django's own script prefix and active language do."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.urls import get_script_prefix, set_script_prefix

from projektdatabas.core import versioning

from .models import Municipality

# (slug from the address's prefix or None, the request's host or a function giving it)
_active: ContextVar[tuple] = ContextVar("site", default=(None, None))


def current_slug() -> str:
    """The slug of the municipality whose site this request shows: the address's prefix,
    else the host's own municipality, else SITE_MUNICIPALITY. Asked by views, so the host
    is looked up only when a page is drawn, never for an answer from the page cache."""
    slug, host = _active.get()
    if slug is None and host is not None:
        host = host() if callable(host) else host
        slug = known_sites()[1].get(host.lower()) if host else None
    return slug or settings.SITE_MUNICIPALITY_SLUG


@contextmanager
def activated(slug: str | None, host=None):
    """`host`: a host name, or a function that gives it (read only if asked)."""
    token = _active.set((slug, host))
    try:
        yield
    finally:
        _active.reset(token)


@contextmanager
def addresses_of(municipality):
    """reverse() as on `municipality`'s own site, for what is written outside a request (the
    daily digest's links): under /<slug>/, at the root for SITE_MUNICIPALITY."""
    default = municipality.slug == settings.SITE_MUNICIPALITY_SLUG
    previous = get_script_prefix()
    set_script_prefix("/" if default else f"/{municipality.slug}/")
    try:
        with activated(municipality.slug):
            yield
    finally:
        set_script_prefix(previous)


# (content version, {slug}, {host: slug}) as last read by this process: the middleware
# asks on every request, and municipalities change with the content version.
_known: tuple | None = None


def known_sites() -> tuple[set[str], dict[str, str]]:
    """The municipalities' slugs, and their own host names."""
    global _known

    version = versioning.current()
    if _known is None or version is None or _known[0] != version:
        rows = list(Municipality.objects.values_list("slug", "site_host"))
        _known = (
            version,
            {slug for slug, _host in rows},
            {host.lower(): slug for slug, host in rows if host},
        )
    return _known[1], _known[2]
