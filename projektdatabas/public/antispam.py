"""What keeps the public site's forms (subscriptions, interest registrations) from being
filled in by robots or used to flood someone's inbox, without a CAPTCHA that shuts out
people who cannot solve one.

- `AntiSpamMixin` for a `forms.Form`: a honeypot field people never see or reach (robots
  fill in every field), and a signed time token: a form sent within MIN_AGE of being shown,
  or after MAX_AGE, or with a token that is missing or altered, is refused with a message
  that says what to do; what was typed is kept. Render the two fields with
  `{% include "public/_antispam_fields.html" %}` and leave them out of any loop over fields
  (`form.visible_fields_without_antispam`).
- `over_limit(*, scope, address, limit, per)`: counts a request and says whether it is one
  too many, in the database (subscriptions.RateCounter) so every worker process agrees.
  The same approach as accounts/throttle.py (one conditional UPDATE that checks and counts),
  with a window per scope instead of sign-in's fixed 15 minutes, hence its own table."""

import datetime as dt
import ipaddress
import time

from django import forms
from django.core import signing
from django.db.models import Case, F, Q, When
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from projektdatabas.accounts.throttle import address_group
from projektdatabas.subscriptions.models import RateCounter

MIN_AGE = 3  # seconds: a person needs longer than this to read and fill in a form
MAX_AGE = 24 * 60 * 60  # seconds: an older page is refused (and given a fresh token)
HONEYPOT = "homepage"  # a name robots like to fill in
ISSUED = "form_issued"  # the time token's field
_SALT = "projektdatabas.public.antispam"


class _Signer(signing.TimestampSigner):
    def __init__(self, at: float | None = None):
        super().__init__(salt=_SALT)
        self._at = at

    def timestamp(self):
        return signing.b62_encode(int(time.time() if self._at is None else self._at))


def issue_token(scope: str, *, at: float | None = None) -> str:
    """A signed token saying when a form of `scope` was shown (`at`: for tests)."""
    return _Signer(at).sign(scope)


class AntiSpamMixin:
    # Tokens are bound to the form they were issued for, so one form's cannot pass another.
    antispam_scope = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            # Out of the tab order and hidden from sight (the template's .visually-hidden);
            # a screen-reader user who still finds it is told by its label what to do.
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        self.fields[ISSUED] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=self._fresh_token
        )

    def _scope(self) -> str:
        return self.antispam_scope or type(self).__name__

    def _fresh_token(self) -> str:
        return issue_token(self._scope())

    @property
    def visible_fields_without_antispam(self):
        return [f for f in self.visible_fields() if f.name not in (HONEYPOT, ISSUED)]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT):
            raise forms.ValidationError(
                _(
                    "The form was not sent because the field “Leave this field empty” was "
                    "filled in. Empty it and send the form again."
                ),
                code="honeypot",
            )
        token = cleaned.get(ISSUED) or ""
        try:
            scope = _Signer().unsign(token, max_age=MAX_AGE)
            if scope != self._scope():
                raise signing.BadSignature
        except signing.SignatureExpired:
            self._renew_token()
            raise forms.ValidationError(
                _(
                    "The form was open for more than a day and has expired. What you wrote "
                    "is kept: check it and send the form again."
                ),
                code="expired",
            ) from None
        except signing.BadSignature:
            self._renew_token()
            raise forms.ValidationError(
                _(
                    "The form could not be checked (it may have been changed on the way). "
                    "What you wrote is kept: send the form again."
                ),
                code="bad_token",
            ) from None
        issued = signing.b62_decode(token.rsplit(signing.Signer().sep, 2)[1])
        if time.time() - issued < MIN_AGE:
            # The token stays valid: the same form sent again a moment later passes.
            raise forms.ValidationError(
                _(
                    "The form was sent only seconds after it was opened, which robots do. "
                    "What you wrote is kept: check it and send the form again."
                ),
                code="too_fast",
            )
        return cleaned

    def _renew_token(self) -> None:
        # The page shown again carries a new token, or resending it would fail the same way.
        self.data = self.data.copy()
        self.data[self.add_prefix(ISSUED)] = self._fresh_token()


def over_limit(*, scope: str, address: str, limit: int, per: dt.timedelta) -> bool:
    """Count one request of `scope` from or for `address` (an e-mail or a client address)
    and say whether it is over `limit` within the window `per` that the first one opened.
    A refused request is not counted. Call it outside a transaction, so that every other
    worker sees the count at once."""
    now = timezone.now()
    key = _key(address)
    _counter, created = RateCounter.objects.get_or_create(
        scope=scope, key=key, defaults={"window_ends_at": now + per}
    )
    if created:
        # New rows are what grows the table; rows a day past their window go with them
        # (a day, so that no row is purged between these statements).
        RateCounter.objects.filter(window_ends_at__lt=now - dt.timedelta(days=1)).delete()
    counter = RateCounter.objects.filter(scope=scope, key=key)
    expired = Q(window_ends_at__lte=now)
    # The limit's check and the count in one statement: no other request comes between.
    counted = counter.filter(Q(count__lt=limit) | expired).update(
        count=Case(When(expired, then=1), default=F("count") + 1),
        window_ends_at=Case(When(expired, then=now + per), default=F("window_ends_at")),
    )
    return not counted


def _key(address: str | None) -> str:
    if address is None:
        return address_group(None)  # no usable client address: such clients share one
    try:
        ipaddress.ip_address(address or "")
    except ValueError:
        # An e-mail address: one counter whatever its case, kept as a keyed hash so the
        # table holds no address (a sign-up never confirmed leaves none behind here).
        normalised = address.strip().lower()
        return "mail:" + salted_hmac(_SALT, normalised, algorithm="sha256").hexdigest()
    # A client address: an IPv6 host holds a /64, counted as one (as sign-in does).
    return address_group(address)
