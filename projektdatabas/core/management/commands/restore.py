"""Replace the database with a backup made by `manage.py backup`. The web server must be
stopped first; afterwards run `manage.py migrate` (README, "Backup and restore")."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projektdatabas.core.backups import BackupError, check_backup, describe_database, restore


class Command(BaseCommand):
    # Runs without the system checks: a translation catalogue out of step with its source
    # (core/checks.py) must not stop a backup, a restore or the reminders.
    requires_system_checks = []
    help = (
        "Replace every table of the database with a backup made by manage.py backup. "
        "Stop the web server first; run manage.py migrate afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a backup made by manage.py backup")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask for confirmation (for scripts)"
        )

    def handle(self, *args, file, yes=False, **options):
        try:
            check_backup(file)  # a wrong or damaged file is refused before any question
            target = describe_database()
            if not yes:
                self._confirm(f"This replaces all data in {target} with {file}.")
            restore(path=file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {file} into {target}. Now run manage.py migrate, then start the web server."
        )

    def _confirm(self, what: str) -> None:
        if not sys.stdin.isatty():
            raise CommandError(f"{what} Stop the web server, then run again with --yes.")
        self.stdout.write(f"{what} The web server must be stopped.")
        if input("Type yes to continue: ").strip().lower() != "yes":
            raise CommandError("Nothing was restored.")
