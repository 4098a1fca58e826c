"""The public forms' protection against robots and floods (public/antispam.py): a honeypot,
a signed time token, and a rate limit that every worker process shares."""

import datetime as dt
import threading
import time

import pytest
from django import forms
from django.db import connection
from django.utils import timezone

from projektdatabas.public import antispam
from projektdatabas.public.antispam import AntiSpamMixin, issue_token, over_limit
from projektdatabas.subscriptions.models import RateCounter
from tests.test_throttle import _database_modes, _own_connections


class ExampleForm(AntiSpamMixin, forms.Form):
    antispam_scope = "example"
    email = forms.EmailField(label="E-post")


def _data(**extra):
    return {
        "email": "anna@example.se",
        "homepage": "",
        "form_issued": issue_token("example", at=time.time() - 10),
        **extra,
    }


def _errors(form) -> str:
    return " ".join(form.non_field_errors())


def test_a_form_filled_in_at_a_human_pace_passes():
    form = ExampleForm(_data())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["email"] == "anna@example.se"


def test_the_honeypot_is_out_of_sight_and_out_of_the_tab_order_with_a_telling_label():
    from django.template.loader import render_to_string

    html = render_to_string("public/_antispam_fields.html", {"form": ExampleForm()})
    assert '<div class="visually-hidden">' in html
    assert 'tabindex="-1"' in html
    assert "Lämna detta fält tomt" in html
    assert 'type="hidden" name="form_issued"' in html


def test_a_filled_in_honeypot_is_refused_with_a_message_and_the_text_kept():
    form = ExampleForm(_data(homepage="http://spam.example"))
    assert not form.is_valid()
    assert "Lämna detta fält tomt" in _errors(form)
    assert 'value="anna@example.se"' in str(form["email"])


def test_a_form_sent_within_seconds_is_refused_and_passes_when_sent_again_later(monkeypatch):
    data = _data(form_issued=issue_token("example"))
    form = ExampleForm(data)
    assert not form.is_valid()
    assert "bara några sekunder" in _errors(form)
    assert 'value="anna@example.se"' in str(form["email"])
    # The page shown again keeps the token: sending it once the seconds have passed works.
    assert form["form_issued"].value() == data["form_issued"]
    real_time = time.time
    monkeypatch.setattr(antispam.time, "time", lambda: real_time() + antispam.MIN_AGE + 1)
    assert ExampleForm(data).is_valid()


def test_a_form_open_for_more_than_a_day_is_refused_and_given_a_fresh_token():
    old = issue_token("example", at=time.time() - antispam.MAX_AGE - 60)
    form = ExampleForm(_data(form_issued=old))
    assert not form.is_valid()
    assert "mer än ett dygn" in _errors(form)
    assert 'value="anna@example.se"' in str(form["email"])
    renewed = form["form_issued"].value()
    assert renewed != old
    # The fresh token works once a person's few seconds have passed.
    assert ExampleForm(_data(form_issued=renewed)).errors.get("__all__")  # too fast now


@pytest.mark.parametrize(
    "token",
    [
        "",
        "example:1abcde:forged-signature",
        issue_token("another-form", at=time.time() - 10),
    ],
    ids=["missing", "forged", "from another form"],
)
def test_a_missing_altered_or_borrowed_token_is_refused_not_an_error(token):
    form = ExampleForm(_data(form_issued=token))
    assert not form.is_valid()
    assert "kunde inte kontrolleras" in _errors(form)
    assert form["form_issued"].value() not in ("", token)


@pytest.mark.django_db
def test_over_limit_counts_up_to_the_limit_then_refuses_until_the_window_ends(monkeypatch):
    hour = dt.timedelta(hours=1)
    answers = [
        over_limit(scope="test", address="Anna@Example.se", limit=3, per=hour) for _ in range(4)
    ]
    assert answers == [False, False, False, True]
    # The same address in another case is the same counter; another scope is another.
    assert over_limit(scope="test", address="anna@example.se", limit=3, per=hour)
    assert not over_limit(scope="other", address="anna@example.se", limit=3, per=hour)
    assert not over_limit(scope="test", address="bo@example.se", limit=3, per=hour)
    later = timezone.now() + hour + dt.timedelta(seconds=1)
    monkeypatch.setattr(antispam.timezone, "now", lambda: later)
    assert not over_limit(scope="test", address="anna@example.se", limit=3, per=hour)
    assert RateCounter.objects.get(scope="test", key=antispam._key("anna@example.se")).count == 1
    # The addresses are counted, not stored.
    assert not RateCounter.objects.filter(key__contains="example").exists()


@pytest.mark.django_db
def test_client_addresses_of_one_ipv6_host_share_a_counter():
    day = dt.timedelta(days=1)
    assert not over_limit(scope="test", address="2001:db8:1:2::1", limit=1, per=day)
    assert over_limit(scope="test", address="2001:db8:1:2::ffff", limit=1, per=day)
    assert not over_limit(scope="test", address="2001:db8:1:3::1", limit=1, per=day)
    assert not over_limit(scope="test", address=None, limit=1, per=day)
    assert over_limit(scope="test", address=None, limit=1, per=day)


@pytest.mark.django_db
def test_counters_long_past_their_window_are_purged(monkeypatch):
    over_limit(scope="test", address="198.51.100.1", limit=5, per=dt.timedelta(minutes=1))
    later = timezone.now() + dt.timedelta(days=2)
    monkeypatch.setattr(antispam.timezone, "now", lambda: later)
    over_limit(scope="test", address="198.51.100.2", limit=5, per=dt.timedelta(minutes=1))
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["198.51.100.2"]


def _allowed_in_parallel(scope: str, requests: int) -> int:
    """How many of `requests` made at once pass a limit of 5; each thread has its own
    database connection, as each worker process has."""
    allowed = []
    errors = []
    start = threading.Barrier(requests)

    def request():
        try:
            start.wait()
            hour = dt.timedelta(hours=1)
            if not over_limit(scope=scope, address="203.0.113.9", limit=5, per=hour):
                allowed.append(1)  # list.append is atomic
        except Exception as error:  # reported in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return len(allowed)


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_get_exactly_the_limit(tmp_path):
    for n, (mode, options) in enumerate(_database_modes()):
        with _own_connections(tmp_path / f"copy-{n}.sqlite3", options):
            assert _allowed_in_parallel(f"parallel-{n}", 12) == 5, mode
