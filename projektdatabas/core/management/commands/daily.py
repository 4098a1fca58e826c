"""Everything that runs once a day, in order: one timer for the operator to watch
(deploy/systemd/projektdatabas-reminders.timer), each job idempotent on its own.

The jobs are named, not imported: core sits below the apps whose commands it runs."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# Each is a management command (with its arguments) that may run any number of times a day
# without doing its work twice.
DAILY_COMMANDS = (
    "send_reminders",
    "purge_interest",
    "send_digests",
    "prune_search_changes",
    # The start page's kept figures, compared with their definitions and put right if
    # something wrote past the models (a bulk load, SQL by hand).
    ("rebuild_public_figures", "--repair"),
)


class Command(BaseCommand):
    # As the commands it runs: a translation catalogue out of step must not stop them.
    requires_system_checks = []
    help = "Run the daily jobs (reminders …); one failing job does not stop the others."

    def handle(self, *args, **options):
        failed = []
        for job in DAILY_COMMANDS:
            name, *arguments = (job,) if isinstance(job, str) else job
            self.stdout.write(f"== {name}")
            try:
                call_command(name, *arguments, stdout=self.stdout, stderr=self.stderr)
            except Exception as exc:  # the next job must still run
                self.stderr.write(f"{name} failed: {exc!r}")
                failed.append(name)
        if failed:
            raise CommandError(f"failed: {', '.join(failed)}")
