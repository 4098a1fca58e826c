"""Throttling of password guessing that cannot be turned against staff.

Two counters limit the passwords checked: one per client address with any user names
(MAX_PER_ADDRESS), and one per user name from one address (MAX_PER_PAIR). When one is full,
that address, or that user name from that address, is refused until WINDOW after the last
attempt it counted; nobody elsewhere is. So guessing at a colleague's name locks out only
the guesser, and a flood of names from one address blocks only that address. (An IPv6 host
usually holds a whole /64, so its addresses count as one.)

Each attempt is counted *before* its password is checked, by one conditional UPDATE that
checks the limit and counts in the same statement: atomic on PostgreSQL (a row lock) and
on SQLite (the database's write lock), whatever SQLite's transaction mode, so N parallel
guesses get exactly the limit's number of checks. A failure keeps its count; a success
clears its user name's counter and gives its count back to the address, so an office behind
one NAT address never fills its counter by signing in.

Not django-axes: it checks the lockout in its authentication backend and counts the failure
afterwards, in a signal handler, so parallel guesses all pass the check (jazzband/django-axes
#592, closed as a known issue it will not fix); and it would bring django-ipware, a
middleware, a backend and three tables for what is this module and one table here."""

import datetime as dt
import ipaddress
import math

from django.db.models import Case, F, Q, When
from django.utils import timezone

from .models import SignInCounter

WINDOW = dt.timedelta(minutes=15)
MAX_PER_PAIR = 5
MAX_PER_ADDRESS = 20
ANY_USER = ""  # the username of an address's own counter


def reserve_attempt(*, username: str, address: str | None) -> int:
    """Count an attempt before its password is checked: 0 if it may go ahead, otherwise
    the minutes until it may (and nothing is counted). Call it outside a transaction, so
    that the count is seen by every other worker at once."""
    key = address_group(address)
    minutes = _take(key, ANY_USER, MAX_PER_ADDRESS)
    if minutes:
        return minutes
    minutes = _take(key, _name(username), MAX_PER_PAIR)
    if minutes:
        # No password is checked, so the address does not count this attempt.
        _give_back(key, ANY_USER)
    return minutes


def attempt_succeeded(*, username: str, address: str | None) -> None:
    key = address_group(address)
    SignInCounter.objects.filter(address=key, username=_name(username)).delete()
    _give_back(key, ANY_USER)


def _take(address: str, username: str, limit: int) -> int:
    now = timezone.now()
    expired = Q(last_at__lt=now - WINDOW)
    _counter, created = SignInCounter.objects.get_or_create(
        address=address, username=username, defaults={"last_at": now}
    )
    if created:
        # New rows are what grows the table; rows long past their window go with them.
        # (Twice the window, so that no row is purged between these two statements.)
        SignInCounter.objects.filter(last_at__lt=now - 2 * WINDOW).delete()
    counter = SignInCounter.objects.filter(address=address, username=username)
    # The limit's check and the count in one statement: no other attempt comes between.
    if counter.filter(Q(attempts__lt=limit) | expired).update(
        attempts=Case(When(expired, then=1), default=F("attempts") + 1), last_at=now
    ):
        return 0
    last_at = counter.values_list("last_at", flat=True).first() or now
    return max(1, math.ceil((last_at + WINDOW - now).total_seconds() / 60))


def _give_back(address: str, username: str) -> None:
    SignInCounter.objects.filter(address=address, username=username, attempts__gt=0).update(
        attempts=F("attempts") - 1
    )


def _name(username: str) -> str:
    # Lower case can be longer than what was typed ("İ" becomes two characters): cut to the
    # column's 150, which the form allows, or PostgreSQL refuses the value.
    return username.lower()[: SignInCounter._meta.get_field("username").max_length]


def address_group(address: str | None) -> str:
    if address is None:
        # No usable address (a proxy set up differently from TRUSTED_PROXY_COUNT): such
        # clients share one counter, so guessing is still slowed rather than let through.
        return "unknown"
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6:
        return str(ipaddress.IPv6Network((int(parsed), 64), strict=False))
    return str(parsed)
