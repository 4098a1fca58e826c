"""Finalising a semi-annual report: keyword-only, with the acting user, audited."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from projektdatabas.accounts.permissions import can_finalise_report, require
from projektdatabas.core.models import log_action
from projektdatabas.core.text import typed_throughout

from .charts import report_charts
from .documents import standalone_html, to_docx, to_pdf
from .figures import changes, compute, definitions_for_report, key_figures
from .language import in_report_language
from .models import SemiAnnualReport
from .periods import HalfYear, check_period_over
from .sections import parts


def previous_finalised(municipality, period: HalfYear) -> SemiAnnualReport | None:
    earlier = Q(year__lt=period.year) | Q(year=period.year, half__lt=period.half)
    return (
        SemiAnnualReport.objects.finalised()
        .filter(earlier, municipality=municipality)
        .order_by("-year", "-half")
        .first()
    )


@in_report_language
def report_context(municipality, period: HalfYear, figures: dict | None = None) -> dict:
    # Texts saved before the forms refused control characters would stop the Word file.
    figures = typed_throughout(figures or compute(municipality, period))
    previous = previous_finalised(municipality, period)
    context = {
        "municipality": municipality,
        "period": period,
        "title": _("International projects in %(name)s: semi-annual report, %(period)s")
        % {"name": municipality.name, "period": period},
        "figures": figures,
        "key_figures": key_figures(figures),
        "charts": report_charts(figures, municipality.brand_colour),
        "previous": previous,
        "changes": changes(figures, previous.figures if previous else None),
        "definitions": definitions_for_report(),
    }
    # What both the HTML and the Word file show, section by section (sections.py).
    context["sections"] = parts(context)
    return context


@in_report_language
def render_report(context: dict) -> str:
    return render_to_string("reporting/report_body.html", context)


def finalise_report(*, municipality, period: HalfYear, actor) -> SemiAnnualReport:
    """Computes, draws and keeps the report's files; the drawing happens before the
    transaction (below), the writing and its audit entry in it."""
    require(can_finalise_report(actor, municipality.pk))
    check_period_over(period)
    if (
        SemiAnnualReport.objects.finalised()
        .filter(municipality=municipality, year=period.year, half=period.half)
        .exists()
    ):
        raise ValidationError(_("The report is already finalised."))
    # Computed and drawn before the transaction: the PDF alone takes seconds (15 at 10,000
    # projects), and on SQLite a transaction holds the database's one write lock, which
    # every staff save would wait for meanwhile.
    context = report_context(municipality, period)
    html = render_report(context)
    # The files are made once, now, and kept: they are what was sent to the board.
    pdf = to_pdf(standalone_html(html, period, draft=False, author=municipality.name))
    docx = to_docx(context, draft=False)
    with transaction.atomic():
        report, _created = SemiAnnualReport.objects.select_for_update().get_or_create(
            municipality=municipality, year=period.year, half=period.half
        )
        if report.is_finalised:  # by someone else while this one was drawn
            raise ValidationError(_("The report is already finalised."))
        report.figures = context["figures"]
        report.html = html
        report.checksum = hashlib.sha256(html.encode()).hexdigest()
        report.pdf, report.docx = pdf, docx
        report.finalised_at = timezone.now()
        report.finalised_by = actor
        report.save()
        log_action(
            actor=actor,
            action="report.finalised",
            target=report,
            data={"checksum": report.checksum},
        )
    return report
