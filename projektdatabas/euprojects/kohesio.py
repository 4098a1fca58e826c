"""Importing Kohesio's operations: one a row, its beneficiaries in `Beneficiary_Name` ("|"
between several), each in the operation's country."""

from django.db import transaction
from django.utils import timezone

from . import cells as cells_
from .importing import Progress, finish, open_source, read_in_batches
from .models import EUParticipation, ParticipantRole, Source
from .writer import (
    Project,
    Result,
    Writer,
    insert_participations,
    participation_row,
)

REQUIRED = ("Operation_Unique_Identifier", "Operation_Name_English", "Beneficiary_Name")
FIGURES = cells_.Figures(
    start="Operation_Start_Date",
    end="Operation_End_Date",
    total="Total_Eligible_Expenditure_amount",
    eu="Project_EU_Budget",
    rate="Cofinancing_Rate",
)


def import_kohesio(*, paths: list[str], actor=None, progress: Progress = None) -> Result:
    """Kohesio's per-country project files (CSV or XLSX)."""
    writer = Writer(Source.KOHESIO)
    started = timezone.now()
    with transaction.atomic():
        for path in paths:
            read_in_batches(writer, open_source(path, REQUIRED), _row, _write, progress)
        finish(writer, paths, started, actor)
    return writer.result


def _row(writer, line, cells, columns):
    get = cells_.reader(cells, columns)
    if get is None:
        return None
    source_id = get("Operation_Unique_Identifier", 400)
    local = get("Operation_Name_Programme_Language")
    title = get("Operation_Name_English") or local
    names = [n.strip() for n in get("Beneficiary_Name", 5000).split("|") if n.strip()]
    problems = cells_.required(
        (
            ("Operation_Unique_Identifier", source_id),
            ("Operation_Name_English", title),
            ("Beneficiary_Name", names),
        )
    )
    values = FIGURES.read(cells, columns, problems)
    if writer.refuse_all(line, problems):
        return None
    country = cells_.country(get("CountryCode"))
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
    project = Project(
        source=Source.KOHESIO,
        source_id=source_id,
        programme_id=writer.programme_id(programme_name, get("Programme_Code", 50)),
        fund=fund,
        title=title,
        title_local=local if local != title else "",
        themes=themes,
        period=get("Programming_Period", 20),
        **cells_.period_and_money(values),
        country=country,
        nuts=nuts,
    )
    identifiers = get("Beneficiary_Local_Identifier", 2000).split("|")
    beneficiaries = [
        (name[:300], identifiers[i].strip()[:100] if len(identifiers) == len(names) else "")
        for i, name in enumerate(names)
    ]
    project.seal(*beneficiaries)
    return project, beneficiaries


def _write(writer: Writer, batch) -> None:
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
                    participation_row(
                        project, organisation_id, ParticipantRole.BENEFICIARY, project.country
                    )
                )
    insert_participations(participations)
    for participation in participations:
        if participation[0] in changed:
            tally.updated += 1
        else:
            tally.added += 1
