"""Links from the staff pages to the public site: to the site of the municipality the page
is about (the user's own, or a news item's), not to the installation's root, which in a
regional installation is another municipality's site."""

from django import template
from django.urls import reverse

from projektdatabas.accounts.permissions import municipality_of
from projektdatabas.organisations.sites import addresses_of

register = template.Library()


@register.simple_tag(takes_context=True)
def public_url(context, name: str, *args, municipality=None) -> str:
    """reverse(name, args) on `municipality`'s site (default: the signed-in user's)."""
    if municipality is None:
        user = getattr(context.get("request"), "user", None)
        municipality = municipality_of(user) if user is not None else None
    if municipality is None:
        return reverse(name, args=args)
    with addresses_of(municipality):
        return reverse(name, args=args)
