"""Session rules for staff: sign-out after idle time, and the second factor for
administrators before any staff or admin page."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .permissions import needs_second_factor

LAST_SEEN_KEY = "pd_last_seen"
GUARDED_PREFIXES = ("/intern/", "/en/intern/", "/admin/")


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        now = int(time.time())
        idle_limit = settings.STAFF_IDLE_MINUTES * 60
        last_seen = request.session.get(LAST_SEEN_KEY)
        if last_seen is not None and now - last_seen > idle_limit:
            logout(request)
            messages.info(
                request,
                _("You were signed out after %(minutes)d minutes without activity.")
                % {"minutes": settings.STAFF_IDLE_MINUTES},
            )
            return redirect(f"{reverse('staff:sign_in')}?next={request.path}")
        request.session[LAST_SEEN_KEY] = now
        if (
            request.path.startswith(GUARDED_PREFIXES)
            and needs_second_factor(user)
            and not user.is_verified()
            and request.path not in _second_factor_paths()
        ):
            return redirect(f"{reverse('staff:second_factor')}?next={request.path}")
        return self.get_response(request)


def _second_factor_paths() -> set[str]:
    return {
        reverse("staff:second_factor"),
        reverse("staff:sign_out"),
    }
