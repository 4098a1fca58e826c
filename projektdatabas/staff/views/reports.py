"""The semi-annual report in the staff pages: a draft computed on the fly, finalised
by the coordinator, then frozen."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from projektdatabas.accounts import permissions as perms
from projektdatabas.planning.calendar import report_due
from projektdatabas.reporting.documents import standalone_html, to_docx, to_pdf
from projektdatabas.reporting.models import Recipient, SemiAnnualReport
from projektdatabas.reporting.periods import HalfYear
from projektdatabas.reporting.services import finalise_report, render_report, report_context
from projektdatabas.reporting.tables import key_figures_json, statistics_context, table_file

from ..access import staff_view
from ..shown import regional_choice, shown_municipality
from .distribution import send_and_tell


def _period(year, half) -> HalfYear:
    if half not in (1, 2) or not 1990 <= year <= 2200:
        raise Http404
    return HalfYear(year, half)


def home_panel(user) -> dict | None:
    """The coordinator's start page: the report on the half-year just past, until it is
    finalised, with the day the executive board is to have it. (An overdue report had been
    visible nowhere: the calendar looks back 90 days.)"""
    municipality = perms.municipality_of(user)
    if municipality is None or municipality.pk not in perms.coordinated_municipality_ids(user):
        return None
    today = timezone.localdate()
    period = HalfYear.of(today).previous
    report = SemiAnnualReport.objects.filter(
        municipality=municipality, year=period.year, half=period.half
    )
    if report.finalised().exists():
        return None
    due = report_due(municipality, period.end)
    return {"period": period, "due": due, "late": due < today}


@require_safe
@staff_view
def report_list(request):
    perms.require(perms.can_oversee(request.user))
    municipality = shown_municipality(request)
    today = timezone.localdate()
    current = HalfYear.of(today)
    periods = [current]
    for _i in range(5):
        periods.append(periods[-1].previous)
    finalised = {
        (r.year, r.half): r
        for r in SemiAnnualReport.objects.filter(municipality=municipality).finalised()
    }
    rows = [
        {
            "period": p,
            "report": finalised.get((p.year, p.half)),
            "due": report_due(municipality, p.end),
        }
        for p in periods
    ]
    return render(
        request,
        "staff/report_list.html",
        {
            "rows": rows,
            "today": today,
            "can_make_regional_report": perms.can_make_regional_report(request.user),
            **regional_choice(request, municipality),
        },
    )


@require_safe
@staff_view
def report_detail(request, year, half):
    perms.require(perms.can_oversee(request.user))
    period = _period(year, half)
    municipality = shown_municipality(request)
    report = SemiAnnualReport.objects.filter(
        municipality=municipality, year=year, half=half
    ).first()
    if report is not None and report.is_finalised:
        body = report.html  # exactly what was finalised, whatever changed since
    else:
        body = render_report(report_context(municipality, period))
    return render(
        request,
        "staff/report_detail.html",
        {
            "period": period,
            "report": report,
            "body": mark_safe(body),  # noqa: S308 - rendered by our own template, escaped there
            "can_finalise": perms.can_finalise_report(request.user, municipality.pk),
            "ended": period.has_ended(timezone.localdate()),
            "recipients": Recipient.objects.filter(municipality=municipality),
            **regional_choice(request, municipality),
        },
    )


@require_POST
@staff_view
def report_finalise(request, year, half):
    period = _period(year, half)
    municipality = shown_municipality(request)
    try:
        report = finalise_report(municipality=municipality, period=period, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The report is finalised; later changes will not alter it."))
        if request.POST.get("send"):
            send_and_tell(request, report)
    return redirect("staff:report", year=year, half=half)


FILES = {
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}


@require_safe
@staff_view
def report_file(request, year, half, extension):
    """The report as PDF or Word: the frozen file once finalised, else made now."""
    perms.require(perms.can_oversee(request.user))
    if extension not in FILES:
        raise Http404
    period = _period(year, half)
    municipality = shown_municipality(request)
    report = (
        SemiAnnualReport.objects.finalised()
        .filter(municipality=municipality, year=year, half=half)
        .first()
    )
    if report is not None:
        content = bytes(report.pdf if extension == "pdf" else report.docx)
    else:
        context = report_context(municipality, period)
        if extension == "pdf":
            html = standalone_html(
                render_report(context), period, draft=True, author=municipality.name
            )
            content = to_pdf(html)
        else:
            content = to_docx(context, draft=True)
    content_type, suffix = FILES[extension]
    response = HttpResponse(content, content_type=content_type)
    name = f"halvarsrapport-{year}-{half}{'' if report else '-utkast'}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@staff_view
def statistics_page(request):
    perms.require(perms.can_oversee(request.user))
    municipality = shown_municipality(request)
    context = statistics_context(municipality, public=False)
    context["csv_base"] = reverse("staff:statistics")
    context.update(regional_choice(request, municipality))
    return render(request, "staff/statistics.html", context)


@require_safe
@staff_view
def statistics_csv(request, slug, format="csv"):
    perms.require(perms.can_oversee(request.user))
    return table_file(shown_municipality(request), slug, public=False, format=format)


@require_safe
@staff_view
def statistics_json(request):
    perms.require(perms.can_oversee(request.user))
    return key_figures_json(shown_municipality(request), public=False)
