"""Whose records a staff page shows. Most staff hold a role in one municipality; a regional
coordinator reads every municipality of the region, so the lists name each row's
municipality and the one-municipality pages (figures, calendar, plans) offer a choice."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from projektdatabas.accounts import permissions as perms
from projektdatabas.organisations.models import Municipality


def several(municipality_ids) -> bool:
    """Whether a list shows a "Kommun" column: when its rows can come from more than one
    municipality (a regional coordinator's, or an account with roles in several)."""
    return len(municipality_ids) > 1


def shown_municipality(request):
    """Whose reports, statistics, calendar or competence development the page shows (the
    pages of one municipality's figures and dates): the user's municipality; for a regional
    coordinator, the municipality of their region that ?kommun= names (the first by name
    without it). Anyone else's ?kommun= is ignored: they read their own municipality only."""
    regional = Municipality.objects.filter(
        pk__in=perms.regional_municipality_ids(request.user)
    ).order_by("name")
    slug = request.GET.get("kommun", "")
    if regional and slug:
        return get_object_or_404(regional, slug=slug)
    municipality = perms.municipality_of(request.user) or regional.first()
    if municipality is None:  # an administrator of no municipality's content
        raise Http404
    return municipality


def regional_choice(request, municipality) -> dict:
    """For a regional coordinator: the municipality shown, carried on in the page's links."""
    regional = perms.regional_municipality_ids(request.user)
    if municipality.pk not in regional:
        return {"kommun_query": ""}
    return {
        "kommun_query": f"?kommun={municipality.slug}",
        "shown_municipality": municipality,
        "region_municipalities": Municipality.objects.filter(pk__in=regional).order_by("name"),
    }
