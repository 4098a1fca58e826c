"""Writing what the importers read: caches of what is stored, batched upserts in plain SQL
(`INSERT … ON CONFLICT`, executemany on SQLite, COPY into a staging table on PostgreSQL),
and the counts of what was added, updated and left unchanged. The error list stops the
writing at the first bad row (the rest of the file is still read, so that every bad row is
named)."""

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.db import connection
from django.utils.translation import gettext as _

from projektdatabas.projects.partners import normalised

from .models import EUOrganisation, EUParticipation, EUProgramme, EUProject

BATCH = 2000
MAX_ERRORS = 20


@dataclass
class Tally:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class Result:
    rows: int = 0
    projects: Tally = field(default_factory=Tally)
    participations: Tally = field(default_factory=Tally)

    @property
    def changed(self) -> bool:
        return bool(
            self.projects.added
            or self.projects.updated
            or self.participations.added
            or self.participations.updated
        )


def digest(*values) -> str:
    return hashlib.md5(  # noqa: S324 - a change detector, not security
        "\x1f".join("" if v is None else str(v) for v in values).encode()
    ).hexdigest()


class Writer:
    """Caches of what is already stored (organisations by key, programmes by name) and the
    batched upserts; also the error list that stops writing at the first bad row."""

    def __init__(self, source: str):
        self.source = source
        self.result = Result()
        self.errors: list[str] = []
        self.bad_rows = 0
        self.organisations: dict[tuple[str, str], int] = {}
        self.programmes: dict[str, int] = {
            name: pk
            for pk, name in EUProgramme.objects.filter(source=source).values_list("pk", "name")
        }
        self._names: dict[str, str] = {}

    def refuse(self, line: int, column: str, problem: str) -> None:
        self.bad_rows += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(
                _("Row %(line)d, column %(column)s: %(problem)s")
                % {"line": line, "column": column, "problem": problem}
            )

    def refuse_all(self, line: int, problems) -> bool:
        """Names each (column, problem) of a row; whether there was any."""
        for column, problem in problems:
            self.refuse(line, column, problem)
        return bool(problems)

    def normalised(self, name: str) -> str:
        key = self._names.get(name)
        if key is None:
            key = self._names[name] = normalised(name)[:300]
        return key

    def programme_id(self, name: str, code: str = "") -> int | None:
        if not name:
            return None
        if name not in self.programmes:
            programme, _created = EUProgramme.objects.get_or_create(
                source=self.source, name=name[:300], defaults={"code": code[:50]}
            )
            self.programmes[name] = programme.pk
        return self.programmes[name]

    def organisation_ids(self, wanted: dict[tuple[str, str], dict]) -> None:
        """Finds or adds each organisation (key: normalised name, country); the first
        spelling met is the name kept."""
        missing = [key for key in wanted if key not in self.organisations]
        if not missing:
            return
        self._load_organisations(missing)
        new = [key for key in missing if key not in self.organisations]
        if new:
            rows = [
                (
                    wanted[key]["name"],
                    key[0],
                    key[1],
                    wanted[key].get("identifier", ""),
                    wanted[key].get("kind", ""),
                )
                for key in new
            ]
            with connection.cursor() as cursor:
                cursor.executemany(_INSERT_ORGANISATION, rows)
            self._load_organisations(new)

    def _load_organisations(self, keys) -> None:
        names = {key[0] for key in keys}
        for pk, name, country in EUOrganisation.objects.filter(
            normalised_name__in=names
        ).values_list("pk", "normalised_name", "country"):
            self.organisations[(name, country)] = pk

    def _stored(self, source_ids: list[str], columns: str) -> list[tuple]:
        # Plain SQL: the ORM's preparing of a 2,000-value IN list showed in the profile.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {columns} FROM {EUProject._meta.db_table} "  # noqa: S608
                f"WHERE source = %s AND source_id IN ({', '.join(['%s'] * len(source_ids))})",
                [self.source, *source_ids],
            )
            return cursor.fetchall()

    def upsert_projects(self, batch: list["Project"]) -> tuple[list["Project"], list[int]]:
        """Writes the new and changed projects; returns them (with ids) and the ids of
        those changed. Later rows of the same id in one file win."""
        by_id = {project.source_id: project for project in batch}
        stored = {
            source_id: (pk, digest)
            for source_id, pk, digest in self._stored(list(by_id), "source_id, id, digest")
        }
        writes, changed = [], []
        for source_id, project in by_id.items():
            pk, digest = stored.get(source_id, (None, None))
            if pk is None:
                self.result.projects.added += 1
            elif digest == project.digest:
                self.result.projects.unchanged += 1
                continue
            else:
                self.result.projects.updated += 1
                changed.append(pk)
            writes.append(project)
        if writes:
            _write_many(
                EUProject._meta.db_table,
                _PROJECT_COLUMNS,
                [_project_values(p) for p in writes],
                _PROJECT_CONFLICT,
            )
            ids = dict(self._stored([p.source_id for p in writes], "source_id, id"))
            for project in writes:
                project.pk = ids[project.source_id]
        return writes, changed


UPDATED_FIELDS = [
    "programme_id",
    "fund",
    "acronym",
    "title",
    "title_local",
    "themes",
    "period",
    "start_date",
    "end_date",
    "start_year",
    "last_year",
    "total_budget",
    "eu_funding",
    "cofinancing_rate",
    "country",
    "nuts",
    "digest",
]


class Project(SimpleNamespace):
    """A project row on its way to the database: plain attributes, since building model
    instances and letting the ORM prepare each value cost more than half of an import's
    time at a million rows (measured with cProfile)."""

    def __init__(self, **values):
        super().__init__(**{**_BLANK, **values})

    def seal(self, *more) -> None:
        """Its digest: what the file said (and `more`, what the project's rows also
        carry), compared at the next import to tell "unchanged" from "updated"."""
        self.digest = digest(*(getattr(self, f) for f in UPDATED_FIELDS[:-1]), *more)


# What a source does not give: the models' defaults.
_BLANK = {
    "acronym": "",
    "title_local": "",
    "themes": "",
    "nuts": "",
    "country": "",
    "fund": "",
    "period": "",
}


# One statement for new and changed rows alike, on SQLite (3.24+) and PostgreSQL.
_PROJECT_COLUMNS = ["source", "source_id", *UPDATED_FIELDS]
_PROJECT_CONFLICT = "ON CONFLICT (source, source_id) DO UPDATE SET " + ", ".join(
    f"{c} = excluded.{c}" for c in UPDATED_FIELDS
)
_PARTICIPATION_COLUMNS = [
    "project_id",
    "organisation_id",
    "role",
    "country",
    "fund",
    "programme_id",
    "start_year",
    "last_year",
    "eu_contribution",
]
_INSERT_ORGANISATION = (
    f"INSERT INTO {EUOrganisation._meta.db_table} "  # noqa: S608
    "(name, normalised_name, country, identifier, kind) VALUES (%s, %s, %s, %s, %s) "
    "ON CONFLICT (normalised_name, country) DO NOTHING"
)


def _sql_value(value):
    # Dates and amounts as text: SQLite stores them as Django would, PostgreSQL casts.
    if isinstance(value, dt.date | Decimal):
        return str(value)
    return value


def _project_values(project: Project) -> tuple:
    return tuple(_sql_value(getattr(project, column)) for column in _PROJECT_COLUMNS)


def participation_row(
    project: Project, organisation_id: int, role: str, country: str, contribution=None
) -> tuple:
    return (
        project.pk,
        organisation_id,
        role,
        country,
        project.fund,
        project.programme_id,
        project.start_year,
        project.last_year,
        _sql_value(contribution),
    )


def insert_participations(rows: list[tuple]) -> None:
    if rows:
        conflict = "ON CONFLICT (project_id, organisation_id) DO NOTHING"
        _write_many(EUParticipation._meta.db_table, _PARTICIPATION_COLUMNS, rows, conflict)


def _write_many(table: str, columns: list[str], rows: list[tuple], conflict: str):
    """Many rows in one go: on SQLite one prepared INSERT executed for each (it runs in
    process, so a statement costs no round trip); on PostgreSQL, where executemany was
    a round trip a row, COPY into a staging table and one INSERT … SELECT from it."""
    with connection.cursor() as cursor:
        names = ", ".join(columns)
        if connection.vendor != "postgresql":
            places = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({places}) {conflict}",  # noqa: S608
                rows,
            )
            return
        stage = f"stage_{table}"
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {names} FROM {table} WITH NO DATA"
        )
        cursor.execute(f"TRUNCATE {stage}")
        with cursor.cursor.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {stage} {conflict}"  # noqa: S608
        )
