"""The daily digest: one message per confirmed subscription and run, with what was published
since its last digest for its choices, and none when nothing is new.

Each subscription records how far its digests reach (a moment for news and projects, an id
for twin-town activities, which carry no date of entry), moved forward in the same
transaction that queues its message: a second run, or two runs at once, sends nothing twice.
The message is queued for after the commit (core.notify), so a run that fails half-way sends
only what it recorded."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projektdatabas.core.notify import notify
from projektdatabas.news.models import NewsItem
from projektdatabas.organisations import sites
from projektdatabas.organisations.models import TwinningEvent
from projektdatabas.projects.models import Project

from .models import Subscription, latest_event_id
from .services import list_headers, manage_url, unsubscribe_url


def news_for(subscription: Subscription, since, until):
    if not subscription.news:
        return NewsItem.objects.none()
    return (
        NewsItem.objects.for_municipality(subscription.municipality)
        .public()
        .filter(published_at__gt=since, published_at__lte=until)
        .order_by("published_at", "id")
    )


def projects_for(subscription: Subscription, since, until):
    if not subscription.projects:
        return Project.objects.none()
    projects = (
        Project.objects.for_municipality(subscription.municipality)
        .public()
        .filter(first_published_at__gt=since, first_published_at__lte=until)
    )
    themes = list(subscription.themes.all())
    if themes:
        projects = projects.filter(themes__in=themes)
    twinnings = list(subscription.twinnings.all())
    if twinnings:
        projects = projects.filter(partnerships__organisation__twinnings__in=twinnings)
    return projects.distinct().order_by("first_published_at", "id")


def events_for(subscription: Subscription, last_id: int):
    if not subscription.twinning_events:
        return TwinningEvent.objects.none()
    events = TwinningEvent.objects.filter(
        twinning__municipality=subscription.municipality,
        id__gt=subscription.digest_event_id,
        id__lte=last_id,
    ).select_related("twinning__partner")
    twinnings = list(subscription.twinnings.all())
    if twinnings:
        events = events.filter(twinning__in=twinnings)
    return events.order_by("date", "id")


def send_digests(*, now=None) -> int:
    """Queues each confirmed subscription's digest; returns how many messages went out."""
    now = now or timezone.now()
    sent = 0
    ids = Subscription.objects.confirmed().order_by("id").values_list("id", flat=True)
    last_ids = {}
    for pk in ids.iterator():
        with transaction.atomic():
            # The row lock makes a second run at the same time wait, then see it done.
            subscription = (
                Subscription.objects.select_for_update().filter(pk=pk, confirmed_at__isnull=False)
            ).first()
            if subscription is None:
                continue
            since = subscription.digest_until or subscription.confirmed_at
            if since >= now:
                continue
            municipality_id = subscription.municipality_id
            if municipality_id not in last_ids:
                last_ids[municipality_id] = latest_event_id(subscription.municipality)
            last_id = max(last_ids[municipality_id], subscription.digest_event_id)
            news = list(news_for(subscription, since, now))
            projects = list(projects_for(subscription, since, now))
            events = list(events_for(subscription, last_id))
            if news or projects or events:
                # Links to the subscriber's own municipality's site (/kungalv/…).
                with sites.addresses_of(subscription.municipality):
                    _send(subscription, news, projects, events)
                subscription.last_sent_at = now
                sent += 1
            subscription.digest_until = now
            subscription.digest_event_id = last_id
            subscription.save(update_fields=["digest_until", "digest_event_id", "last_sent_at"])
    return sent


def _send(subscription, news, projects, events) -> None:
    notify(
        recipients=[subscription.email],
        subject=_("New in the project database"),
        template="subscriptions/mail/digest.txt",
        context={
            "news": news,
            "projects": projects,
            "events": events,
            "manage_url": manage_url(subscription),
            "unsubscribe_url": unsubscribe_url(subscription),
        },
        headers=list_headers(subscription),
        language=subscription.language,
    )
