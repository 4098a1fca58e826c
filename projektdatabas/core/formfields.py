"""Form fields that refuse what a forged form sends instead of failing on it."""

import re

from django import forms
from django.core.exceptions import ValidationError

# A database id as a form sends it: digits, at most what a 64-bit integer holds.
_ID = re.compile(r"[0-9]{1,18}")


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field looks the ticked ids up with one `pk__in` query, and SQLite cannot
    bind a number past 64 bits (OverflowError, a server error) where PostgreSQL finds
    nothing. Such a number is no id of ours: refused as an unknown choice, as any other."""

    def _check_values(self, value):
        for pk in value:
            if not _ID.fullmatch(str(pk)):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)
