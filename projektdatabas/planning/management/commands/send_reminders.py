"""Send the governance calendar's reminder e-mails that are due. Idempotent: run it
daily from cron or a systemd timer (README, "Reminders")."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from projektdatabas.planning.reminders import send_due_reminders


class Command(BaseCommand):
    # Runs without the system checks: a translation catalogue out of step with its source
    # (core/checks.py) must not stop a backup, a restore or the reminders.
    requires_system_checks = []
    help = "Send reminders before and after due dates (each one once)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Pretend it is this day (YYYY-MM-DD).")
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be sent; send nothing."
        )

    def handle(self, *args, today=None, dry_run=False, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--today must be YYYY-MM-DD") from exc
        sent = send_due_reminders(today=day, dry_run=dry_run)
        verb = "would send" if dry_run else "sent"
        for reminder in sent:
            self.stdout.write(f"{verb} {reminder.key} to {', '.join(reminder.recipients)}")
        self.stdout.write(f"{len(sent)} reminder(s) {verb}.")
