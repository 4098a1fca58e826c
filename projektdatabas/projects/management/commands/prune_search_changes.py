"""Delete the search's change log older than a day (projects/search_log.py); run by
`manage.py daily`. A worker further behind than that builds its index again."""

from django.core.management.base import BaseCommand

from projektdatabas.projects import search_log


class Command(BaseCommand):
    help = "Delete the search's change log older than a day."

    def handle(self, *args, **options):
        deleted = search_log.prune()
        self.stdout.write(f"Search change log: {deleted} rows older than a day deleted.")
