"""Files that people open in, or save from, a spreadsheet.

Writing (`csv_writer`): every CSV the system writes goes through it, so that no cell can be
read as a formula. Reading (`read_table`): every uploaded CSV or XLSX is read through it,
bounded, so that no file can exhaust a worker's memory or time."""

from .reading import TableRefused, read_table
from .writing import csv_writer, neutralise

__all__ = ["TableRefused", "csv_writer", "neutralise", "read_table"]
