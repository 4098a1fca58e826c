"""HTTP caching for public pages, and a rendered-page cache behind it.

Both are keyed on the content version, which moves on any change to what the public
can see, so an edit is visible on the next request. Each check costs one primary-key
read. Rendered pages are kept per worker process (locmem, bounded), so a popular search
or project page is built once per change rather than once per request."""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from projektdatabas.core import versioning
from projektdatabas.organisations.models import Municipality

PAGE_CACHE = "pages"


def site_municipality(request) -> Municipality:
    if not hasattr(request, "_site_municipality"):
        request._site_municipality = get_object_or_404(
            Municipality, slug=settings.SITE_MUNICIPALITY_SLUG
        )
    return request._site_municipality


def cached_public_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        version = versioning.current()
        key = f"{version.counter}|{version.changed_at.isoformat()}|{request.get_full_path()}"
        etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
        last_modified = int(version.changed_at.timestamp())
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return not_modified
        cache = caches[PAGE_CACHE]
        response = cache.get(etag)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            if hasattr(response, "render"):
                response.render()
            response["ETag"] = etag
            response["Last-Modified"] = http_date(last_modified)
            # Browsers and proxies may keep a copy but must ask whether it is still current.
            response["Cache-Control"] = "public, max-age=0, must-revalidate"
            cache.set(etag, response)
        return response

    return wrapper
