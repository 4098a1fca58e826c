"""Files that people open in, or save from, a spreadsheet.

Writing (`csv_writer`, `xlsx_file`, `spreadsheet_response`): every CSV and XLSX the system
writes goes through them, so that no cell can be read as a formula. Reading (`read_table`):
every uploaded CSV or XLSX is read through it, bounded, so that no file can exhaust a
worker's memory or time."""

from .reading import TableRefused, read_table
from .writing import (
    AMOUNT,
    DATE,
    INTEGER,
    TEXT,
    Column,
    csv_writer,
    neutralise,
    spreadsheet_response,
    xlsx_file,
)

__all__ = [
    "AMOUNT",
    "DATE",
    "INTEGER",
    "TEXT",
    "Column",
    "TableRefused",
    "csv_writer",
    "neutralise",
    "read_table",
    "spreadsheet_response",
    "xlsx_file",
]
