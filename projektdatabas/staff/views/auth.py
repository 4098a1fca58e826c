"""Signing in and out, and the administrators' second factor (TOTP)."""

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from projektdatabas.accounts import throttle
from projektdatabas.accounts.addresses import client_address
from projektdatabas.accounts.middleware import (
    PENDING_KEY,
    mark_active,
    seconds_left,
    sign_out_on_purpose,
)
from projektdatabas.accounts.models import PendingSubmission
from projektdatabas.accounts.permissions import needs_second_factor
from projektdatabas.core.models import log_action

from ..forms import SignInForm, TokenForm


def _next_url(request, default="staff:home"):
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default


@require_http_methods(["GET", "POST"])
def sign_in(request):
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        address = client_address(request)
        # Counted before the password is checked, so parallel guesses cannot overrun it.
        minutes = throttle.reserve_attempt(username=username, address=address)
        if minutes:
            form.add_error(
                None,
                ngettext(
                    "Too many failed attempts. Try again in %(minutes)d minute.",
                    "Too many failed attempts. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            )
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                form.add_error(None, _("The user name or the password is wrong."))
            else:
                throttle.attempt_succeeded(username=username, address=address)
                login(request, user)  # a new session key: no fixation
                log_action(actor=user, action="user.signed_in", target=user)
                if needs_second_factor(user):
                    query = urlencode({"next": _next_url(request, reverse("staff:home"))})
                    return redirect(f"{reverse('staff:second_factor')}?{query}")
                return redirect(_next_url(request))
    return render(
        request,
        "staff/sign_in.html",
        {
            "form": form,
            "next": _next_url(request, ""),
            "oidc_enabled": settings.OIDC_ENABLED,
            "kept": _kept_submission(request),
        },
    )


def _kept_submission(request):
    """A form sent after the idle sign-out, waiting for this browser to sign in again."""
    token = request.session.get(PENDING_KEY)
    return token and PendingSubmission.objects.fresh().filter(token=token).first()


def admin_sign_in(request):
    """The Django admin's login address, sent to the staff sign-in (and back)."""
    target = _next_url(request, "/admin/")
    return redirect(f"{reverse('staff:sign_in')}?{urlencode({'next': target})}")


@never_cache
@require_http_methods(["GET", "POST"])
def session_status(request):
    """Seconds until the idle sign-out, asked by the warning (staff/idle.js) before it shows,
    so that work in another tab counts. A POST is its "stay signed in": activity, unless it
    comes too late."""
    if request.method == "POST" and seconds_left(request) > 0:
        mark_active(request)
    return JsonResponse({"seconds_left": seconds_left(request)})


@require_POST
def sign_out(request):
    sign_out_on_purpose(request)
    messages.info(request, _("You are signed out."))
    return redirect("staff:sign_in")


@require_http_methods(["GET", "POST"])
def second_factor(request):
    user = request.user
    if not user.is_authenticated:
        return redirect("staff:sign_in")
    if user.is_verified():
        return redirect(_next_url(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        # The first time, the key is shown (as a QR code and as text) and confirmed by
        # entering a code from the app; until then it is stored unconfirmed.
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or (
            TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("Too many wrong codes. Wait a minute and try again."))
        elif device.verify_token(form.cleaned_data["token"]):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            log_action(actor=user, action="user.second_factor", target=user)
            return redirect(_next_url(request))
        else:
            form.add_error("token", _("The code is wrong or has expired. Try the current one."))
    context = {"form": form, "enrolling": enrolling, "next": _next_url(request, "")}
    if enrolling:
        context["secret"] = _base32(device)
        context["qr_data_uri"] = segno.make(device.config_url, error="m").svg_data_uri(scale=4)
    return render(request, "staff/second_factor.html", context)


def _base32(device) -> str:
    import base64

    key = base64.b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
