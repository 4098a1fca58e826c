"""The consent a resident gives when registering interest. The text is shown beside the
box they tick, and its version is stored with each registration, so that what a person
agreed to can be told later even after the wording has changed: change CONSENT_VERSION
whenever the text changes."""

from django.utils.translation import gettext as _

from . import retention

CONSENT_VERSION = "2026-11-30"


def consent_text() -> str:
    return _(
        "I agree that the municipality keeps my name, contact details and message in order to "
        "contact me about this project. Only the staff who work with the project see them. "
        "They are removed %(after_end)s days after the project ends, and at the latest "
        "%(after_registration)s days after I registered. I can withdraw my consent at any "
        "time, and the registration is then removed."
    ) % {
        "after_end": retention.DAYS_AFTER_PROJECT_END,
        "after_registration": retention.DAYS_AFTER_REGISTRATION,
    }
