"""Write a semi-annual report for a half-year (HTML; PDF and DOCX are yet to come)."""

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string

from projektdatabas.organisations.models import Municipality
from projektdatabas.reporting.models import SemiAnnualReport
from projektdatabas.reporting.periods import HalfYear
from projektdatabas.reporting.services import render_report, report_context


class Command(BaseCommand):
    help = "Write the semi-annual report for a half-year as a standalone HTML file."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--half", type=int, choices=[1, 2], required=True)
        parser.add_argument("--municipality", default="ale", help="slug (default: ale)")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, year, half, municipality, output=None, **options):
        try:
            place = Municipality.objects.get(slug=municipality)
        except Municipality.DoesNotExist as exc:
            raise CommandError(f"No municipality with the slug {municipality!r}.") from exc
        period = HalfYear(year, half)
        frozen = (
            SemiAnnualReport.objects.finalised()
            .filter(municipality=place, year=year, half=half)
            .first()
        )
        body = frozen.html if frozen else render_report(report_context(place, period))
        page = render_to_string("reporting/standalone.html", {"body": body, "period": period})
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(page)
            self.stderr.write(f"Wrote {output} ({'finalised' if frozen else 'draft'}).")
        else:
            self.stdout.write(page)
