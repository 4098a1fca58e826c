"""The regional portal's own accessibility statement and privacy notice
(/region/tillganglighetsredogorelse/, /region/personuppgifter/). The portal is the region's
site, not one municipality's: its footer had led to Ale's statement and notice, under Ale's
header, naming Ale as responsible for the portal."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from .caching import public_page
from .models import DIGG_COMPLAINT_URL, AccessibilityStatement, software_known_gaps
from .sites import installation_address, site_address
from .views import site_municipality


def portal_region(request):
    """The region whose portal this is (the installation's municipality's), or 404."""
    region = site_municipality(request).region
    if region is None:
        raise Http404
    return region


def portal_sites(request, region) -> list:
    """The portal's menu: (municipality, its own site's address) for each of the region's."""
    return [
        (m, site_address(m, "public:home", request=request))
        for m in region.municipalities.order_by("name")
    ]


def portal_contact(request, region) -> str:
    # The region's address; where none is given, the municipality that runs the
    # installation answers for the portal as for the rest of it.
    return region.contact_email or site_municipality(request).coordinator_email


@require_safe
@public_page
def accessibility_statement(request):
    if request.site_prefix:  # /kungalv/region/…: the portal has one address
        return redirect(installation_address("public:region_accessibility"))
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
            "sites": portal_sites(request, region),
            "base_template": "public/region_base.html",
        },
    )


@require_safe
@public_page
def privacy_notice(request):
    if request.site_prefix:
        return redirect(installation_address("public:region_privacy"))
    region = portal_region(request)
    sites = portal_sites(request, region)
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
