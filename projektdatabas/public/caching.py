"""HTTP caching for public pages: one validator for the whole public site.

Any change to what the public can see (a project, a partner, a twin town, the statement)
moves the newest `updated_at`, which changes every page's ETag and Last-Modified. Coarser
than per-page validators, but it cannot miss a dependency, and each check costs a few
indexed MAX() lookups. The start-up time is part of the ETag so that a deploy with new
templates invalidates too."""

import hashlib
import time

from django.conf import settings
from django.db.models import Max
from django.shortcuts import get_object_or_404
from django.views.decorators.http import condition

from projektdatabas.organisations.models import Municipality, Organisation, TwinningEvent
from projektdatabas.projects.models import Project

from .models import AccessibilityStatement

_STARTED = str(time.time())


def site_municipality(request) -> Municipality:
    if not hasattr(request, "_site_municipality"):
        request._site_municipality = get_object_or_404(
            Municipality, slug=settings.SITE_MUNICIPALITY_SLUG
        )
    return request._site_municipality


def last_change(request, *args, **kwargs):
    if not hasattr(request, "_last_change"):
        municipality = site_municipality(request)
        stamps = [
            municipality.updated_at,
            Project.objects.filter(municipality=municipality).aggregate(m=Max("updated_at"))["m"],
            municipality.twinnings.aggregate(m=Max("updated_at"))["m"],
            TwinningEvent.objects.filter(twinning__municipality=municipality).aggregate(
                m=Max("updated_at")
            )["m"],
            Organisation.objects.aggregate(m=Max("updated_at"))["m"],
            AccessibilityStatement.objects.filter(municipality=municipality).aggregate(
                m=Max("updated_at")
            )["m"],
        ]
        request._last_change = max(stamp for stamp in stamps if stamp is not None)
    return request._last_change


def etag(request, *args, **kwargs):
    key = f"{last_change(request).isoformat()}|{_STARTED}|{request.get_full_path()}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


cached_public_page = condition(etag_func=etag, last_modified_func=last_change)
