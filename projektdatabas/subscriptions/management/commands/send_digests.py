"""Residents' subscriptions, once a day (run by `manage.py daily`): removes the sign-ups
nobody confirmed in time, then sends each confirmed subscription one digest of what was
published since its last one. Idempotent: a second run the same day sends nothing."""

from django.core.management.base import BaseCommand

from projektdatabas.subscriptions.digests import send_digests
from projektdatabas.subscriptions.services import remove_unconfirmed


class Command(BaseCommand):
    # As send_reminders: a translation catalogue out of step must not stop the mail.
    requires_system_checks = []
    help = "Remove unconfirmed sign-ups past their week; send the subscriptions' digests."

    def handle(self, *args, **options):
        removed = remove_unconfirmed()
        self.stdout.write(f"{removed} unconfirmed sign-up(s) removed.")
        sent = send_digests()
        self.stdout.write(f"{sent} digest(s) sent.")
