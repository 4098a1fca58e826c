"""Patching a worker's search index (search_index.FacetIndex and its bm25 TextIndex:
search_bm25.py on SQLite, search_pgtext.py on PostgreSQL) with the projects logged as
changed since its version (search_log.py), so that a change costs milliseconds instead of a
20-30 s rebuild at a million projects.

Each changed project's values are read again, as they are now, and replace the old ones:
single-valued arrays by assignment, link facets by an override of the project's codes
(search_links.Link), the cached words' bm25 instances for those rows by FTS5's own
matching (highlight() marks each instance; on PostgreSQL the ranking's own SQL for f), and
the table's N and average length from its totals. Patching is idempotent: a project logged
twice is read twice, no harm."""

import numpy as np
from django.db import connection

from .fulltext import PG_TERM, PG_TERM_F, ParsedQuery, fts5_expression
from .models import Project
from .search_pgtext import term_params

COMPACT = 20_000  # overrides per facet before its arrays are regrouped
_LINKS = {
    "tema": ("projects_project_themes", "project_id", "theme_id"),
    "program": ("projects_project_programmes", "project_id", "programme_id"),
    "malgrupp": ("projects_project_target_groups", "project_id", "targetgroup_id"),
    "inriktning": ("projects_project_orientations", "project_id", "orientation_id"),
    "partner": ("projects_projectpartner", "project_id", "organisation_id"),
}
_COUNTRIES = (
    "SELECT DISTINCT pp.project_id, o.country FROM projects_projectpartner pp "
    "JOIN organisations_organisation o ON o.id = pp.organisation_id WHERE pp.project_id IN ({})"
)
_FTS_WEIGHTS = (10.0, 10.0, 1.0, 1.0)  # title_sv, title_en, public_summary_sv, _en


def apply(index, ids: list[int]) -> None:
    """Brings `ids`' entries in `index` to their current values in the database."""
    if not ids:
        return
    rows = {
        row[0]: row
        for row in Project.objects.filter(pk__in=ids).values_list(
            "id",
            "is_published",
            "archived_at",
            "municipality_id",
            "kind",
            "status",
            "lead_department_id",
            "start_date",
            "end_date",
        )
    }
    _grow(index, max(ids) + 1)
    public = {pk for pk, row in rows.items() if row[1] and row[2] is None}
    for pk in ids:
        row = rows.get(pk)
        index.public[pk] = pk in public
        if row is None:
            continue
        for name, value in zip(("kommun", "typ", "status", "forvaltning"), row[3:7], strict=True):
            index.single[name][pk] = index.single_codes[name].add(value)
        index.start_year[pk] = row[7].year if row[7] else 0
        index.end_year[pk] = row[8].year if row[8] else 0
    links = _current_links(ids)
    for name, link in index.links.items():
        for pk in ids:
            codes = [link.codes.add(value) for value in links[name].get(pk, ())]
            link.overrides[pk] = np.array(codes if pk in public else [], dtype=np.int32)
            link.overridden[pk] = True
        if len(link.overrides) > COMPACT:
            index.links[name] = _regrouped(link, index.size)
    index._masks.clear()
    if index.text is not None:
        _patch_text(index.text, ids)


def _current_links(ids) -> dict[str, dict[int, list]]:
    marks = ", ".join(["%s"] * len(ids))
    out = {}
    with connection.cursor() as cursor:
        for name, (table, a, b) in _LINKS.items():
            cursor.execute(f"SELECT {a}, {b} FROM {table} WHERE {a} IN ({marks})", ids)  # noqa: S608
            out[name] = _grouped(cursor.fetchall())
        cursor.execute(_COUNTRIES.format(marks), ids)
        out["land"] = _grouped(cursor.fetchall())
    return out


def _grouped(pairs) -> dict[int, list]:
    out: dict[int, list] = {}
    for a, b in pairs:
        out.setdefault(a, []).append(b)
    return out


def _grow(index, needed: int) -> None:
    """Room for projects created since the build (ids past the arrays' end), with slack so
    that a run of new projects does not copy the arrays each time."""
    if needed <= index.size:
        return
    size = needed + max(1024, index.size // 64)
    extra = size - index.size
    index.public = np.concatenate([index.public, np.zeros(extra, dtype=bool)])
    for name, values in index.single.items():
        index.single[name] = np.concatenate([values, np.full(extra, -1, dtype=values.dtype)])
    index.start_year = np.concatenate([index.start_year, np.zeros(extra, dtype=np.int32)])
    index.end_year = np.concatenate([index.end_year, np.zeros(extra, dtype=np.int32)])
    for link in index.links.values():
        link.starts = np.concatenate([link.starts, np.full(extra, link.starts[-1])])
        link.overridden = np.concatenate([link.overridden, np.zeros(extra, dtype=bool)])
    if index.text is not None and len(index.text.lengths) < size:
        lengths = index.text.lengths
        index.text.lengths = np.concatenate([lengths, np.zeros(size - len(lengths))])


def _regrouped(link, size: int):
    """The link's arrays with its overrides folded in (no database work)."""
    owners = np.repeat(np.arange(len(link.starts) - 1), np.diff(link.starts))
    keep = ~link.overridden[owners]
    pks = [np.full(len(codes), pk) for pk, codes in link.overrides.items()]
    rows = np.column_stack(
        [
            np.concatenate([owners[keep], *pks]).astype(np.int64),
            np.concatenate([link.values[keep], *link.overrides.values()]).astype(np.int64),
        ]
    )
    rows = rows[np.argsort(rows[:, 0], kind="stable")]
    return type(link).grouped(rows, link.codes, size)


def _patch_text(text, ids: list[int]) -> None:
    if connection.vendor == "postgresql":
        _patch_pg_text(text, ids)
        return
    marks = ", ".join(["%s"] * len(ids))
    text.read_totals()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, sz FROM project_fts_docsize WHERE id IN ({marks})", ids)  # noqa: S608
        sizes = dict(cursor.fetchall())
        for pk in ids:
            text.lengths[pk] = text.size_of(sizes[pk]) if pk in sizes else 0.0
        changed = np.array(sorted(ids), dtype=np.int64)
        for word, (docs, freq) in list(text.cached_words()):
            # FTS5 matches the word in the changed rows; highlight() marks each instance.
            cursor.execute(
                "SELECT rowid, "  # noqa: S608 - constants and placeholders
                + ", ".join(f"highlight(project_fts, {c}, char(1), '')" for c in range(4))
                + f" FROM project_fts WHERE project_fts MATCH %s AND rowid IN ({marks})",
                [fts5_expression(ParsedQuery(words=(word,))), *ids],
            )
            found = {
                row[0]: sum(
                    w * (row[c + 1] or "").count("\x01") for c, w in enumerate(_FTS_WEIGHTS)
                )
                for row in cursor.fetchall()
            }
            keep = ~np.isin(docs, changed)
            new = np.array(sorted(found), dtype=np.int64)
            docs = np.concatenate([docs[keep], new])
            freq = np.concatenate([freq[keep], [found[pk] for pk in new.tolist()]])
            order = np.argsort(docs, kind="stable")
            text.replace_word(word, docs[order], freq[order].astype(np.float64))


def _patch_pg_text(text, ids: list[int]) -> None:
    """The PostgreSQL ranking's (search_pgtext.py): the rows' lengths and, for each cached
    word, which of the rows its term matches now, with f, by the definition's own SQL."""
    marks = ", ".join(["%s"] * len(ids))
    text.read_totals()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, search_length FROM projects_project WHERE id IN ({marks})",  # noqa: S608
            ids,
        )
        lengths = dict(cursor.fetchall())
        for pk in ids:
            text.lengths[pk] = lengths.get(pk, 0.0)
        changed = np.array(sorted(set(ids)), dtype=np.int64)
        for word, (docs, freq) in list(text.cached_words()):
            cursor.execute(f"{_PG_FOUND} ({marks})", term_params(word) * 2 + ids)
            found = dict(cursor.fetchall())
            # The rows out and in by position (the ids are sorted): copies, no sort of a
            # broad word's 200,000 rows (at 1 M, 38 ms a patch with five words cached).
            at = np.searchsorted(docs, changed)
            held = at[docs[np.minimum(at, len(docs) - 1)] == changed] if len(docs) else at[:0]
            docs, freq = np.delete(docs, held), np.delete(freq, held)
            new = np.array(sorted(found), dtype=np.int64)
            at = np.searchsorted(docs, new)
            docs = np.insert(docs, at, new)
            freq = np.insert(freq, at, np.array([found[pk] for pk in new.tolist()], dtype=float))
            text.replace_word(word, docs, freq)


_PG_FOUND = (
    f"SELECT id, {PG_TERM_F} FROM projects_project "  # noqa: S608 - constants
    f"WHERE search_vector @@ {PG_TERM} AND id IN"
)
