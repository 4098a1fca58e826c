"""A link that a page shows as a link: http or https only. Django's URLField takes ftp://
and ftps:// too, which no browser opens any more; the imports (monitoring/imports.py,
calls/imports.py) accept the same two schemes, so a typed link and an imported one agree."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _


class WebLinkField(forms.URLField):
    default_validators = [URLValidator(schemes=["http", "https"])]
    # The field's message replaces the validator's (same code), so it is set here.
    default_error_messages = {"invalid": _("Give an address starting with https:// (or http://).")}

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")  # a link typed without it
        super().__init__(**kwargs)

    @classmethod
    def replacing(cls, field: forms.URLField) -> "WebLinkField":
        """The same field (a model form's URLField), taking web links only."""
        return cls(
            max_length=field.max_length,
            required=field.required,
            label=field.label,
            help_text=field.help_text,
            initial=field.initial,
            disabled=field.disabled,
        )
