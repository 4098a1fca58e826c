"""Pages the municipality's own website may frame (an iframe in Sitevision), and who may.

Every page refuses to be framed (X-Frame-Options: DENY and CSP frame-ancestors 'none',
settings.py), which stops clickjacking. The embed pages (public/embed_views.py) are the only
exception, and only for the origins in EMBED_ALLOWED_ORIGINS: their CSP's frame-ancestors
names exactly those, and X-Frame-Options is left out, since it cannot name an origin (its
ALLOW-FROM is obsolete) and browsers that know frame-ancestors follow it instead. With no
origins configured, the embed pages refuse frames like every other page.

The headers are set inside the page cache (public/caching.py), so a cached page keeps the
headers of its own address: an embed page and a normal page never share a cache entry."""

import re
from functools import wraps
from urllib.parse import urlsplit

from csp.decorators import csp_replace
from django.conf import settings
from django.core.checks import Error, Warning
from django.views.decorators.clickjacking import xframe_options_exempt

# A host name, an IPv4 address or a bracketed IPv6 address: nothing that could end the
# header's directive (";"), add another source (" ") or widen it ("*").
_HOST = re.compile(
    r"^([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$"
)


def origin_problem(value: str) -> str | None:
    """Why a configured origin cannot be used, or None. An origin is scheme://host[:port].

    Wildcards (https://*.ale.se), which CSP would accept, are refused: they would let every
    host under the domain frame the pages, a test site or a supplier's campaign site too,
    and a municipality frames from a handful of hosts it can list."""
    if "*" in value:
        return "wildcards are not allowed: list each origin, e.g. https://www.ale.se"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        return "must begin with https:// (or http://)"
    if parts.username is not None or parts.password is not None:
        return "must not hold a user name or password"
    if parts.path or parts.query or parts.fragment or value.endswith(("?", "#")):
        return "must be an origin without a path, not even a final /: scheme://host[:port]"
    try:
        port = parts.port  # raises on a port that is not a number from 0 to 65535
    except ValueError:
        port = 0
    if port == 0:
        return "has a port that is not a number from 1 to 65535"
    host = parts.netloc.rsplit(":", 1)[0] if not parts.netloc.endswith("]") else parts.netloc
    if not _HOST.match(host.lower()):
        return "has no valid host name"
    return None


def allowed_origins() -> list[str]:
    """The configured origins that are valid (the system check reports the others)."""
    return [o for o in settings.EMBED_ALLOWED_ORIGINS if origin_problem(o) is None]


def embeddable(view):
    """Lets the configured origins frame the view's responses, and only those."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        # Read per request, not at import, so that the setting is the one in force.
        origins = allowed_origins()
        if not origins:
            return view(request, *args, **kwargs)
        framed = xframe_options_exempt(csp_replace({"frame-ancestors": origins})(view))
        return framed(request, *args, **kwargs)

    return wrapper


def check_embed_origins(app_configs=None, **kwargs) -> list:
    """EMBED_ALLOWED_ORIGINS, checked when the site starts (runserver, migrate, check)."""
    messages = []
    for origin in settings.EMBED_ALLOWED_ORIGINS:
        problem = origin_problem(origin)
        if problem:
            messages.append(
                Error(
                    f"EMBED_ALLOWED_ORIGINS: {origin!r}: {problem}.",
                    hint="Comma-separated origins of the sites that may frame the embed "
                    "pages, e.g. EMBED_ALLOWED_ORIGINS=https://www.ale.se (README, "
                    '"Embedding the lists in the municipal website").',
                    id="public.E001",
                )
            )
        elif settings.PRODUCTION and origin.startswith("http://"):
            messages.append(
                Warning(
                    f"EMBED_ALLOWED_ORIGINS: {origin!r} is not https: anyone on the network "
                    "path could change the page that frames this site.",
                    id="public.W001",
                )
            )
    return messages
