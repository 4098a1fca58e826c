"""Session rules for staff: sign-out after idle time, and the second factor for
administrators before any staff or admin page.

A staff form that arrives after the idle time is not lost: it is kept (pending.py), the
person is signed out as before, and the first staff page they open after signing in again
as the same user sends the form to its view once more (`process_view`)."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse, QueryDict
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from .models import PendingSubmission
from .pending import claim_submission, keep_submission
from .permissions import needs_second_factor

LAST_SEEN_KEY = "pd_last_seen"
# Set in the new, anonymous session after an idle sign-out: whose forms are kept.
IDLE_USER_KEY = "pd_signed_out_for_idleness"
# Set in the new session after signing out with the button: forms are not kept then.
SIGNED_OUT_ON_PURPOSE_KEY = "pd_signed_out_on_purpose"
# The token of a kept submission, in the session of the browser that sent it.
PENDING_KEY = "pd_pending_submission"
GUARDED_PREFIXES = ("/intern/", "/en/intern/", "/admin/")
STAFF_PREFIXES = ("/intern/", "/en/intern/")


def seconds_left(request) -> int:
    """Until the idle sign-out; 0 when signed out or past it."""
    last_seen = request.session.get(LAST_SEEN_KEY)
    if not request.user.is_authenticated or last_seen is None:
        return 0
    return max(0, settings.STAFF_IDLE_MINUTES * 60 - (int(time.time()) - last_seen))


def _is_session_status(path: str) -> bool:
    # A staff address, never under a municipality's prefix (public/sites.py): the prefix
    # test spares every public page a reverse(): 20-35 µs, of the 2.2-3 ms an uncached
    # project page costs in-process.
    return path.startswith(STAFF_PREFIXES) and path == reverse("staff:session_status")


def mark_active(request) -> None:
    request.session[LAST_SEEN_KEY] = int(time.time())


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or _is_session_status(request.path):
            # The warning's own questions neither count as activity nor sign anyone out:
            # a form sent afterwards must still find whose session it was.
            return self.get_response(request)
        if not user.is_authenticated:
            kept = _keep(request)
            if kept or (
                request.headers.get("HX-Request") and request.path.startswith(STAFF_PREFIXES)
            ):
                return _to_sign_in(request, kept)
            if _sent_after_signing_out(request):
                messages.warning(
                    request,
                    _(
                        "You had signed out, so what you saved was not saved. Sign in again "
                        "and fill in the form anew: the browser's Back button may still "
                        "show what you typed."
                    ),
                )
                return _to_sign_in(request, None)
            return self.get_response(request)
        if request.session.get(LAST_SEEN_KEY) is not None and seconds_left(request) == 0:
            logout(request)
            request.session[IDLE_USER_KEY] = user.pk
            messages.info(
                request,
                _("You were signed out after %(minutes)d minutes without activity.")
                % {"minutes": settings.STAFF_IDLE_MINUTES},
            )
            return _to_sign_in(request, _keep(request, user.pk))
        mark_active(request)
        if (
            request.path.startswith(GUARDED_PREFIXES)
            and needs_second_factor(user)
            and not user.is_verified()
            and request.path not in _second_factor_paths()
        ):
            return redirect(f"{reverse('staff:second_factor')}?next={request.path}")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Runs after CsrfViewMiddleware has accepted this GET: the kept form passed its CSRF
        check when it arrived, and its token is in this browser's session only."""
        if (
            request.method != "GET"
            or not request.path.startswith(STAFF_PREFIXES)
            or request.path in _session_paths()
            or not request.user.is_authenticated
        ):
            return None
        token = request.session.get(PENDING_KEY)
        if token is None:
            return None
        path = (
            PendingSubmission.objects.fresh()
            .filter(token=token, user=request.user)
            .values_list("path", flat=True)
            .first()
        )
        if path is not None and request.get_full_path() != path:
            return redirect(path)  # a staff path, as kept: never another site
        del request.session[PENDING_KEY]
        pending = claim_submission(token=token, user=request.user)
        if pending is None:
            messages.warning(
                request,
                _(
                    "A form kept from before signing in was not saved: it was sent by "
                    "another account, or more than an hour ago."
                ),
            )
            return None
        request.method = request.META["REQUEST_METHOD"] = "POST"
        pairs = [(name, value) for name, values in pending.data.items() for value in values]
        request.POST = QueryDict(urlencode(pairs))
        request._files = MultiValueDict()
        messages.info(request, _("You are signed in again, and what you saved has been sent."))
        if pending.had_files:
            messages.warning(request, _("Attached files could not be kept: attach them again."))
        return None


# Forms a signed-out browser must not leave to be completed at the next sign-in: whoever sat
# down at it could otherwise give an account a role and have the administrator's own
# sign-in carry it out. Accounts and roles are changed by someone signed in, or not at all.
NEVER_KEPT = {"staff:user_create", "staff:user_edit", "staff:user_active"}


def sign_out_on_purpose(request) -> None:
    """Sign out, and remember in the new session that it was on purpose: a form sent
    afterwards is not kept (whoever sits down next at a computer left on purpose is not
    its owner), but the sign-in page says so rather than nothing."""
    logout(request)
    request.session[SIGNED_OUT_ON_PURPOSE_KEY] = True


def _sent_after_signing_out(request) -> bool:
    return (
        request.method == "POST"
        and request.path.startswith(STAFF_PREFIXES)
        and request.path not in _session_paths()
        and request.session.get(SIGNED_OUT_ON_PURPOSE_KEY, False)
    )


def _keep(request, owner_id=None):
    """Keeps a staff form sent after the sign-out, for the user whose session has just
    expired or, without one, for whoever was signed out for idleness in this browser
    (in another tab, say)."""
    if (
        request.method != "POST"
        or not request.path.startswith(STAFF_PREFIXES)
        or request.path in _session_paths()
    ):
        return None
    owner_id = owner_id or request.session.get(IDLE_USER_KEY)
    if owner_id is None:
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        # Kept, a form for no page ("/intern/projekt" without its slash, an old address)
        # would send every staff page to that address after signing in: 404 or a loop.
        return None
    if match.view_name in NEVER_KEPT:
        return None
    # CsrfViewMiddleware checks the token only after every middleware's __call__: check it
    # here, so that a form forged by another site is never kept to be completed later.
    if CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {}) is not None:
        return None
    return keep_submission(
        user_id=owner_id,
        path=request.get_full_path(),
        data={name: request.POST.getlist(name) for name in request.POST},
        had_files=bool(request.FILES),
        replacing=request.session.get(PENDING_KEY),
    )


def _to_sign_in(request, kept):
    url = f"{reverse('staff:sign_in')}?{urlencode({'next': request.path})}"
    if kept:
        request.session[PENDING_KEY] = kept.token  # the sign-in page says it is kept
    if request.headers.get("HX-Request"):
        # A part of the page asked (htmx): leave the page as it is and let the warning say
        # what happened, or go to the sign-in page when there is a kept save to complete.
        response = HttpResponse(status=200 if kept else 204)
        if kept:
            response["HX-Redirect"] = url
        else:
            response["HX-Trigger"] = "pd-signed-out"
        return response
    return redirect(url)


def _second_factor_paths() -> set[str]:
    return {
        reverse("staff:second_factor"),
        reverse("staff:sign_out"),
    }


def _session_paths() -> set[str]:
    """Pages about the session itself: never kept, never the place of a replay."""
    return _second_factor_paths() | {
        reverse("staff:sign_in"),
        reverse("staff:session_status"),
    }
