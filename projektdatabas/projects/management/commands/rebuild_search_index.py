"""Rebuild the public search's indexes: SQLite's full-text table from the projects (its
triggers can be lost when a migration rebuilds the table), then log "everything changed"
(projects/search_log.py), so that every app server's worker builds its facet index
(projects/search_index.py) again, and build one here to report its size and time. This
app server's snapshot of the index (projects/search_snapshot.py) is deleted first, so the
one built here comes from the database; it is saved as the new snapshot, which this
server's workers then load. Run it after writing projects in bulk past the models'
signals."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from projektdatabas.projects import search_index, search_log, search_snapshot


class Command(BaseCommand):
    help = "Rebuild the search's full-text index and every worker's facet index."

    def handle(self, *args, **options):
        with transaction.atomic():
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("INSERT INTO project_fts(project_fts) VALUES ('rebuild')")
            search_log.log_everything()
        if search_snapshot.enabled():
            search_snapshot.discard(search_snapshot.identity())
        search_index.forget()
        index = search_index.current()
        public = int(index.public.sum()) if index else 0
        seconds = index.built_in if index else 0.0
        self.stdout.write(f"Search index rebuilt: {public} public projects in {seconds:.1f} s.")
