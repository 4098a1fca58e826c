"""E-mail notifications, sent after the transaction that caused them has committed.

Mail goes out in the site's first language (Swedish), whoever triggered it, unless the
recipient chose a language (a resident's subscription). A failing
mail server is logged, never turned into an error for the person who saved: their
change is already stored."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def notify(
    *,
    recipients: list[str],
    subject: str,
    template: str,
    context: dict,
    headers: dict[str, str] | None = None,
    language: str | None = None,
) -> None:
    """`headers`: extra ones, such as a subscription's List-Unsubscribe (then send to one
    recipient at a time: the header is theirs)."""
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        body = render_to_string(template, {"site_url": settings.SITE_URL, **context})
        # One line: subjects quote titles, and an imported title may hold a line break, which
        # the mail library refuses in a header (BadHeaderError, after the change was saved).
        subject = " ".join(str(subject).split())

    def send():
        try:
            EmailMessage(subject, body, None, recipients, headers=headers).send()
        except OSError:
            logger.exception("Could not send %r to %s", subject, recipients)

    transaction.on_commit(send)
