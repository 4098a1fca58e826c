"""The regional report in the staff pages (reporting/regional_report.py): the regional
coordinator sees the draft computed from today's data, finalises it and publishes it on the
regional portal. Reached from the semi-annual reports' page, not the menu."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from projektdatabas.accounts import permissions as perms
from projektdatabas.organisations.models import Region
from projektdatabas.reporting.models import RegionalReport
from projektdatabas.reporting.periods import HalfYear
from projektdatabas.reporting.regional_report import (
    compute_regional,
    finalise_regional_report,
    publish_regional_report,
    render_regional,
)

from ..access import staff_view


def _region(request) -> Region:
    """The region the user coordinates (a refusal with the reason if none)."""
    perms.require(perms.can_make_regional_report(request.user))
    return Region.objects.filter(pk__in=perms.coordinated_region_ids(request.user)).first()


def _period(year, half) -> HalfYear:
    if half not in (1, 2) or not 1990 <= year <= 2200:
        raise Http404
    return HalfYear(year, half)


@require_safe
@staff_view
def regional_report_list(request):
    region = _region(request)
    today = timezone.localdate()
    periods = [HalfYear.of(today)]
    for _i in range(5):
        periods.append(periods[-1].previous)
    kept = {(r.year, r.half): r for r in RegionalReport.objects.filter(region=region)}
    return render(
        request,
        "staff/regional_report_list.html",
        {
            "region": region,
            "rows": [(p, kept.get((p.year, p.half))) for p in periods],
            "municipalities": region.municipalities.order_by("name"),
        },
    )


@require_safe
@staff_view
def regional_report_detail(request, year, half):
    region = _region(request)
    period = _period(year, half)
    report = RegionalReport.objects.filter(region=region, year=year, half=half).first()
    drafts = []
    if report is not None and report.is_finalised:
        body = report.html  # exactly what was finalised, whatever changed since
    else:
        figures = compute_regional(region, period)
        body = render_regional(region, period, figures)
        drafts = [m["name"] for m in figures["municipalities"] if not m["own_report_finalised"]]
    return render(
        request,
        "staff/regional_report_detail.html",
        {
            "region": region,
            "period": period,
            "report": report,
            "ended": period.has_ended(timezone.localdate()),
            "drafts": drafts,
            "body": mark_safe(body),  # noqa: S308 - rendered by our own template, escaped there
        },
    )


@require_POST
@staff_view
def regional_report_finalise(request, year, half):
    region = _region(request)
    try:
        finalise_regional_report(region=region, period=_period(year, half), actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The report is finalised; later changes will not alter it."))
    return redirect("staff:regional_report", year=year, half=half)


@require_POST
@staff_view
def regional_report_publish(request, year, half):
    region = _region(request)
    report = get_object_or_404(RegionalReport, region=region, year=year, half=half)
    try:
        publish_regional_report(report=report, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The report is published on the regional portal."))
    return redirect("staff:regional_report", year=year, half=half)
