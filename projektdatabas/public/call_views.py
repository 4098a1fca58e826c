"""Open funding calls for residents: associations, schools and others in the municipality
who can apply themselves. Only calls the coordinator marked for them, and only while open."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from projektdatabas.calls.models import Call

from .views import site_municipality


# Not @public_page: the page cache is keyed on the content version, which the clock does
# not move, and a call must leave the page the minute it closes. A dozen rows cost little.
@require_safe
@never_cache
def call_list(request):
    municipality = site_municipality(request)
    now = timezone.now()
    calls = (
        Call.objects.for_municipality(municipality)
        .public()
        .open_at(now)
        .select_related("programme")
        .prefetch_related("themes")
        .closing_first()
    )
    return render(
        request,
        "public/calls.html",
        {"municipality": municipality, "calls": calls, "now": now},
    )
