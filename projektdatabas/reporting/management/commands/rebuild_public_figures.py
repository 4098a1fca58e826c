"""Count the start page's figures afresh (reporting/tallies.py): after rows were written
past the models, by a bulk load or in SQL. `--check` only compares the kept figures with
what their definitions count now, and fails if any differ."""

import time

from django.core.management.base import BaseCommand, CommandError

from projektdatabas.organisations.models import Municipality
from projektdatabas.reporting.tallies import differences, rebuild


class Command(BaseCommand):
    help = "Count the start page's figures afresh, or check them (--check)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Compare only; fail if a figure differs."
        )

    def handle(self, *args, check=False, **options):
        if not check:
            started = time.monotonic()
            rebuild()
            if options["verbosity"]:
                self.stdout.write(f"Counted afresh in {time.monotonic() - started:.1f} s.")
            return
        wrong = {}
        for municipality in Municipality.objects.order_by("slug"):
            for key, (kept, counted) in differences(municipality).items():
                wrong[f"{municipality.slug} {key}"] = (kept, counted)
        for name, (kept, counted) in wrong.items():
            self.stdout.write(f"{name}: kept {kept}, counted {counted}")
        if wrong:
            raise CommandError("The kept figures differ; run rebuild_public_figures.")
        self.stdout.write("The kept figures are in step.")
