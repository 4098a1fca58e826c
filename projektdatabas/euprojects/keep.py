"""Importing keep.eu's export: the projects sheet, then its partners sheet, which names
each partner's project by programme and acronym (the export has no id column: that pair is
the project's id). Fund "Interreg"; a partner is added and never removed."""

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from . import cells as cells_
from .importing import Progress, finish, open_source, read_in_batches
from .models import EUParticipation, EUProject, ParticipantRole, Source
from .writer import (
    Project,
    Result,
    Writer,
    insert_participations,
    participation_row,
)

PROJECT_REQUIRED = ("Programme", "Project acronym", "Project name in English")
PARTNER_REQUIRED = ("Programme", "Project acronym", "Organisation in English", "Lead partner")
CONTRIBUTION = "ERDF contribution (2014-2020 only)"
FIGURES = cells_.Figures(
    start="Project start",
    end="Project end",
    total="Project's total budget / expenditure",
    eu="Project's EU funding",
    rate="Union co-financing rate",
)


def import_keep(
    *,
    projects_path: str,
    partners_path: str | None = None,
    actor=None,
    progress: Progress = None,
) -> Result:
    """keep.eu's XLSX (or CSV) export."""
    writer = Writer(Source.KEEP)
    started = timezone.now()
    paths = [projects_path] + ([partners_path] if partners_path else [])
    with transaction.atomic():
        table = open_source(projects_path, PROJECT_REQUIRED)
        read_in_batches(writer, table, _project_row, _write_projects, progress)
        if partners_path:
            table = open_source(partners_path, PARTNER_REQUIRED)
            read_in_batches(writer, table, _partner_row, _write_partners, progress)
        finish(writer, paths, started, actor)
    return writer.result


def _id(programme: str, acronym: str) -> str:
    return f"{programme}|{acronym}"[:400]


def _project_row(writer, line, cells, columns):
    get = cells_.reader(cells, columns)
    if get is None:
        return None
    programme, acronym = get("Programme", 300), get("Project acronym", 200)
    title = get("Project name in English")
    problems = cells_.required(
        (("Programme", programme), ("Project acronym", acronym), ("Project name in English", title))
    )
    values = FIGURES.read(cells, columns, problems)
    if writer.refuse_all(line, problems):
        return None
    project = Project(
        source=Source.KEEP,
        source_id=_id(programme, acronym),
        programme_id=writer.programme_id(programme),
        fund="Interreg",
        acronym=acronym,
        title=title,
        period=get("Period", 20),
        **cells_.period_and_money(values),
    )
    project.seal()
    return project


def _write_projects(writer, batch) -> None:
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


def _partner_row(writer, line, cells, columns):
    get = cells_.reader(cells, columns)
    if get is None:
        return None
    programme, acronym = get("Programme", 300), get("Project acronym", 200)
    name = get("Organisation in English", 300) or get("Organisation in language 2", 300)
    lead = get("Lead partner").lower()
    problems = cells_.required(
        (("Programme", programme), ("Project acronym", acronym), ("Organisation in English", name))
    )
    if lead not in ("yes", "no", "ja", "nej", "true", "false", "1", "0", ""):
        problems.append(("Lead partner", _("Write Yes or No.")))
    try:
        contribution = cells_.amount(cells, columns, CONTRIBUTION)
    except cells_.RowError as error:
        problems.append(error.args)
    if writer.refuse_all(line, problems):
        return None
    return {
        "line": line,
        "project": _id(programme, acronym),
        "name": name,
        "country": cells_.country(get("Country code")),
        "identifier": (get("Participant Identification Code") or get("Partner's ID if not PIC"))[
            :100
        ],
        "kind": get("Type of Organisation", 100),
        "role": ParticipantRole.LEAD
        if lead in ("yes", "ja", "true", "1")
        else ParticipantRole.PARTNER,
        "contribution": contribution,
    }


def _write_partners(writer, batch) -> None:
    projects = {
        values["source_id"]: Project(pk=values["id"], **values)
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
        (project_id, organisation_id): (pk, (role, contribution))
        for pk, project_id, organisation_id, role, contribution in EUParticipation.objects.filter(
            project_id__in={key[0] for key in rows}
        ).values_list("pk", "project_id", "organisation_id", "role", "eu_contribution")
    }
    new, changed = [], []
    tally = writer.result.participations
    for (project_id, organisation_id), row in rows.items():
        pk, was = stored.get((project_id, organisation_id), (None, None))
        if pk is None:
            project = projects[row["project"]]
            new.append(
                participation_row(
                    project, organisation_id, row["role"], row["country"], row["contribution"]
                )
            )
            tally.added += 1
        elif was != (row["role"], row["contribution"]):
            changed.append(
                EUParticipation(pk=pk, role=row["role"], eu_contribution=row["contribution"])
            )
            tally.updated += 1
        else:
            tally.unchanged += 1
    insert_participations(new)
    EUParticipation.objects.bulk_update(changed, ["role", "eu_contribution"])
