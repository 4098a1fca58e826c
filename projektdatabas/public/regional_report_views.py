"""The regional reports the regional coordinator has published (reporting/regional_report.py),
newest first, on the regional portal: counts and sums per municipality, nothing internal."""

from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from projektdatabas.reporting.models import RegionalReport

from .caching import public_page
from .portal_pages import at_the_portals_address, portal_region, portal_sites


@require_safe
@public_page
@at_the_portals_address
def regional_reports(request):
    region = portal_region(request)
    reports = [
        (report, mark_safe(report.html))  # noqa: S308 - frozen output of our own template
        for report in RegionalReport.objects.published().filter(region=region)
    ]
    return render(
        request,
        "public/regional_reports.html",
        {
            "region": region,
            "reports": reports,
            # The portal's menu: each municipality's own site (public/region_base.html).
            "sites": portal_sites(request, region.municipalities.order_by("name")),
        },
    )
