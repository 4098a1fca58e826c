"""An example subscriber for the demo: one confirmed subscription to everything, at an
address that says it is an example (no model field flags subscriptions: an address is all a
subscription holds). The demo sends mail to the console, so running `manage.py daily` shows
its digest. Loading again changes nothing."""

from django.utils import timezone

from projektdatabas.subscriptions.models import Subscription

EXAMPLE_ADDRESS = "exempel.prenumerant@example.se"


def load_example_subscriber(*, municipality) -> Subscription:
    now = timezone.now()
    subscription, _created = Subscription.objects.get_or_create(
        municipality=municipality,
        email=EXAMPLE_ADDRESS,
        defaults={
            "news": True,
            "projects": True,
            "twinning_events": True,
            "confirmed_at": now,
            "digest_until": now,
        },
    )
    return subscription
