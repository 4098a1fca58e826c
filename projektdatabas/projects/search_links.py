"""The search index's value codes and link facets (search_index.py): the values of a
filter as small integers, and each project's linked values (themes, programmes, partners,
countries …) grouped by project, with overrides for projects changed since the build."""

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np


@dataclass
class Codes:
    """Values of a filter as small integers (for bincount), and back."""

    values: list = field(default_factory=list)
    index: dict = field(default_factory=dict)

    def add(self, value) -> int:
        if value not in self.index:
            self.index[value] = len(self.values)
            self.values.append(value)
        return self.index[value]


COLUMNS = 4  # Link._columns


@dataclass
class Link:
    """The value codes linked to each project, grouped by project: project p's are
    values[starts[p]:starts[p + 1]], unless p is `overridden`: a project changed since the
    build (search_patch.py) has its current codes in `overrides`. Counting gathers the
    hits' links by columns (_columns; gathering each hit's run of `values` took 5-12 ms a
    facet for 200,000 hits; a bitmap per value measured 0.2-0.6 ms a value, which only paid
    for facets with under about ten values: bench/README.md)."""

    codes: Codes
    starts: np.ndarray
    values: np.ndarray
    overridden: np.ndarray | None = None
    overrides: dict = field(default_factory=dict)

    @classmethod
    def grouped(cls, rows: np.ndarray, codes: Codes, size: int) -> "Link":
        """`rows`: (project id, code) pairs sorted by project."""
        starts = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows[:, 0], minlength=size), out=starts[1:])
        overridden = np.zeros(size, dtype=bool)
        return cls(codes, starts, rows[:, 1].astype(np.int32), overridden)

    def count(self, ids: np.ndarray) -> np.ndarray:
        """Hits per code."""
        extra = []
        if self.overrides:
            over = self.overridden[ids]
            extra = [self.overrides[p] for p in ids[over].tolist()]
            ids = ids[~over]
        columns, long = self._columns
        found = np.zeros(len(self.codes.values) + 1, dtype=np.int64)
        for column in columns:
            found += np.bincount(column[ids], minlength=len(found))
        found = found[1:]
        if long is not None:  # the links past the columns, of the few projects with more
            rest = ids[long[ids]]
            first = self.starts[rest] + len(columns)
            lengths = self.starts[rest + 1] - first
            shift = np.repeat(first - (np.cumsum(lengths) - lengths), lengths)
            extra.append(self.values[shift + np.arange(len(shift))])
        if extra:
            found += np.bincount(np.concatenate(extra), minlength=len(found))
        return found

    @cached_property
    def _columns(self) -> tuple[list[np.ndarray], np.ndarray | None]:
        """The links again as columns: column k holds each project's k-th code plus one (0:
        none), so counting is a gather and a bincount over the hits per column, 3-5 times
        faster than gathering each hit's run of `values` (most projects have one to three
        links to a facet). At most COLUMNS; the projects with more links are marked (else
        None). Built on first use; `values` does not change after the build."""
        lengths = np.diff(self.starts)
        dtype = np.uint16 if len(self.codes.values) < np.iinfo(np.uint16).max else np.int32
        columns = []
        for k in range(min(int(lengths.max(initial=0)), COLUMNS)):
            column = np.zeros(len(lengths), dtype=dtype)
            has = lengths > k
            column[has] = self.values[self.starts[:-1][has] + k] + 1
            columns.append(column)
        long = lengths > COLUMNS
        return columns, long if long.any() else None

    def projects(self, code: int, size: int) -> np.ndarray:
        """A boolean array of the projects linked to the value."""
        owners = np.repeat(np.arange(len(self.starts) - 1), np.diff(self.starts))
        out = np.zeros(size, dtype=bool)
        out[owners[self.values == code]] = True
        if self.overrides:
            out[: len(self.overridden)] &= ~self.overridden
            for pk, codes in self.overrides.items():
                out[pk] = code in codes
        return out
