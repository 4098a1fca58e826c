"""The regional reports the regional coordinator has published (reporting/regional_report.py),
newest first, on the regional portal: counts and sums per municipality, nothing internal."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from projektdatabas.reporting.models import RegionalReport

from .caching import public_page
from .sites import installation_address, site_address
from .views import site_municipality


@require_safe
@public_page
def regional_reports(request):
    if request.site_prefix:  # /kungalv/region/rapporter/: the portal has one address
        return redirect(installation_address("public:regional_reports"))
    region = site_municipality(request).region
    if region is None:
        raise Http404
    reports = [
        (report, mark_safe(report.html))  # noqa: S308 - frozen output of our own template
        for report in RegionalReport.objects.published().filter(region=region)
    ]
    municipalities = region.municipalities.order_by("name")
    return render(
        request,
        "public/regional_reports.html",
        {
            "region": region,
            "reports": reports,
            # The portal's menu: each municipality's own site (public/region_base.html).
            "sites": [(m, site_address(m, "public:home", request=request)) for m in municipalities],
        },
    )
