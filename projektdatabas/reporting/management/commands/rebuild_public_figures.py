"""Count the start page's figures afresh (reporting/tallies.py): after rows were written
past the models, by a bulk load or in SQL. `--check` only compares the kept figures with
what their definitions count now, and fails if any differ; `--repair` (run by `manage.py
daily`) compares, and when any differ, counts afresh and still fails, so that the
operator learns that something wrote past the models."""

import time

from django.core.management.base import BaseCommand, CommandError

from projektdatabas.organisations.models import Municipality
from projektdatabas.reporting.tallies import differences, rebuild


class Command(BaseCommand):
    help = "Count the start page's figures afresh, or check them (--check, --repair)."

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--check", action="store_true", help="Compare only; fail if a figure differs."
        )
        mode.add_argument(
            "--repair",
            action="store_true",
            help="Compare; if a figure differs, count afresh and fail (the daily job).",
        )

    def handle(self, *args, check=False, repair=False, **options):
        if not (check or repair):
            self._rebuild(options["verbosity"])
            return
        wrong = {}
        for municipality in Municipality.objects.order_by("slug"):
            for key, (kept, counted) in differences(municipality).items():
                wrong[f"{municipality.slug} {key}"] = (kept, counted)
        for name, (kept, counted) in wrong.items():
            self.stdout.write(f"{name}: kept {kept}, counted {counted}")
        if not wrong:
            self.stdout.write("The kept figures are in step.")
            return
        if check:
            raise CommandError("The kept figures differ; run rebuild_public_figures.")
        self._rebuild(options["verbosity"])
        raise CommandError(
            "The kept figures differed (rows written past the models?); counted afresh."
        )

    def _rebuild(self, verbosity):
        started = time.monotonic()
        rebuild()
        if verbosity:
            self.stdout.write(f"Counted afresh in {time.monotonic() - started:.1f} s.")
