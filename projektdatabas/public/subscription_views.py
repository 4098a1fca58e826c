"""E-mail subscriptions for residents, without an account: sign up, confirm from the mail
(double opt-in), change choices and unsubscribe from the links in every message.

None of these pages is cached: the forms carry tokens, and the links carry each
subscription's secret. A link from a mail only shows a page with a button; the button's POST
changes something, because mail scanners open every link in a message to look at it."""

import datetime as dt

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from projektdatabas.accounts.addresses import client_address
from projektdatabas.subscriptions import services
from projektdatabas.subscriptions.models import Language, Subscription

from .antispam import over_limit
from .subscription_forms import ChoicesForm, SubscribeForm
from .views import site_municipality

# Sign-ups one client address may send, and one e-mail address may be given in: more than a
# household needs, far fewer than it takes to flood an inbox with confirmation requests.
PER_CLIENT = (10, dt.timedelta(hours=1))
PER_EMAIL = (3, dt.timedelta(days=1))


def _render(request, template, context=None, status=200):
    context = {"municipality": site_municipality(request), **(context or {})}
    return render(request, template, context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    municipality = site_municipality(request)
    data = request.POST if request.method == "POST" else None
    form = SubscribeForm(data, municipality=municipality, initial=_preselected(request))
    if request.method == "POST" and form.is_valid():
        message = _too_many(request, form.cleaned_data["email"])
        if message:
            form.add_error(None, message)
        else:
            language = translation.get_language()
            services.request_subscription(
                municipality=municipality,
                email=form.cleaned_data["email"],
                language=Language.ENGLISH if language == "en" else Language.SWEDISH,
                choices=form.cleaned_data,
            )
            return redirect("public:subscribe_sent")
    return _render(request, "public/subscribe.html", {"form": form})


def _preselected(request) -> dict:
    """From a twin town's page ("?vanort=<slug>"): its activities and projects, ticked."""
    slug = request.GET.get("vanort", "")
    twinnings = site_municipality(request).twinnings.filter(slug=slug) if slug else None
    if not twinnings:
        return {}
    return {"twinning_events": True, "twinnings": list(twinnings)}


def _too_many(request, email: str) -> str:
    limit, per = PER_CLIENT
    if over_limit(scope="subscribe", address=client_address(request), limit=limit, per=per):
        return _(
            "Many sign-ups have been sent from here in a short time, so this one was not. "
            "What you wrote is kept: wait an hour and send it again."
        )
    limit, per = PER_EMAIL
    if over_limit(scope="subscribe-email", address=email, limit=limit, per=per):
        return _(
            "This address has been given several times today, so no more messages are sent "
            "to it until tomorrow. Look for the message we already sent (and in the spam "
            "folder)."
        )
    return ""


@require_safe
def subscribe_sent(request):
    return _render(
        request, "public/subscribe_sent.html", {"days": Subscription.CONFIRM_WITHIN.days}
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, key):
    subscription = services.subscription_for_key(key)
    if subscription is None:
        return _render(request, "public/subscribe_confirm.html", {"invalid": True}, status=404)
    if request.method == "POST":
        services.confirm_subscription(subscription=subscription)
        return _render(
            request,
            "public/subscribe_confirm.html",
            {"confirmed": True, "subscription": subscription},
        )
    return _render(request, "public/subscribe_confirm.html", {"subscription": subscription})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def choices(request, token):
    subscription = get_object_or_404(Subscription, token=token)
    if request.method == "POST":
        form = ChoicesForm(request.POST, municipality=subscription.municipality)
        if form.is_valid():
            services.change_choices(subscription=subscription, choices=form.cleaned_data)
            return _render(
                request,
                "public/subscribe_choices.html",
                {"form": form, "subscription": subscription, "saved": True},
            )
    else:
        form = ChoicesForm(
            initial={
                **{name: getattr(subscription, name) for name in services.CHOICES},
                "themes": subscription.themes.all(),
                "twinnings": subscription.twinnings.all(),
            },
            municipality=subscription.municipality,
        )
    return _render(
        request, "public/subscribe_choices.html", {"form": form, "subscription": subscription}
    )


# Without a CSRF token: mail programs send RFC 8058's one-click POST
# ("List-Unsubscribe=One-Click") from outside the site, with no page, cookie or token of
# ours. Forging it gains nothing: the secret in the address is what authorises, and it is
# only in the holder's mail. The page's own button posts here too. Only this view is exempt.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    if request.method == "POST":
        services.unsubscribe(token=token)
        # The same answer if it was already gone: what the holder wanted is the case.
        return _render(request, "public/subscribe_unsubscribe.html", {"done": True})
    subscription = Subscription.objects.filter(token=token).first()
    if subscription is None:
        return _render(request, "public/subscribe_unsubscribe.html", {"gone": True}, status=404)
    return _render(request, "public/subscribe_unsubscribe.html", {"subscription": subscription})
