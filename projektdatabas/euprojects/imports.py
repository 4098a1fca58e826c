"""Importing Kohesio's operations and keep.eu's projects with their partners.

The columns are the exports' own (../shared/standards/keep-kohesio-NOTES.md, README
"Partner finding"). Rows stream from the file and are written in batches with one upsert
each (`bulk_create(update_conflicts=True)`: INSERT … ON CONFLICT DO UPDATE on SQLite and
PostgreSQL alike), so a million rows cost minutes and little memory. A project is found
again by (source, source id); a row whose values hash as before is left alone and counted
"unchanged", so a second run of the same file writes nothing.

The whole import is one transaction: when a row is wrong, writing stops, the rest of the
file is still read so that every bad row is named (up to MAX_ERRORS), and nothing is kept.
At the end the per-organisation figures the ranking reads are recomputed (`refresh_stats`),
in the same transaction, so the page never shows figures from half an import."""

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from projektdatabas.core import versioning
from projektdatabas.projects.partners import normalised

from .models import (
    EUImport,
    EUOrganisation,
    EUOrganisationStats,
    EUParticipation,
    EUProgramme,
    EUProject,
    ParticipantRole,
    Source,
)
from .reading import FileRefused, open_table

BATCH = 2000
MAX_ERRORS = 20
RECENT_YEARS = 5  # a project counts as recent if it ran in the last five calendar years

KOHESIO_REQUIRED = ("Operation_Unique_Identifier", "Operation_Name_English", "Beneficiary_Name")
KEEP_PROJECT_REQUIRED = ("Programme", "Project acronym", "Project name in English")
KEEP_PARTNER_REQUIRED = ("Programme", "Project acronym", "Organisation in English", "Lead partner")
# The EU writes Greece EL and the United Kingdom UK; the partner register (ISO 3166) GR, GB.
COUNTRY_ALIASES = {"EL": "GR", "UK": "GB"}
NOT_GIVEN = {"", "n.a.", "n/a", "na", "-"}


class ImportRefused(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


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


class RowError(ValueError):
    pass


# --- cells ------------------------------------------------------------------------------


def _text(cells, columns, name, limit=1000) -> str:
    position = columns.get(name)
    if position is None or position >= len(cells):
        return ""
    value = cells[position]
    return (value if isinstance(value, str) else str(value)).strip()[:limit]


def _date(cells, columns, name) -> dt.date | None:
    position = columns.get(name)
    value = cells[position] if position is not None and position < len(cells) else ""
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if text.lower() in NOT_GIVEN:
        return None
    parts = text.split("/")
    if len(parts) == 3 and len(parts[2]) == 4:  # Kohesio's dd/mm/yyyy, without strptime's cost
        try:
            return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise RowError(name, _("“%(value)s” is not a date.") % {"value": text[:40]}) from None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text[:10], pattern).date()
        except ValueError:
            continue
    raise RowError(name, _("“%(value)s” is not a date.") % {"value": text[:40]})


_AMOUNT_JUNK = re.compile(r"[\s\u00a0€]|EUR")


def _amount(cells, columns, name) -> Decimal | None:
    position = columns.get(name)
    value = cells[position] if position is not None and position < len(cells) else ""
    if isinstance(value, int | float):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    text = _AMOUNT_JUNK.sub("", str(value))
    if text.lower() in NOT_GIVEN:
        return None
    # A lone comma is a decimal comma ("1 250 000,00"); beside a point, a thousands separator.
    text = text.replace(",", ".") if "," in text and "." not in text else text.replace(",", "")
    try:
        number = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise RowError(
            name, _("“%(value)s” is not an amount.") % {"value": str(value)[:40]}
        ) from None
    if number.is_nan() or abs(number) >= Decimal("1e14"):
        raise RowError(name, _("“%(value)s” is not an amount.") % {"value": str(value)[:40]})
    return number


def _rate(cells, columns, name) -> Decimal | None:
    """A co-financing rate in per cent: "80%", "80", or 0.8 as a spreadsheet keeps 80 %."""
    position = columns.get(name)
    value = cells[position] if position is not None and position < len(cells) else ""
    text = str(value).replace("%", "").strip()
    number = _amount([text], {name: 0}, name)
    if number is None:
        return None
    if abs(number) <= 1 and "%" not in str(value):
        number *= 100
    if not 0 <= number <= 100:
        raise RowError(
            name, _("“%(value)s” is not a share between 0 and 100 %%.") % {"value": value}
        )
    return number.quantize(Decimal("0.01"))


def _country(text: str) -> str:
    code = text.strip().upper()[:2]
    return COUNTRY_ALIASES.get(code, code)


def _digest(*values) -> str:
    return hashlib.md5(  # noqa: S324 - a change detector, not security
        "\x1f".join("" if v is None else str(v) for v in values).encode()
    ).hexdigest()


# --- the shared writer ----------------------------------------------------------------


class _Writer:
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

    def upsert_projects(self, batch: list["_Project"]) -> tuple[list["_Project"], list[int]]:
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
            with connection.cursor() as cursor:
                _write_many(
                    cursor,
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


class _Project(SimpleNamespace):
    """A project row on its way to the database: plain attributes, since building model
    instances and letting the ORM prepare each value cost more than half of an import's
    time at a million rows (measured with cProfile)."""

    def __init__(self, **values):
        super().__init__(**{**_BLANK, **values})


# What a source does not give: the models' defaults.
_BLANK = {"acronym": "", "themes": "", "nuts": "", "country": "", "fund": "", "period": ""}


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


def _project_values(project: _Project) -> tuple:
    return tuple(_sql_value(getattr(project, column)) for column in _PROJECT_COLUMNS)


def _participation(project: _Project, organisation_id: int, role: str, country: str) -> tuple:
    return (
        project.pk,
        organisation_id,
        role,
        country,
        project.fund,
        project.programme_id,
        project.start_year,
        project.last_year,
    )


def _insert_participations(rows: list[tuple]) -> None:
    if rows:
        with connection.cursor() as cursor:
            _write_many(
                cursor,
                EUParticipation._meta.db_table,
                _PARTICIPATION_COLUMNS,
                rows,
                "ON CONFLICT (project_id, organisation_id) DO NOTHING",
            )


def _write_many(cursor, table: str, columns: list[str], rows: list[tuple], conflict: str):
    """Many rows in one go: on SQLite one prepared INSERT executed for each (it runs in
    process, so a statement costs no round trip); on PostgreSQL, where executemany was
    a round trip a row, COPY into a staging table and one INSERT … SELECT from it."""
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


def _years(start, end):
    return (start.year if start else None), (end or start).year if (end or start) else None


# --- Kohesio ------------------------------------------------------------------------------


def import_kohesio(
    *, paths: list[str], actor=None, progress: Callable[[int, int], None] | None = None
) -> Result:
    """Kohesio's per-country project files (CSV or XLSX): one operation a row, its
    beneficiaries in `Beneficiary_Name` ("|" between several)."""
    writer = _Writer(Source.KOHESIO)
    started = timezone.now()
    with transaction.atomic():
        for path in paths:
            table = _open(path, KOHESIO_REQUIRED)
            batch: list[tuple[EUProject, list[tuple[str, str]]]] = []
            for line, cells in table.rows:
                writer.result.rows += 1
                parsed = _kohesio_row(writer, line, cells, table.columns)
                if parsed and not writer.errors:
                    batch.append(parsed)
                if len(batch) >= BATCH:
                    _write_kohesio(writer, batch)
                    batch = []
                    if progress:
                        progress(table.done(), table.total)
            if batch and not writer.errors:
                _write_kohesio(writer, batch)
            if progress:
                progress(table.total, table.total)
        _finish(writer, paths, started, actor)
    return writer.result


def _kohesio_row(writer, line, cells, columns):
    if not any(cell != "" for cell in cells):
        return None
    get = lambda name, limit=1000: _text(cells, columns, name, limit)  # noqa: E731
    source_id = get("Operation_Unique_Identifier", 400)
    title = get("Operation_Name_English") or get("Operation_Name_Programme_Language")
    names = [n.strip() for n in get("Beneficiary_Name", 5000).split("|") if n.strip()]
    problems = []
    if not source_id:
        problems.append(("Operation_Unique_Identifier", _("This is required.")))
    if not title:
        problems.append(("Operation_Name_English", _("This is required.")))
    if not names:
        problems.append(("Beneficiary_Name", _("This is required.")))
    values = {}
    for name, parse in (
        ("Operation_Start_Date", _date),
        ("Operation_End_Date", _date),
        ("Total_Eligible_Expenditure_amount", _amount),
        ("Project_EU_Budget", _amount),
        ("Cofinancing_Rate", _rate),
    ):
        try:
            values[name] = parse(cells, columns, name)
        except RowError as error:
            problems.append(error.args)
    for column, problem in problems:
        writer.refuse(line, column, problem)
    if problems:
        return None
    start, end = values["Operation_Start_Date"], values["Operation_End_Date"]
    if start and end and end < start:
        writer.refuse(line, "Operation_End_Date", _("The end is before the start."))
        return None
    country = _country(get("CountryCode"))
    fund = get("Fund_Code", 200).split("|")[0].strip()[:30]
    programme_name = get("Programme_Name", 300).split("|")[0].strip()
    themes = " | ".join(
        dict.fromkeys(
            part.strip()
            for name in (
                "Category_Label",
                "Thematic_Objective_Label",
                "Policy_Objective_Label",
                "Specific_Objective_Label",
            )
            for part in get(name, 2000).split("|")
            if part.strip()
        )
    )[:4000]
    nuts = (get("NUTS3_Code") or get("NUTS2_Code") or get("NUTS1_Code")).split("|")[0][:10]
    start_year, last_year = _years(start, end)
    project = _Project(
        source=Source.KOHESIO,
        source_id=source_id,
        programme_id=writer.programme_id(programme_name, get("Programme_Code", 50)),
        fund=fund,
        title=title,
        themes=themes,
        period=get("Programming_Period", 20),
        start_date=start,
        end_date=end,
        start_year=start_year,
        last_year=last_year,
        total_budget=values["Total_Eligible_Expenditure_amount"],
        eu_funding=values["Project_EU_Budget"],
        cofinancing_rate=values["Cofinancing_Rate"],
        country=country,
        nuts=nuts,
    )
    identifiers = get("Beneficiary_Local_Identifier", 2000).split("|")
    beneficiaries = [
        (name[:300], identifiers[i].strip()[:100] if len(identifiers) == len(names) else "")
        for i, name in enumerate(names)
    ]
    project.digest = _digest(
        *(getattr(project, f) for f in UPDATED_FIELDS[:-1]),
        *beneficiaries,
    )
    return project, beneficiaries


def _write_kohesio(writer: _Writer, batch) -> None:
    wanted = {}
    for project, beneficiaries in batch:
        for name, identifier in beneficiaries:
            key = (writer.normalised(name), project.country)
            wanted.setdefault(key, {"name": name, "identifier": identifier})
    writer.organisation_ids(wanted)
    written, changed = writer.upsert_projects([project for project, _b in batch])
    if changed:
        # A changed operation may name other beneficiaries: its rows are written anew.
        EUParticipation.objects.filter(project_id__in=changed).delete()
    latest = {project.source_id: beneficiaries for project, beneficiaries in batch}
    tally = writer.result.participations
    rewritten = {project.source_id for project in written}
    tally.unchanged += sum(len(latest[key]) for key in latest.keys() - rewritten)
    changed = set(changed)
    participations = []
    for project in written:
        seen = set()
        for name, _identifier in latest[project.source_id]:
            organisation_id = writer.organisations[(writer.normalised(name), project.country)]
            if organisation_id not in seen:
                seen.add(organisation_id)
                participations.append(
                    _participation(
                        project, organisation_id, ParticipantRole.BENEFICIARY, project.country
                    )
                )
    _insert_participations(participations)
    for participation in participations:
        if participation[0] in changed:
            tally.updated += 1
        else:
            tally.added += 1


# --- keep.eu ------------------------------------------------------------------------------


def import_keep(
    *,
    projects_path: str,
    partners_path: str | None = None,
    actor=None,
    progress: Callable[[int, int], None] | None = None,
) -> Result:
    """keep.eu's XLSX (or CSV) export: the projects sheet, then its partners sheet, which
    names each partner's project by programme and acronym."""
    writer = _Writer(Source.KEEP)
    started = timezone.now()
    paths = [projects_path] + ([partners_path] if partners_path else [])
    with transaction.atomic():
        table = _open(projects_path, KEEP_PROJECT_REQUIRED)
        batch = []
        for line, cells in table.rows:
            writer.result.rows += 1
            project = _keep_project_row(writer, line, cells, table.columns)
            if project and not writer.errors:
                batch.append(project)
            if len(batch) >= BATCH:
                _write_keep_projects(writer, batch)
                batch = []
                if progress:
                    progress(table.done(), table.total)
        if batch and not writer.errors:
            _write_keep_projects(writer, batch)
        if partners_path:
            table = _open(partners_path, KEEP_PARTNER_REQUIRED)
            batch = []
            for line, cells in table.rows:
                writer.result.rows += 1
                partner = _keep_partner_row(writer, line, cells, table.columns)
                if partner and not writer.errors:
                    batch.append(partner)
                if len(batch) >= BATCH:
                    _write_keep_partners(writer, batch)
                    batch = []
                    if progress:
                        progress(table.done(), table.total)
            if batch and not writer.errors:
                _write_keep_partners(writer, batch)
        _finish(writer, paths, started, actor)
    return writer.result


def _keep_id(programme: str, acronym: str) -> str:
    return f"{programme}|{acronym}"[:400]


def _keep_project_row(writer, line, cells, columns):
    if not any(cell != "" for cell in cells):
        return None
    get = lambda name, limit=1000: _text(cells, columns, name, limit)  # noqa: E731
    programme, acronym = get("Programme", 300), get("Project acronym", 200)
    title = get("Project name in English")
    problems = [
        (column, _("This is required."))
        for column, value in (
            ("Programme", programme),
            ("Project acronym", acronym),
            ("Project name in English", title),
        )
        if not value
    ]
    values = {}
    for name, parse in (
        ("Project start", _date),
        ("Project end", _date),
        ("Project's total budget / expenditure", _amount),
        ("Project's EU funding", _amount),
        ("Union co-financing rate", _rate),
    ):
        try:
            values[name] = parse(cells, columns, name)
        except RowError as error:
            problems.append(error.args)
    for column, problem in problems:
        writer.refuse(line, column, problem)
    if problems:
        return None
    start, end = values["Project start"], values["Project end"]
    if start and end and end < start:
        writer.refuse(line, "Project end", _("The end is before the start."))
        return None
    start_year, last_year = _years(start, end)
    project = _Project(
        source=Source.KEEP,
        source_id=_keep_id(programme, acronym),
        programme_id=writer.programme_id(programme),
        fund="Interreg",
        acronym=acronym,
        title=title,
        period=get("Period", 20),
        start_date=start,
        end_date=end,
        start_year=start_year,
        last_year=last_year,
        total_budget=values["Project's total budget / expenditure"],
        eu_funding=values["Project's EU funding"],
        cofinancing_rate=values["Union co-financing rate"],
    )
    project.digest = _digest(
        *(getattr(project, f) for f in UPDATED_FIELDS[:-1]),
    )
    return project


def _write_keep_projects(writer, batch) -> None:
    _written, changed = writer.upsert_projects(batch)
    if changed:
        # The partners' copies of the project's programme and years follow it.
        project = EUProject.objects.filter(pk=OuterRef("project_id"))
        EUParticipation.objects.filter(project_id__in=changed).update(
            **{
                name: Subquery(project.values(name)[:1])
                for name in ("fund", "programme", "start_year", "last_year")
            }
        )


def _keep_partner_row(writer, line, cells, columns):
    if not any(cell != "" for cell in cells):
        return None
    get = lambda name, limit=1000: _text(cells, columns, name, limit)  # noqa: E731
    programme, acronym = get("Programme", 300), get("Project acronym", 200)
    name = get("Organisation in English", 300) or get("Organisation in language 2", 300)
    lead = get("Lead partner").lower()
    problems = [
        (column, _("This is required."))
        for column, value in (
            ("Programme", programme),
            ("Project acronym", acronym),
            ("Organisation in English", name),
        )
        if not value
    ]
    if lead not in ("yes", "no", "ja", "nej", "true", "false", "1", "0", ""):
        problems.append(("Lead partner", _("Write Yes or No.")))
    for column, problem in problems:
        writer.refuse(line, column, problem)
    if problems:
        return None
    return {
        "line": line,
        "project": _keep_id(programme, acronym),
        "name": name,
        "country": _country(get("Country code")),
        "identifier": (get("Participant Identification Code") or get("Partner's ID if not PIC"))[
            :100
        ],
        "kind": get("Type of Organisation", 100),
        "role": ParticipantRole.LEAD
        if lead in ("yes", "ja", "true", "1")
        else ParticipantRole.PARTNER,
    }


def _write_keep_partners(writer, batch) -> None:
    projects = {
        values["source_id"]: _Project(pk=values["id"], **values)
        for values in EUProject.objects.filter(
            source=Source.KEEP, source_id__in={row["project"] for row in batch}
        ).values("id", "source_id", "fund", "programme_id", "start_year", "last_year")
    }
    for row in batch:
        if row["project"] not in projects:
            writer.refuse(
                row["line"],
                "Project acronym",
                _("No project “%(acronym)s” in %(programme)s in the projects file.")
                % dict(zip(("programme", "acronym"), row["project"].split("|", 1), strict=True)),
            )
    if writer.errors:
        return
    wanted = {}
    for row in batch:
        key = (writer.normalised(row["name"]), row["country"])
        wanted.setdefault(
            key, {"name": row["name"], "identifier": row["identifier"], "kind": row["kind"]}
        )
    writer.organisation_ids(wanted)
    rows = {}
    for row in batch:  # a partner named twice in a project: the last row wins
        key = (
            projects[row["project"]].pk,
            writer.organisations[(writer.normalised(row["name"]), row["country"])],
        )
        rows[key] = row
    stored = {
        (project_id, organisation_id): (pk, role)
        for pk, project_id, organisation_id, role in EUParticipation.objects.filter(
            project_id__in={key[0] for key in rows}
        ).values_list("pk", "project_id", "organisation_id", "role")
    }
    new, changed = [], []
    tally = writer.result.participations
    for (project_id, organisation_id), row in rows.items():
        pk, role = stored.get((project_id, organisation_id), (None, None))
        if pk is None:
            new.append(
                _participation(
                    projects[row["project"]], organisation_id, row["role"], row["country"]
                )
            )
            tally.added += 1
        elif role != row["role"]:
            changed.append(EUParticipation(pk=pk, role=row["role"]))
            tally.updated += 1
        else:
            tally.unchanged += 1
    _insert_participations(new)
    EUParticipation.objects.bulk_update(changed, ["role"])


# --- both ---------------------------------------------------------------------------------


def _open(path, required):
    try:
        return open_table(path, required)
    except FileRefused as refused:
        raise ImportRefused(refused.errors) from None
    except OSError as error:
        raise ImportRefused(
            [_("The file %(file)s could not be opened.") % {"file": path}]
        ) from error


def _finish(writer: _Writer, paths, started, actor) -> None:
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
