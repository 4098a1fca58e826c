"""What every import does around its rows: open the file, read it in batches (with the
progress bar's numbers), and at the end either refuse the whole file, naming the bad rows,
or recompute what the ranking reads (the per-organisation figures, the full-text index, the
participations' arrays) and record the run, all in the import's one transaction."""

import datetime as dt
from collections.abc import Callable

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from projektdatabas.core import versioning
from projektdatabas.core.import_preview import ImportRefused

from . import figures
from .models import EUImport, EUOrganisationStats, EUParticipation
from .reading import FileRefused, open_table
from .writer import BATCH, Writer

RECENT_YEARS = 5  # a project counts as recent if it ran in the last five calendar years
Progress = Callable[[int, int], None] | None


def open_source(path, required):
    try:
        return open_table(path, required)
    except FileRefused as refused:
        raise ImportRefused(refused.errors) from None
    except OSError as error:
        raise ImportRefused(
            [_("The file %(file)s could not be opened.") % {"file": path}]
        ) from error


def read_in_batches(writer: Writer, table, parse, write, progress: Progress) -> None:
    """Each row parsed (None: blank, or refused) and the good ones written BATCH at a time,
    until the first bad row; after it the rest is only read, to name every bad row."""
    batch = []
    for line, cells in table.rows:
        writer.result.rows += 1
        parsed = parse(writer, line, cells, table.columns)
        if parsed and not writer.errors:
            batch.append(parsed)
        if len(batch) >= BATCH:
            write(writer, batch)
            batch = []
            if progress:
                progress(table.done(), table.total)
    if batch and not writer.errors:
        write(writer, batch)
    if progress:
        progress(table.total, table.total)


def finish(writer: Writer, paths, started, actor) -> None:
    if writer.errors:
        if writer.bad_rows > len(writer.errors):
            writer.errors.append(
                _("… and %(n)d more problems. Nothing was imported.")
                % {"n": writer.bad_rows - len(writer.errors)}
            )
        else:
            writer.errors.append(_("Nothing was imported."))
        raise ImportRefused(writer.errors)  # rolls the transaction back
    if writer.result.changed:
        refresh_stats()
        refresh_search_index()
        figures.store()
        versioning.bump()  # partners' public pages list their EU projects
    EUImport.objects.create(
        source=writer.source,
        files=", ".join(paths)[:1000],
        started_at=started,
        finished_at=timezone.now(),
        rows=writer.result.rows,
        added=writer.result.projects.added,
        updated=writer.result.projects.updated,
        unchanged=writer.result.projects.unchanged,
        actor=actor,
    )


def recent_since(today: dt.date | None = None) -> int:
    return (today or timezone.localdate()).year - RECENT_YEARS + 1


def refresh_stats() -> None:
    """Recomputes every organisation's figures from the participations: one grouping pass
    per level (all funds, then per fund), a few seconds at a million rows."""
    since = recent_since()
    table = EUOrganisationStats._meta.db_table
    parts = EUParticipation._meta.db_table
    EUOrganisationStats.objects.all().delete()
    figures = (
        "COUNT(*), SUM(CASE WHEN last_year >= %s THEN 1 ELSE 0 END), MAX(last_year), "
        "COUNT(*) + SUM(CASE WHEN last_year >= %s THEN 1 ELSE 0 END), %s"
    )
    columns = (
        "organisation_id, fund, country, project_count, recent_count, latest_year, score, "
        "recent_since"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT organisation_id, '', country, {figures} "  # noqa: S608
            f"FROM {parts} GROUP BY organisation_id, country",
            [since, since, since],
        )
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT organisation_id, fund, country, {figures} "  # noqa: S608
            f"FROM {parts} WHERE fund <> '' GROUP BY organisation_id, fund, country",
            [since, since, since],
        )


def refresh_search_index() -> None:
    """SQLite's full-text table mirrors the projects' titles and themes (an external-content
    FTS5 table): rebuilt once after an import rather than kept by triggers, which would
    cost every upserted row. PostgreSQL's expression index keeps itself."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO euprojects_fts(euprojects_fts) VALUES ('rebuild')")
