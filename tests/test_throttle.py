"""Sign-in throttling that slows guessing without letting anyone lock staff out: the client's
address behind the proxy, limits per address and per user name from an address, and
counting that parallel guesses cannot overrun."""

import datetime as dt
import itertools
import sqlite3
import threading
import time
from contextlib import contextmanager

import pytest
from django.db import connection, connections
from django.db.models import F
from django.test import Client, RequestFactory

from projektdatabas.accounts.addresses import client_address
from projektdatabas.accounts.models import SignInCounter
from projektdatabas.accounts.throttle import MAX_PER_ADDRESS, MAX_PER_PAIR, WINDOW

pytestmark = pytest.mark.django_db
PASSWORD = "ett-långt-lösenord-2026"  # every test user's (tests/conftest.py)
PROXY = "10.0.0.5"
ATTACKER = "203.0.113.66"
REFUSED = "För många misslyckade försök"
_guesses = itertools.count(1)


def sign_in(username, password=PASSWORD, *, remote="127.0.0.1", forwarded=None, path=""):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    data = {"username": username, "password": password}
    return Client().post(f"{path}/intern/logga-in/", data, **extra)


def signed_in(response) -> bool:
    return response.status_code == 302


def refused(response) -> bool:
    return response.status_code == 200 and REFUSED in response.content.decode()


def wrong(response) -> bool:
    return "Användarnamnet eller lösenordet är fel." in response.content.decode()


def test_a_flood_of_user_names_behind_the_proxy_locks_out_only_its_own_client(make_user, settings):
    """The finding: behind the TLS proxy every request has the proxy's address, so twenty
    guesses locked every member of staff out."""
    settings.TRUSTED_PROXY_COUNT = 1
    coordinator, reader = make_user("coordinator"), make_user("reader")
    for n in range(MAX_PER_ADDRESS):
        # Whatever the client puts in the header, the proxy appends the address it saw.
        forged = f"192.0.2.{n}, {ATTACKER}"
        assert wrong(sign_in(f"gissning-{next(_guesses)}", "fel", remote=PROXY, forwarded=forged))

    assert refused(sign_in(coordinator.username, remote=PROXY, forwarded=ATTACKER))
    assert signed_in(sign_in(coordinator.username, remote=PROXY, forwarded="198.51.100.7"))
    assert signed_in(sign_in(reader.username, remote=PROXY, forwarded="198.51.100.8"))


def test_a_users_failures_from_one_address_lock_only_that_address_for_them(make_user):
    user, colleague = make_user("coordinator"), make_user("reader")
    for _ in range(MAX_PER_PAIR):
        assert wrong(sign_in(user.username, "fel-lösenord-igen", remote="198.51.100.1"))

    response = sign_in(user.username, remote="198.51.100.1")  # the right password, too late
    assert refused(response)
    assert "Försök igen om 15 minuter." in response.content.decode()
    assert signed_in(sign_in(user.username, remote="198.51.100.2"))
    assert signed_in(sign_in(colleague.username, remote="198.51.100.1"))


def test_a_name_that_grows_in_lower_case_is_counted_not_refused_with_an_error(db):
    """'İ' lower-cases to two characters: 150 of them overflowed the column on PostgreSQL."""
    for _ in range(MAX_PER_PAIR):
        assert wrong(sign_in("İ" * 150, "fel"))
    assert refused(sign_in("İ" * 150, "fel"))


def test_the_lock_ends_15_minutes_after_the_last_failure_and_says_so(make_user):
    user = make_user("coordinator")
    for _ in range(MAX_PER_PAIR):
        sign_in(user.username, "fel-lösenord-igen")
    SignInCounter.objects.update(last_at=F("last_at") - (WINDOW - dt.timedelta(seconds=30)))
    assert "Försök igen om 1 minut." in sign_in(user.username).content.decode()
    response = sign_in(user.username, path="/en")
    assert "Too many failed attempts. Try again in 1 minute." in response.content.decode()

    SignInCounter.objects.update(last_at=F("last_at") - dt.timedelta(seconds=31))
    assert signed_in(sign_in(user.username))


def test_a_forged_forwarded_header_is_ignored_without_trusted_proxies(make_user, settings):
    """Otherwise a guesser would give every try a fresh address of its own choosing."""
    settings.TRUSTED_PROXY_COUNT = 0
    user = make_user("coordinator")
    for n in range(MAX_PER_PAIR):
        sign_in(user.username, "fel-lösenord-igen", remote=ATTACKER, forwarded=f"192.0.2.{n}")
    assert refused(sign_in(user.username, remote=ATTACKER, forwarded="192.0.2.200"))
    for n in range(MAX_PER_ADDRESS - MAX_PER_PAIR):
        name = f"gissning-{next(_guesses)}"
        sign_in(name, "fel", remote=ATTACKER, forwarded=f"198.51.100.{n}")
    assert refused(sign_in(make_user("reader").username, remote=ATTACKER, forwarded="192.0.2.201"))


def test_an_ipv6_host_cannot_step_through_the_addresses_of_its_64(make_user):
    for n in range(1, MAX_PER_ADDRESS + 1):
        sign_in(f"gissning-{next(_guesses)}", "fel", remote=f"2001:db8:1:2::{n:x}")
    user = make_user("coordinator")
    assert refused(sign_in(user.username, remote="2001:db8:1:2:ffff:ffff:ffff:1"))
    assert signed_in(sign_in(user.username, remote="2001:db8:1:3::1"))


def test_an_office_behind_one_address_signing_in_all_day_is_never_locked_out(make_user):
    """Each attempt is counted before its password is checked; a success gives it back."""
    staff = [make_user("reader") for _ in range(3)]
    for n in range(MAX_PER_ADDRESS + 5):
        assert signed_in(sign_in(staff[n % 3].username, remote="198.51.100.40"))
    # Nor do a user's own earlier typos add up once they have signed in.
    for _ in range(2):
        for _ in range(MAX_PER_PAIR - 1):
            assert wrong(sign_in(staff[0].username, "fel", remote="198.51.100.40"))
        assert signed_in(sign_in(staff[0].username, remote="198.51.100.40"))


def test_counters_past_their_window_are_purged(municipality):
    SignInCounter.objects.create(
        address="192.0.2.1", attempts=3, last_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    sign_in("någon", "fel", remote="198.51.100.50")
    assert set(SignInCounter.objects.values_list("address", "username", "attempts")) == {
        ("198.51.100.50", "", 1),
        ("198.51.100.50", "någon", 1),
    }


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, "192.0.2.1", PROXY),  # not trusted: the header is anybody's
        (1, None, PROXY),
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "198.51.100.9, 192.0.2.1", "192.0.2.1"),  # the left one the client wrote
        (2, "198.51.100.9, 192.0.2.1, 10.0.0.4", "192.0.2.1"),
        (2, "192.0.2.1", PROXY),  # fewer hops than proxies: not the way the setting says
        (1, "", PROXY),
        (1, "unknown", PROXY),
        (1, "192.0.2.1, not-an-address", PROXY),
        (1, "192.0.2.1:53211", "192.0.2.1"),  # some proxies append the port
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "2001:DB8:0::1", "2001:db8::1"),
        (1, "::ffff:192.0.2.1", "192.0.2.1"),
    ],
)
def test_the_client_address_is_read_from_as_many_hops_as_are_trusted(
    trusted, forwarded, expected, settings
):
    settings.TRUSTED_PROXY_COUNT = trusted
    extra = {"REMOTE_ADDR": PROXY}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_address(RequestFactory().get("/", **extra)) == expected


def test_without_any_address_the_client_address_is_none(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="")) is None


# --- Parallel guesses --------------------------------------------------------------------


@contextmanager
def _own_connections(path, sqlite_options=None):
    """Lets threads open their own connections to the test database. PostgreSQL's is shared
    as it is. SQLite's is in memory, where connections share it with table locks that fail
    at once instead of waiting: the threads get a copy in a file, as in production (with
    the project's OPTIONS, or with `sqlite_options`)."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    if sqlite_options is None and "journal_mode=WAL" in str(
        connections.settings["default"].get("OPTIONS", {}).get("init_command", "")
    ):
        # As a production file already is: twenty threads each switching a fresh copy to
        # WAL in their first statement had been refused with "database is locked" on a
        # busy machine, before any sign-in was counted (the switch needs the file alone).
        copy.execute("PRAGMA journal_mode=WAL")
    copy.close()
    original = connections.settings
    default = {**original["default"], "NAME": str(path)}
    if sqlite_options is not None:
        default["OPTIONS"] = sqlite_options
    connections.settings = {**original, "default": default}
    try:
        yield
    finally:
        connections.settings = original


def _in_parallel(attempts: list[tuple[str, str]], monkeypatch) -> int:
    """Signs in with each (user name, address) at once, each in a thread with its own
    connection; returns how many passwords were checked."""
    checked = []
    errors = []
    start = threading.Barrier(len(attempts))

    def slow_wrong_password(request, **credentials):
        checked.append(credentials["username"])  # list.append is atomic
        time.sleep(0.05)  # about as long as a real password hash: widens any gap
        return None

    def attempt(username, address):
        try:
            start.wait()
            response = sign_in(username, "fel", remote=address)
            assert wrong(response) or refused(response), response.status_code
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    monkeypatch.setattr("projektdatabas.staff.views.auth.authenticate", slow_wrong_password)
    threads = [threading.Thread(target=attempt, args=pair) for pair in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    monkeypatch.undo()
    assert not errors, errors
    return len(checked)


def _database_modes():
    """On SQLite, with the project's settings and with Django's defaults (deferred
    transactions, rollback journal): the counting must not depend on them."""
    if connection.vendor != "sqlite":
        return [("as configured", None)]
    return [("as configured", None), ("Django's defaults", {})]


@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_at_one_user_get_exactly_the_limit_of_checks(
    municipality, tmp_path, monkeypatch
):
    for n, (mode, options) in enumerate(_database_modes()):
        with _own_connections(tmp_path / f"copy-{n}.sqlite3", options):
            checked = _in_parallel([("anna", "198.51.100.60")] * 20, monkeypatch)
        assert checked == MAX_PER_PAIR, mode


@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_from_one_address_get_exactly_its_limit(
    municipality, tmp_path, monkeypatch
):
    names = [f"gissning-{next(_guesses)}" for _ in range(MAX_PER_ADDRESS + 10)]
    for n, (mode, options) in enumerate(_database_modes()):
        with _own_connections(tmp_path / f"copy-{n}.sqlite3", options):
            checked = _in_parallel([(name, "198.51.100.70") for name in names], monkeypatch)
        assert checked == MAX_PER_ADDRESS, mode
