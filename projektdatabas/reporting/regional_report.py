"""The regional report: the semi-annual report's key figures for every municipality of a
region, side by side, and the region's total. Each municipality's figures are those its own
report computes (definitions.PERIOD over its Scope), or keeps once finalised, so the two
reports cannot disagree;
every one of them counts or sums the municipality's own projects, so the region's total is
their sum. Counts and sums only: once finalised the regional coordinator may publish it on
the regional portal without showing anything internal.

Written, like the municipal report, in Swedish (language.py)."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from projektdatabas.accounts.permissions import can_make_regional_report, require
from projektdatabas.core import versioning
from projektdatabas.core.models import log_action

from .definitions import PERIOD, PERIOD_BY_KEY, Scope, values
from .language import in_report_language
from .models import RegionalReport, SemiAnnualReport
from .periods import HalfYear, check_period_over


@in_report_language
def compute_regional(region, period: HalfYear) -> dict:
    """Plain JSON-able figures, as a finalised report keeps them. A municipality that has
    finalised its own report for the half-year is counted as that report counts it, so the
    regional report agrees with what its board was sent whatever changed since; the
    others are counted from today's data, and the report says which is which."""
    reports = (
        SemiAnnualReport.objects.finalised()
        .filter(municipality__region=region, year=period.year, half=period.half)
        .defer("pdf", "docx", "html")  # the figures are what is read
    )
    # Only a report finalised after its half-year ended: one frozen mid-way, before the
    # rule that now forbids it, lacks the rest of the half-year.
    frozen = {
        report.municipality_id: report
        for report in reports
        if timezone.localdate(report.finalised_at) > period.end
    }
    municipalities = []
    total = dict.fromkeys((d.key for d in PERIOD), 0)
    for municipality in region.municipalities.order_by("name"):
        report = frozen.get(municipality.pk)
        stored = report.figures["key_figures"] if report else {}
        # A figure defined after the report was finalised is counted from the data.
        missing = [d for d in PERIOD if d.key not in stored]
        scope = Scope(municipality, public=False, start=period.start, end=period.end)
        figures = {**stored, **values(missing, scope)}
        figures = {d.key: figures[d.key] for d in PERIOD}
        municipalities.append(
            {
                "name": municipality.name,
                "slug": municipality.slug,
                "key_figures": figures,
                "own_report_finalised": (
                    timezone.localdate(report.finalised_at).isoformat() if report else None
                ),
            }
        )
        for key, value in figures.items():
            total[key] += value
    return {
        "period": {"year": period.year, "half": period.half, "label": str(period)},
        "region": region.name,
        "computed_on": timezone.localdate().isoformat(),
        "municipalities": municipalities,
        "total": total,
    }


def table(figures: dict) -> list[dict]:
    """A row per key figure the report stored (in the order they are defined): its label,
    the value of each municipality and the total."""
    return [
        {
            "label": str(definition.label),
            "values": [m["key_figures"].get(key, 0) for m in figures["municipalities"]],
            "total": figures["total"][key],
        }
        for key, definition in PERIOD_BY_KEY.items()
        if key in figures["total"]
    ]


def sources(figures: dict) -> dict:
    """Whose figures come from their own finalised report (with its date) and whose were
    counted from the data (on the day the regional figures were computed)."""
    municipalities = figures["municipalities"]
    return {
        "finalised": [
            (m["name"], m["own_report_finalised"])
            for m in municipalities
            if m.get("own_report_finalised")
        ],
        "counted": [m["name"] for m in municipalities if not m.get("own_report_finalised")],
        "computed_on": figures.get("computed_on"),
    }


@in_report_language
def render_regional(region, period: HalfYear, figures: dict) -> str:
    return render_to_string(
        "reporting/regional_report_body.html",
        {
            "title": _("International projects in %(region)s: regional report, %(period)s")
            % {"region": region.name, "period": period},
            "period": period,
            "municipalities": [m["name"] for m in figures["municipalities"]],
            "rows": table(figures),
            "sources": sources(figures),
        },
    )


def finalise_regional_report(*, region, period: HalfYear, actor) -> RegionalReport:
    require(can_make_regional_report(actor, region.pk))
    check_period_over(period)
    figures = compute_regional(region, period)
    html = render_regional(region, period, figures)
    with transaction.atomic():
        report, _created = RegionalReport.objects.select_for_update().get_or_create(
            region=region, year=period.year, half=period.half
        )
        if report.is_finalised:
            raise ValidationError(_("The report is already finalised."))
        report.figures = figures
        report.html = html
        report.checksum = hashlib.sha256(html.encode()).hexdigest()
        report.finalised_at = timezone.now()
        report.finalised_by = actor
        report.save()
        log_action(
            actor=actor,
            action="regional_report.finalised",
            target=report,
            data={"checksum": report.checksum},
        )
    return report


def publish_regional_report(*, report: RegionalReport, actor) -> RegionalReport:
    """Lists the finalised report on the regional portal."""
    require(can_make_regional_report(actor, report.region_id))
    with transaction.atomic():
        report = RegionalReport.objects.select_for_update().get(pk=report.pk)
        if not report.is_finalised:
            raise ValidationError(_("Finalise the report before publishing it."))
        if report.is_published:
            raise ValidationError(_("The report is already published."))
        report.published_at = timezone.now()
        report.save(update_fields=["published_at"])
        log_action(actor=actor, action="regional_report.published", target=report)
        # The portal's pages are cached by the content version, which reports do not move.
        versioning.bump()
    return report
