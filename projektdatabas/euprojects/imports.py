"""Importing Kohesio's operations and keep.eu's projects with their partners: the entry
points (the command, the upload page and the tests import from here).

The columns are the exports' own (../shared/standards/keep-kohesio-NOTES.md, README
"Partner finding"). Rows stream from the file and are written in batches with one upsert
each (INSERT … ON CONFLICT, writer.py), so a million rows cost minutes and little memory.
A project is found again by (source, source id); a row whose values hash as before is left
alone and counted "unchanged", so a second run of the same file writes nothing.

The whole import is one transaction: when a row is wrong, writing stops, the rest of the
file is still read so that every bad row is named (up to MAX_ERRORS), and nothing is kept.
At the end the per-organisation figures the ranking reads are recomputed (importing.py),
in the same transaction, so the page never shows figures from half an import.

The modules: cells.py reads and checks a row's cells (one set of checks for both sources),
writer.py writes, importing.py runs the batches and the end, kohesio.py and keep.py know
their sources' columns."""

from .importing import RECENT_YEARS, ImportRefused, recent_since, refresh_stats
from .keep import import_keep
from .kohesio import import_kohesio
from .writer import BATCH, MAX_ERRORS, Result

__all__ = [
    "BATCH",
    "MAX_ERRORS",
    "RECENT_YEARS",
    "ImportRefused",
    "Result",
    "import_keep",
    "import_kohesio",
    "recent_since",
    "refresh_stats",
]
