"""Back up the database into a timestamped file; run daily from a timer (README, "Backup
and restore")."""

import argparse
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from projektdatabas.core.backups import BackupError, back_up


def _at_least_one(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def human_size(size: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError  # not reached


class Command(BaseCommand):
    # Runs without the system checks: a translation catalogue out of step with its source
    # (core/checks.py) must not stop a backup, a restore or the reminders.
    requires_system_checks = []
    help = (
        "Back up the database into a timestamped file, checked and private (mode 0600): "
        "SQLite's online backup or pg_dump's custom format. Safe while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            help="folder for the backups (default: $BACKUP_DIR, else var/backups)",
        )
        parser.add_argument(
            "--keep",
            type=_at_least_one,
            metavar="N",
            help="then delete this command's oldest backups of this database in the folder "
            "beyond the newest N (other files are never touched; default: delete none)",
        )

    def handle(self, *args, dir=None, keep=None, **options):
        try:
            backup = back_up(directory=dir or settings.BACKUP_DIR, keep=keep)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for path in backup.removed:
            self.stdout.write(f"Deleted old backup {path}")
        self.stdout.write(f"{backup.path} ({human_size(backup.size)})")
