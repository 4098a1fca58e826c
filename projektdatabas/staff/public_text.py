"""What a text published to everyone may not hold: personal identity numbers, e-mail
addresses and telephone numbers. The publication section says "Never personal data" and the
privacy notice promises that contact persons are never shown; a reviewer saved a summary
with "anna.svensson@ale.se, 070-123 45 67, personnummer 19800101-1234" and it was public at
once, and kept in the history for good."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

IDENTITY_NUMBER = re.compile(
    r"(?<![\d-])(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[-+]?\d{4}(?![\d-])"
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# The same address written so that harvesters miss it, as people do on web pages:
# anna(at)ale.se, anna [at] ale [dot] se, anna (snabel-a) ale.se. A reader still mails it.
DISGUISED_EMAIL = re.compile(
    r"[\w.+-]+\s*[(\[{]\s*(?:at|snabel-?a)\s*[)\]}]\s*"
    # The domain: a dot with no space around it, or one written out ("[dot]"). "Wien (AT)
    # Stadtverwaltung. Sedan" is Austria in a sentence, not an address.
    r"(?:[\w-]+(?:\.|\s*[(\[{]\s*(?:dot|punkt)\s*[)\]}]\s*))+[a-z]{2,}\b",
    re.IGNORECASE,
)
# Swedish numbers written as people write them: an area code with its separator, then
# groups (070-123 45 67, 0303-33 00 00, +46 70 123 45 67). Not inside a date, a time, a case
# or project number ("2026-03-31 18:00", "KS 2026/0042", "2024-1-SE01-KA121-SCH-000201234"):
# nothing that begins after a digit, letter, dash, slash, dot or colon.
PHONE = re.compile(
    r"(?<![\w+\-–/.:])(?:(?:\+46|0046)\s?(?:\(0\))?\s?\d{1,3}|0\d{1,3})[\s\-–]"
    r"\d{2,3}(?:[\s\-–]?\d{2,3}){1,3}(?![\w\-–])"
)


def no_personal_details(text: str) -> None:
    if not text:
        return
    if IDENTITY_NUMBER.search(text):
        raise ValidationError(
            _(
                "This looks like a personal identity number. Those are never published, nor "
                "kept here: remove it."
            ),
            code="identity_number",
        )
    for pattern, message in (
        (
            EMAIL,
            _(
                "The text is shown to everyone, and contact persons never are (the privacy "
                "notice promises it): remove the e-mail address %(found)s."
            ),
        ),
        (
            DISGUISED_EMAIL,
            _(
                "The text is shown to everyone, and contact persons never are (the privacy "
                "notice promises it): remove the e-mail address %(found)s."
            ),
        ),
        (
            PHONE,
            _(
                "The text is shown to everyone, and contact persons never are (the privacy "
                "notice promises it): remove the telephone number %(found)s."
            ),
        ),
    ):
        found = pattern.search(text)
        if found:
            raise ValidationError(message, code="contact", params={"found": found.group(0)})
