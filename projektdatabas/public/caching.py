"""HTTP caching for public pages, and a rendered-page cache in front of the site.

Both are keyed on the content version (core/versioning.py), which moves on any change to
what the public can see, so an edit shows on the next request; checking costs one
primary-key read. Views mark their responses with @public_page; the middleware below
keeps those per worker process (locmem, bounded) and answers repeats before sessions,
locale, CSRF and URL resolution run, which is most of a Django request's cost."""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from projektdatabas.core import versioning

PAGE_CACHE = "pages"


def public_page(view):
    """Marks a view's successful responses as public and the same for every visitor."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.is_public_page = True
        return response

    return wrapper


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Signed-in staff may one day see more on the same address: never cache for them.
        if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        version = versioning.current()
        if version is None:
            return self.get_response(request)
        counter, changed_at = version
        # The address includes the host, checked against ALLOWED_HOSTS here (DisallowedHost:
        # 400), which CommonMiddleware would do only after a cached page had been answered.
        # Feeds and exports write absolute links, so each host gets its own copy. Some pages
        # change with the day and no edit (a measure past its deadline is late): the date too.
        day = timezone.localdate().isoformat()
        key = f"{counter}|{changed_at.isoformat()}|{day}|{request.build_absolute_uri()}"
        etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
        last_modified = int(changed_at.timestamp())
        cache = caches[PAGE_CACHE]
        response = cache.get(etag)
        if response is None:
            response = self.get_response(request)
            if not getattr(response, "is_public_page", False):
                return response
            if response.status_code != 200 or response.streaming:
                return response
            # Join the body into one piece: the feed generator writes thousands of small
            # chunks, and sending those one by one made a cached feed 30 times slower.
            response.content = response.content
            response["ETag"] = etag
            response["Last-Modified"] = http_date(last_modified)
            # Browsers and proxies may keep a copy but must ask whether it is still current.
            response["Cache-Control"] = "public, max-age=0, must-revalidate"
            cache.set(etag, response)
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )
        return not_modified if not_modified is not None else response
