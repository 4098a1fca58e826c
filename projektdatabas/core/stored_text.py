"""No text is stored with a control character, whichever way it is saved: a staff form
cleans what was typed (staff/forms.py), and this catches the admin, the imports and the
services' own writes. XML cannot carry the characters, and one in a project's title had
stopped the feeds and the IATI file for the whole site."""

from functools import cache

from django.db import models
from django.db.models.signals import pre_save

from .text import typed


@cache
def _text_fields(model) -> tuple[str, ...]:
    return tuple(
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    )


def _clean(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata writes a backup back as it was taken
        return
    for name in _text_fields(sender):
        value = getattr(instance, name)
        if isinstance(value, str) and value:
            setattr(instance, name, typed(value))


def connect() -> None:
    for model in _our_models():
        pre_save.connect(_clean, sender=model, dispatch_uid=f"stored_text.{model._meta.label}")


def _our_models():
    from django.apps import apps

    return [m for m in apps.get_models() if m.__module__.startswith("projektdatabas.")]
