from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation

from projektdatabas.organisations import sites
from projektdatabas.organisations.models import Municipality


def municipality() -> Municipality:
    """The municipality whose site the address names (/kungalv/api/v1/: Kungälv; see
    organisations/sites.py), else SITE_MUNICIPALITY."""
    return get_object_or_404(Municipality, slug=sites.current_slug())


def page_address(request, name: str, *args) -> str:
    """A public page's absolute address, always the Swedish one: an answer is cached for
    every visitor whatever their Accept-Language."""
    with translation.override("sv"):
        return request.build_absolute_uri(reverse(name, args=args))


def both_languages(obj, field: str) -> dict:
    return {"sv": getattr(obj, f"{field}_sv"), "en": getattr(obj, f"{field}_en")}
