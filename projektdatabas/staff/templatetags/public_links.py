"""Links from the staff pages to the public site: to the site of the municipality the page
is about (the user's own, or a news item's), not to the installation's root, which in a
regional installation is another municipality's site."""

from django import template
from django.urls import reverse

from projektdatabas.accounts.permissions import coordinated_region_ids, municipality_of
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


@register.simple_tag(takes_context=True)
def public_home(context) -> str:
    """The header's "Publik webbplats": the user's municipality's site; for a regional
    coordinator with no municipality of their own, the regional portal (it had been the
    installation's root, one municipality's site among the region's)."""
    user = getattr(context.get("request"), "user", None)
    if user is not None and municipality_of(user) is None and coordinated_region_ids(user):
        return reverse("public:region")
    return public_url(context, "public:home")
