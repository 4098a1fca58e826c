"""Residents' e-mail subscriptions to what the public site publishes, and the counters that
keep the public forms from being used to flood anyone's inbox.

A subscription holds the address and the choices, nothing else: no name, no client address.
It is confirmed by a link in the first message (double opt-in) and removed, not flagged,
when its holder unsubscribes; unconfirmed sign-ups are removed by the daily job."""

import datetime as dt
import secrets

from django.db import models
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projektdatabas.organisations.models import Municipality, Twinning, TwinningEvent
from projektdatabas.projects.reference import Theme


class RateCounter(models.Model):
    """Requests counted against a limit within a window (public/antispam.py: over_limit),
    one row per scope and key (an e-mail address or a client address). In the database, not
    a per-process cache, so that every server worker sees the same count."""

    scope = models.CharField(_("scope"), max_length=40)
    key = models.CharField(_("key"), max_length=254)
    count = models.PositiveIntegerField(_("count"), default=0)
    window_ends_at = models.DateTimeField(_("window ends"), db_index=True)  # the purge's filter

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")
        constraints = [
            # One counter per key, so that its conditional UPDATE is the one place that counts.
            models.UniqueConstraint(fields=["scope", "key"], name="ratecounter_one_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}: {self.count}"


class Language(models.TextChoices):
    SWEDISH = "sv", "svenska"
    ENGLISH = "en", "English"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def unconfirmed_since(self, moment):
        """Sign-ups nobody confirmed before `moment`: the daily job removes them."""
        return self.unconfirmed().filter(created_at__lt=moment)


class Subscription(models.Model):
    # How long a confirmation link works, and how long an unconfirmed sign-up is kept (the
    # privacy notice states the same number).
    CONFIRM_WITHIN = dt.timedelta(days=7)

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.SWEDISH
    )
    news = models.BooleanField(_("news"), default=False)
    projects = models.BooleanField(_("newly published projects"), default=False)
    twinning_events = models.BooleanField(_("twin-town activities"), default=False)
    themes = models.ManyToManyField(
        Theme,
        verbose_name=_("only projects with these themes"),
        blank=True,
        related_name="+",
    )
    twinnings = models.ManyToManyField(
        Twinning,
        verbose_name=_("only these twin towns"),
        blank=True,
        related_name="+",
    )
    # The secret in the links to change choices and to unsubscribe. Random, not derived
    # from the address; it goes only to the address's mailbox (the confirmation link carries
    # it too, signed with the time, and so does that message's List-Unsubscribe header), so
    # it stays the same from sign-up to unsubscribing and every message's link works.
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # What the last digest covered: news and projects published up to this moment, twin-town
    # activities up to this id (they carry no date of entry, and ids only grow).
    digest_until = models.DateTimeField(_("digest sent up to"), null=True, blank=True)
    digest_event_id = models.PositiveBigIntegerField(_("last twin-town activity sent"), default=0)
    last_sent_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["municipality", "email"]
        constraints = [
            # One subscription per address: a second sign-up changes it, never duplicates it.
            models.UniqueConstraint(
                fields=["municipality", "email"], name="subscription_one_per_address"
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="subscription_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(news=True) | Q(projects=True) | Q(twinning_events=True),
                name="subscription_chooses_something",
                violation_error_message=_("Choose at least one thing to subscribe to."),
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


def latest_event_id(municipality) -> int:
    """The newest twin-town activity's id: TwinningEvent has no date of its own for when it
    was added, and ids only grow, so a digest covers the activities above the id it last
    reached."""
    events = TwinningEvent.objects.filter(twinning__municipality=municipality)
    return events.aggregate(latest=Max("id"))["latest"] or 0
