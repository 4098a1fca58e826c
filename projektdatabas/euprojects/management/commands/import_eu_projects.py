"""manage.py import_eu_projects kohesio FILE [FILE …]
manage.py import_eu_projects keep PROJECTS_FILE [PARTNERS_FILE]
manage.py import_eu_projects --upload ID   (a file uploaded on the staff page; the page
                                            starts this itself)

Imports keep.eu or Kohesio exports into the EU project reference store, with a progress
bar on the terminal, and says what it added, updated and left unchanged."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from projektdatabas.euprojects.imports import ImportRefused, import_keep, import_kohesio
from projektdatabas.euprojects.uploads import run_upload


class ProgressBar:
    """One line redrawn in place: the share read, a bar, and the time so far. Only on a
    terminal; in a log (cron, systemd) it would be noise."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream
        self.started = time.monotonic()
        self.shown = -1
        self.active = stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.active or not total:
            return
        share = min(done / total, 1)
        step = int(share * 200)
        if step == self.shown:
            return
        self.shown = step
        filled = int(share * self.WIDTH)
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {share:6.1%}  {elapsed:5.0f} s"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.active and self.shown >= 0:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Import keep.eu or Kohesio exports (CSV or XLSX) into the EU project reference store."

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", choices=["keep", "kohesio"])
        parser.add_argument("files", nargs="*")
        parser.add_argument("--upload", type=int, help="the id of an upload to import")

    def handle(self, *args, source, files, upload, **options):
        if upload is not None:
            done = run_upload(upload)
            self.stdout.write(f"{done.pk}: {done.status}")
            return
        if not source or not files:
            raise CommandError(_("Name the source (keep or kohesio) and the files."))
        bar = ProgressBar(sys.stderr)
        started = time.monotonic()
        try:
            if source == "kohesio":
                result = import_kohesio(paths=files, progress=bar)
            else:
                if len(files) > 2:
                    raise CommandError(_("keep.eu: give the projects file and the partners file."))
                result = import_keep(
                    projects_path=files[0],
                    partners_path=files[1] if len(files) > 1 else None,
                    progress=bar,
                )
        except ImportRefused as refused:
            bar.close()
            raise CommandError("\n".join(refused.errors)) from None
        bar.close()
        p, o = result.projects, result.participations
        self.stdout.write(
            _(
                "%(rows)d rows read in %(seconds).0f s. Projects: %(added)d added, %(updated)d "
                "updated, %(unchanged)d unchanged. Participating organisations: %(p_added)d "
                "added, %(p_updated)d updated, %(p_unchanged)d unchanged."
            )
            % {
                "rows": result.rows,
                "seconds": time.monotonic() - started,
                "added": p.added,
                "updated": p.updated,
                "unchanged": p.unchanged,
                "p_added": o.added,
                "p_updated": o.updated,
                "p_unchanged": o.unchanged,
            }
        )
        if not result.changed:
            self.stdout.write(_("Nothing new: the store already held everything in the file."))
