"""Removes the interest registrations past their retention (participation/retention.py):
one of the daily jobs (core's `daily`). Safe to run any number of times a day."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from projektdatabas.participation.services import note_closed_calls, purge_expired


class Command(BaseCommand):
    # Like the other daily jobs: a translation catalogue out of step must not stop it.
    requires_system_checks = []
    help = "Remove interest registrations kept as long as the privacy notice says."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, help="Act as on this day (YYYY-MM-DD)."
        )

    def handle(self, *args, today=None, **options):
        if isinstance(today, str):  # from call_command, which does not convert
            today = dt.date.fromisoformat(today)
        today = today or timezone.localdate()
        count = purge_expired(today=today)
        self.stdout.write(f"{count} interest registration(s) past their retention removed.")
        if note_closed_calls(today=today):
            self.stdout.write("A call for interest closed yesterday: its public page is renewed.")
