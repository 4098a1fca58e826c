"""The site's addresses plus views that fail, for tests/test_error_pages.py."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext

from projektdatabas import urls as site


def broken(request):
    raise RuntimeError("a bug in a view")


def forbidden(request):
    raise PermissionDenied


def refused_with_reason(request):
    # As accounts.permissions.require raises it: the reason in the request's language.
    raise PermissionDenied(gettext("Only the coordinator creates action plans."))


urlpatterns = [
    path("trasig/", broken),
    path("en/trasig/", broken),
    path("intern/trasig/", broken),
    path("forbjuden/", forbidden),
    path("en/forbjuden/", forbidden),
    path("intern/forbjuden/", forbidden),
    path("intern/nekad/", refused_with_reason),
    path("en/intern/nekad/", refused_with_reason),
    *site.urlpatterns,
]
handler400 = site.handler400
handler403 = site.handler403
handler404 = site.handler404
handler500 = site.handler500
