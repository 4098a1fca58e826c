"""What every page of the regional portal shares (its one address, its region, its menu),
and its own accessibility statement and privacy notice (/region/tillganglighetsredogorelse/,
/region/personuppgifter/). The portal is the region's site, not one municipality's: its
footer had led to Ale's statement and notice, under Ale's header, naming Ale as responsible
for the portal."""

from functools import wraps

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from .caching import public_page
from .models import DIGG_COMPLAINT_URL, AccessibilityStatement, software_known_gaps
from .sites import installation_address, site_address
from .views import site_municipality


def at_the_portals_address(view):
    """The portal has one address: asked for under a municipality's prefix
    (/kungalv/region/…), a page of it is sent there, with its query."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if getattr(request, "site_prefix", ""):
            query = request.META.get("QUERY_STRING", "")
            address = installation_address(request.resolver_match.view_name)
            return redirect(address + (f"?{query}" if query else ""))
        return view(request, *args, **kwargs)

    return wrapper


def portal_region(request):
    """The region whose portal this is (the installation's municipality's), or 404."""
    region = site_municipality(request).region
    if region is None:
        raise Http404
    return region


def portal_sites(request, municipalities) -> list:
    """The portal's menu: (municipality, its own site's address) for each of the region's
    `municipalities`, in their order."""
    return [(m, site_address(m, "public:home", request=request)) for m in municipalities]


def portal_contact(request, region) -> str:
    # The region's address; where none is given, the municipality that runs the
    # installation answers for the portal as for the rest of it.
    return region.contact_email or site_municipality(request).coordinator_email


@require_safe
@public_page
@at_the_portals_address
def accessibility_statement(request):
    region = portal_region(request)
    # The software's own statement (its known gaps and how it is tested) with the region
    # as the one responsible: the portal has no content of its own to add.
    # The software is assessed as a whole: the portal's dates are those of the latest
    # statement of the region's municipalities; with none, no date is claimed.
    latest = (
        AccessibilityStatement.objects.filter(municipality__region=region)
        .order_by("-assessed_on", "-updated_at")
        .first()
    )
    statement = AccessibilityStatement(
        service_name=f"Projektdatabasen – {region.name}",
        assessed_on=latest.assessed_on if latest else None,
        feedback_email=portal_contact(request, region),
        updated_at=latest.updated_at if latest else None,
    )
    return render(
        request,
        "public/accessibility_statement.html",
        {
            "region": region,
            "responsible": region.name,
            "statement": statement,
            "software_gaps": software_known_gaps(),
            "digg_url": DIGG_COMPLAINT_URL,
            "sites": portal_sites(request, region.municipalities.order_by("name")),
            "base_template": "public/region_base.html",
        },
    )


@require_safe
@public_page
@at_the_portals_address
def privacy_notice(request):
    region = portal_region(request)
    sites = portal_sites(request, region.municipalities.order_by("name"))
    return render(
        request,
        "public/region_privacy.html",
        {
            "region": region,
            "contact": portal_contact(request, region),
            "sites": sites,
            "privacy_pages": [
                (m, site_address(m, "public:privacy", request=request)) for m, _url in sites
            ],
        },
    )
