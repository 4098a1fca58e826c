"""The first segment of a municipality's site's addresses (/kungalv/…) is its slug: a slug
must not be one the site already uses (organisations/sites.py serves the sites)."""

import functools
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# First path segments that are not pages of a site; the URLconf adds its own (below).
FIXED_RESERVED = {"static", "media", "health", "favicon", "robots", "sitemap", "well-known"}


@functools.cache
def reserved_segments() -> frozenset[str]:
    """Every first path segment the site itself uses (projekt, intern, api, en, region, …),
    read from the URLconf so that a page added later is protected too."""
    from django.urls import URLResolver, get_resolver
    from django.urls.resolvers import LocalePrefixPattern

    names = set(FIXED_RESERVED) | {code for code, _name in settings.LANGUAGES}
    names.add(settings.STATIC_URL.strip("/").split("/")[0])

    def walk(patterns):
        for pattern in patterns:
            text = str(pattern.pattern).lstrip("^")
            if isinstance(pattern, URLResolver) and (
                text == "" or isinstance(pattern.pattern, LocalePrefixPattern)
            ):
                walk(pattern.url_patterns)
                continue
            first = re.split(r"[/.<(\\?$\[]", text, maxsplit=1)[0]
            if first:
                names.add(first)

    walk(get_resolver().url_patterns)
    return frozenset(names)


def validate_site_slug(value: str) -> None:
    """A municipality's slug is the first segment of its site's addresses: it must not be
    one the site already uses, or /<slug>/ would hide that page (or the page the site)."""
    if value and value.lower() in reserved_segments():
        raise ValidationError(
            _(
                "“%(slug)s” cannot be used as the short name: /%(slug)s/ is already an address "
                "of the site. Choose another, for example the municipality's name."
            ),
            params={"slug": value},
            code="reserved",
        )
