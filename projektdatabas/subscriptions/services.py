"""Writes to subscriptions: signing up, confirming, changing choices, unsubscribing, and
removing sign-ups nobody confirmed. Keyword-only, with the acting user (None for a resident,
who has no account), in one transaction, leaving an audit entry that names the subscription's
number only: the trail must not keep an address its holder asked us to forget.

Mail goes out after commit (core.notify) and only to the address itself: nothing but the
confirmation request is sent before the holder has confirmed."""

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from projektdatabas.core.models import log_action
from projektdatabas.core.notify import notify

from .models import Subscription, latest_event_id

_CONFIRM_SALT = "projektdatabas.subscriptions.confirm"
CHOICES = ("news", "projects", "twinning_events")


def confirmation_key(subscription: Subscription) -> str:
    """The signed, expiring key in the confirmation link."""
    return signing.TimestampSigner(salt=_CONFIRM_SALT).sign(subscription.token)


def subscription_for_key(key: str) -> Subscription | None:
    """The subscription a confirmation link names, or None if the link is altered, older
    than CONFIRM_WITHIN, or its sign-up is gone."""
    try:
        token = signing.TimestampSigner(salt=_CONFIRM_SALT).unsign(
            key, max_age=Subscription.CONFIRM_WITHIN
        )
    except signing.BadSignature:  # SignatureExpired included
        return None
    return Subscription.objects.filter(token=token).first()


def _link(name: str, language: str, *args) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, args=args)


def unsubscribe_url(subscription: Subscription) -> str:
    return _link("public:unsubscribe", subscription.language, subscription.token)


def manage_url(subscription: Subscription) -> str:
    return _link("public:subscription_choices", subscription.language, subscription.token)


def list_headers(subscription: Subscription) -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail programs show an "unsubscribe" button that POSTs
    "List-Unsubscribe=One-Click" to the address, without opening a page."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscription)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _set_choices(subscription: Subscription, choices: dict) -> None:
    for name in CHOICES:
        setattr(subscription, name, bool(choices.get(name)))
    subscription.full_clean(exclude=["token", "municipality"], validate_unique=False)


@transaction.atomic
def request_subscription(*, municipality, email: str, language: str, choices: dict, actor=None):
    """A sign-up from the public form. The answer is the same whether the address is new,
    waiting for confirmation or already confirmed, so the form tells nobody which it is:
    a new or unconfirmed address gets (again) a confirmation request with these choices;
    a confirmed one keeps its choices and is sent the link to change them."""
    email = email.strip().lower()
    existing = (
        Subscription.objects.select_for_update()
        .filter(municipality=municipality, email=email)
        .first()
    )
    if existing is not None and existing.is_confirmed:
        notify(
            recipients=[email],
            subject=_("You already subscribe to news from the project database"),
            template="subscriptions/mail/already_subscribed.txt",
            context={"subscription": existing, "manage_url": manage_url(existing)},
            headers=list_headers(existing),
            language=existing.language,
        )
        log_action(actor=actor, action="subscriptions.requested_again", target=existing)
        return
    subscription = existing or Subscription(municipality=municipality, email=email)
    subscription.language = language
    subscription.created_at = timezone.now()  # the week to confirm starts again
    _set_choices(subscription, choices)
    try:
        with transaction.atomic():  # a savepoint: a parallel sign-up of the same address
            subscription.save()
    except IntegrityError:
        # The same address signed up at the same moment: that one stands, and asks.
        return
    subscription.themes.set(choices.get("themes") or [])
    subscription.twinnings.set(choices.get("twinnings") or [])
    notify(
        recipients=[email],
        subject=_("Confirm your subscription to the project database"),
        template="subscriptions/mail/confirm.txt",
        context={
            "confirm_url": _link(
                "public:subscription_confirm", language, confirmation_key(subscription)
            ),
            "days": Subscription.CONFIRM_WITHIN.days,
        },
        # Every message says how to stop: here, withdrawing the sign-up before it counts.
        headers=list_headers(subscription),
        language=language,
    )
    log_action(actor=actor, action="subscriptions.requested", target=subscription)


@transaction.atomic
def confirm_subscription(*, subscription: Subscription, actor=None) -> Subscription:
    """The holder followed the link: from now on digests go out, covering what is
    published after this moment."""
    if subscription.is_confirmed:
        return subscription
    now = timezone.now()
    subscription.confirmed_at = now
    subscription.digest_until = now
    subscription.digest_event_id = latest_event_id(subscription.municipality)
    subscription.save(update_fields=["confirmed_at", "digest_until", "digest_event_id"])
    log_action(actor=actor, action="subscriptions.confirmed", target=subscription)
    return subscription


@transaction.atomic
def change_choices(*, subscription: Subscription, choices: dict, actor=None) -> Subscription:
    _set_choices(subscription, choices)
    subscription.save(update_fields=list(CHOICES))
    subscription.themes.set(choices.get("themes") or [])
    subscription.twinnings.set(choices.get("twinnings") or [])
    log_action(actor=actor, action="subscriptions.changed", target=subscription)
    return subscription


@transaction.atomic
def unsubscribe(*, token: str, actor=None) -> bool:
    """Removes the subscription whose link this is, address and choices with it. False if
    there was none (already unsubscribed): the result the holder wanted all the same."""
    subscription = Subscription.objects.filter(token=token).first()
    if subscription is None:
        return False
    log_action(actor=actor, action="subscriptions.unsubscribed", target=subscription)
    subscription.delete()
    return True


@transaction.atomic
def remove_unconfirmed(*, now=None, actor=None) -> int:
    """Sign-ups nobody confirmed within CONFIRM_WITHIN (their link no longer works)."""
    moment = (now or timezone.now()) - Subscription.CONFIRM_WITHIN
    stale = Subscription.objects.unconfirmed_since(moment)
    count = stale.count()
    if count:
        stale.delete()
    return count
