"""Throttling of password guessing: after repeated failures for a user name, or from one
address, sign-in is refused for a while with a message saying how long."""

import datetime as dt
import math

from django.db.models import Max
from django.utils import timezone

from .models import SignInFailure

WINDOW = dt.timedelta(minutes=15)
MAX_PER_USERNAME = 5
MAX_PER_ADDRESS = 20


def _recent(**filters):
    return SignInFailure.objects.filter(at__gte=timezone.now() - WINDOW, **filters)


def minutes_locked(*, username: str, ip_address: str | None) -> int:
    """0 if sign-in may be tried, else how many minutes until it may."""
    now = timezone.now()
    for failures, limit in (
        (_recent(username=username.lower()), MAX_PER_USERNAME),
        (_recent(ip_address=ip_address) if ip_address else None, MAX_PER_ADDRESS),
    ):
        if failures is None:
            continue
        summary = failures.aggregate(latest=Max("at"))
        if failures.count() >= limit:
            remaining = summary["latest"] + WINDOW - now
            return max(1, math.ceil(remaining.total_seconds() / 60))
    return 0


def record_failure(*, username: str, ip_address: str | None) -> None:
    SignInFailure.objects.create(username=username.lower(), ip_address=ip_address)
    # Keep the table small: nothing older than the window matters.
    SignInFailure.objects.filter(at__lt=timezone.now() - 4 * WINDOW).delete()


def clear_failures(*, username: str) -> None:
    SignInFailure.objects.filter(username=username.lower()).delete()
