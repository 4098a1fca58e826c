"""Write the semi-annual report for a half-year as HTML, PDF or Word, showing its steps
on standard error as it goes (a PDF of a large municipality takes a few seconds)."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from projektdatabas.organisations.models import Municipality
from projektdatabas.reporting.documents import standalone_html, to_docx, to_pdf
from projektdatabas.reporting.models import SemiAnnualReport
from projektdatabas.reporting.periods import HalfYear
from projektdatabas.reporting.services import render_report, report_context

STEPS = ["figures and charts", "HTML", "file"]


class Progress:
    """A one-line progress bar on a terminal; plain lines when piped to a log."""

    def __init__(self, stream, total: int):
        self.stream, self.total, self.done = stream, total, 0
        self.started = time.monotonic()
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def step(self, label: str) -> None:
        self.done += 1
        filled = "#" * (20 * self.done // self.total)
        seconds = time.monotonic() - self.started
        line = f"[{filled:<20}] {self.done}/{self.total} {label} ({seconds:.1f} s)"
        self.stream.write(("\r" + line) if self.tty else line + "\n")
        if self.tty and self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Write the semi-annual report for a half-year (html, pdf or docx)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--half", type=int, choices=[1, 2], required=True)
        parser.add_argument("--format", choices=["html", "pdf", "docx"], default="html")
        parser.add_argument("--municipality", default="ale", help="slug (default: ale)")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, year, half, format, municipality, output=None, **options):
        try:
            place = Municipality.objects.get(slug=municipality)
        except Municipality.DoesNotExist as exc:
            raise CommandError(f"No municipality with the slug {municipality!r}.") from exc
        if format != "html" and not output:
            raise CommandError("PDF and Word need --output FILE.")
        period = HalfYear(year, half)
        progress = Progress(getattr(self.stderr, "_out", sys.stderr), 3)
        frozen = (
            SemiAnnualReport.objects.finalised()
            .filter(municipality=place, year=year, half=half)
            .first()
        )
        if frozen is not None:
            content = {"html": None, "pdf": bytes(frozen.pdf), "docx": bytes(frozen.docx)}[format]
            body = frozen.html
            progress.step("finalised report read")
            progress.step(STEPS[1])
        else:
            context = report_context(place, period)
            progress.step(STEPS[0])
            body = render_report(context)
            progress.step(STEPS[1])
            content = None
            if format == "pdf":
                content = to_pdf(standalone_html(body, period, draft=True, author=place.name))
            elif format == "docx":
                content = to_docx(context, draft=True)
        if format == "html":
            draft = frozen is None
            content = standalone_html(body, period, draft=draft, author=place.name).encode()
        progress.step(STEPS[2])
        if output:
            with open(output, "wb") as handle:
                handle.write(content)
        else:
            self.stdout.write(content.decode())
