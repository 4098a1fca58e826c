"""What a project's public page shows, read once for the public site and for the staff
preview of it (two interface apps that must not import each other). It is the project with
its money, so it sits here, above the projects app, which finance builds on."""

import functools
from decimal import Decimal

from django.db import connection
from django.db.models import OuterRef, Prefetch, Subquery, Sum

from projektdatabas.organisations.models import Organisation
from projektdatabas.projects.models import ProjectLink, ProjectPartner
from projektdatabas.projects.tags import project_tags

from .models import MUNICIPAL_SOURCES, Funding, FundingSource


def with_public_relations(projects):
    eu_grant = (
        Funding.objects.filter(project=OuterRef("pk"), source=FundingSource.EU_GRANT)
        .order_by()
        .values("project")
        .annotate(total=Sum("amount_sek"))
        .values("total")
    )
    return (
        projects.select_related("lead_department")
        .annotate(eu_grant_sek=Subquery(eu_grant))
        .prefetch_related(
            "themes",
            "programmes",
            "target_groups",
            "orientations__area",
            "growth_dimensions",
            "sdgs",
            Prefetch("partnerships", ProjectPartner.objects.select_related("organisation")),
            Prefetch("links", ProjectLink.objects.filter(is_public=True), to_attr="public_links"),
        )
    )


def project_page_context(project, *, municipality) -> dict:
    """What the public project page shows; the staff preview renders the same.

    Four queries for the tags, partners, links and money, where twelve were: an uncached
    page cost 13 ms of CPU at a million projects, under 1 ms of it in the database and most
    of the rest in building queries (cProfile, bench/README.md). The tags come in one
    (projects/tags.py); the partners in one statement built once; the money as its few
    rows, summed here."""
    eu_grant, cofinancing, hours = Decimal("0"), Decimal("0"), None
    lines = Funding.objects.filter(project_id=project.pk).order_by()
    for source, amount_sek, staff_hours in lines.values_list("source", "amount_sek", "staff_hours"):
        if source == FundingSource.EU_GRANT:
            eu_grant += amount_sek or 0
        elif source in MUNICIPAL_SOURCES:
            cofinancing += amount_sek or 0
            if staff_hours is not None:
                hours = (hours or 0) + staff_hours
    return {
        "municipality": municipality,
        "project": project,
        "tags": project_tags(project),
        "partnerships": partnerships(project),
        "eu_grant_sek": eu_grant,
        "cofinancing_sek": cofinancing,
        "staff_hours": hours,
        "public_links": list(ProjectLink.objects.filter(project_id=project.pk, is_public=True)),
    }


@functools.cache
def _partnerships_sql(vendor: str) -> tuple[str, list, list]:
    """The partners with their organisations, in their model's order; and the two models'
    fields, in the order of the columns."""
    quote = connection.ops.quote_name
    partner, organisation = ProjectPartner._meta, Organisation._meta
    columns = [f"pp.{quote(f.column)}" for f in partner.concrete_fields]
    columns += [f"o.{quote(f.column)}" for f in organisation.concrete_fields]
    sql = (
        f"SELECT {', '.join(columns)} FROM {quote(partner.db_table)} pp "  # noqa: S608
        f"JOIN {quote(organisation.db_table)} o ON o.id = pp.organisation_id "
        "WHERE pp.project_id = %s ORDER BY pp.role, o.name, pp.id"
    )
    return sql, list(partner.concrete_fields), list(organisation.concrete_fields)


def _objects(model, fields, values):
    """A model instance from raw column values, converted as the ORM converts them (SQLite
    gives booleans as 0 and 1, for one)."""
    converted = []
    for field, value in zip(fields, values, strict=True):
        column = field.get_col(model._meta.db_table)
        for convert in connection.ops.get_db_converters(column) + field.get_db_converters(
            connection
        ):
            value = convert(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, [f.attname for f in fields], converted)


def partnerships(project) -> list[ProjectPartner]:
    """project.partnerships.select_related("organisation"), without the ORM's cost of
    building that query (1.5 of the page's 9 ms; 0.1 ms this way)."""
    sql, partner_fields, organisation_fields = _partnerships_sql(connection.vendor)
    found = []
    with connection.cursor() as cursor:
        cursor.execute(sql, [project.pk])
        for row in cursor.fetchall():
            partnership = _objects(ProjectPartner, partner_fields, row[: len(partner_fields)])
            partnership.organisation = _objects(
                Organisation, organisation_fields, row[len(partner_fields) :]
            )
            found.append(partnership)
    return found
