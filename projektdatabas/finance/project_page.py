"""What a project's public page shows, read once for the public site and for the staff
preview of it (two interface apps that must not import each other). It is the project with
its money, so it sits here, above the projects app, which finance builds on."""

import functools
from decimal import Decimal

from django.db import connection, connections
from django.db.models import OuterRef, Prefetch, Subquery, Sum

from projektdatabas.core.prepared import fetch_batch
from projektdatabas.organisations.models import Organisation
from projektdatabas.projects.models import Project, ProjectLink, ProjectPartner
from projektdatabas.projects.tags import tags_from, tags_statement

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
    """What the public project page shows; the staff preview renders the same."""
    return _context(project, municipality, fetch_batch(_page_statements(project.pk)))


def public_project_page(pk: int, *, municipality) -> dict | None:
    """project_page_context() for the public project `pk` of the municipality, or None.

    The project's own row and the page's four other reads go to the database together
    (one round trip on PostgreSQL, core/prepared.py): the four need only the id the address
    gives. Where there is no such public project, their rows are dropped unread."""
    low, high = connection.ops.integer_field_range(Project._meta.pk.get_internal_type())
    if not low <= pk <= high:  # as the ORM: no such row, rather than the driver's error
        return None
    rows = fetch_batch([_bound("project", municipality.pk, pk), *_page_statements(pk)])
    found = _instances("project", rows[0])
    return _context(found[0], municipality, rows[1:]) if found else None


def _page_statements(pk: int) -> list[tuple[str, list]]:
    """Four statements where twelve queries were: an uncached page cost 13 ms of CPU at a
    million projects, under 1 ms of it in the database and most of the rest in building
    queries (cProfile, bench/README.md). The tags come in one (projects/tags.py); the
    partners in one statement built once; the links and the money (its few rows, summed
    here) in queries compiled once (_QUERIES)."""
    return [
        _bound("money", pk),
        tags_statement(pk),
        (_partnerships_sql(connection.vendor)[0], [pk]),
        _bound("links", pk),
    ]


def _context(project, municipality, rows: list[list[tuple]]) -> dict:
    money, tags, partners, links = rows
    eu_grant, cofinancing, hours = Decimal("0"), Decimal("0"), None
    for line in _instances("money", money):
        if line.source == FundingSource.EU_GRANT:
            eu_grant += line.amount_sek or 0
        elif line.source in MUNICIPAL_SOURCES:
            cofinancing += line.amount_sek or 0
            if line.staff_hours is not None:
                hours = (hours or 0) + line.staff_hours
    return {
        "municipality": municipality,
        "project": project,
        "tags": tags_from(tags),
        "partnerships": _partnerships_from(partners),
        "eu_grant_sek": eu_grant,
        "cofinancing_sek": cofinancing,
        "staff_hours": hours,
        "public_links": _instances("links", links),
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
    wrapper = connections[connection.alias]  # this thread's, as the converters are
    names, steps = _converters(wrapper, model, tuple(fields))
    converted = list(values)
    for i, column, converters in steps:
        for convert in converters:
            converted[i] = convert(converted[i], column, wrapper)
    return model.from_db(connection.alias, names, converted)


@functools.cache
def _converters(wrapper, model, fields: tuple) -> tuple[list, list]:
    """The fields' attribute names, and for each column that needs converting its converters:
    looking them up for every column of every row was a tenth of the page."""
    steps = []
    for i, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        converters = wrapper.ops.get_db_converters(column) + field.get_db_converters(wrapper)
        if converters:
            steps.append((i, column, converters))
    return [f.attname for f in fields], steps


# Stand-ins for a query's values while it is compiled; each must come out as one parameter.
_PLACEHOLDERS = (-1_000_000_001, -1_000_000_002)

# The page's queries, each built with the ORM from placeholders. Building a query took
# longer than running it (the project's own: 1.1 of 1.3 ms; the page at a million
# projects, bench/README.md), so each is compiled once per worker and database vendor and
# then run with the request's values; the rules stay the managers' (public()).
_QUERIES = {
    "project": lambda municipality, pk: (
        Project.objects.for_municipality(municipality)
        .public()
        .select_related("lead_department")
        .filter(pk=pk)
    ),
    "links": lambda project: ProjectLink.objects.filter(project_id=project, is_public=True),
    "money": lambda project: Funding.objects.filter(project_id=project).only(
        "source", "amount_sek", "staff_hours"
    ),
}


@functools.cache
def _compiled(name: str, vendor: str) -> tuple:
    """(SQL, where each value goes among its parameters, [(model, its fields, the field
    it hangs from or None), ...] in the order of the columns)."""
    build = _QUERIES[name]
    queryset = build(*_PLACEHOLDERS[: build.__code__.co_argcount])
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    places = [params.index(value) for value in _PLACEHOLDERS if value in params]
    infos = [compiler.klass_info, *compiler.klass_info.get("related_klass_infos", [])]
    selected = [i for info in infos for i in info["select_fields"]]
    if sorted(places) != list(range(len(params))) or selected != list(range(len(selected))):
        # Another parameter, or columns in another order: a change to the rule or the ORM.
        raise RuntimeError(f"The query {name!r} took another shape: {sql} {params}")
    parts = [
        (
            info["model"],
            [compiler.select[i][0].target for i in info["select_fields"]],
            info.get("field"),
        )
        for info in infos
    ]
    return sql, places, parts


def _bound(name: str, *values) -> tuple[str, list]:
    """The compiled query's statement with the request's values in their places."""
    sql, places, _parts = _compiled(name, connection.vendor)
    params = [None] * len(places)
    for place, value in zip(places, values, strict=True):
        params[place] = value
    return sql, params


def _instances(name: str, rows: list[tuple]) -> list:
    """The query's model instances (with what it selects related attached), from its rows."""
    _sql, _places, parts = _compiled(name, connection.vendor)
    found = []
    for row in rows:
        start, instances = 0, []
        for model, fields, _field in parts:
            instances.append(_objects(model, fields, row[start : start + len(fields)]))
            start += len(fields)
        for instance, (_model, _fields, field) in zip(instances[1:], parts[1:], strict=True):
            # A missing row of a nullable relation comes as a row of NULLs.
            field.set_cached_value(instances[0], instance if instance.pk is not None else None)
        found.append(instances[0])
    return found


def _partnerships_from(rows: list[tuple]) -> list[ProjectPartner]:
    """project.partnerships.select_related("organisation") from _partnerships_sql()'s rows,
    without the ORM's cost of building that query (1.5 of the page's 9 ms; 0.1 ms this way)."""
    _sql, partner_fields, organisation_fields = _partnerships_sql(connection.vendor)
    found = []
    for row in rows:
        partnership = _objects(ProjectPartner, partner_fields, row[: len(partner_fields)])
        partnership.organisation = _objects(
            Organisation, organisation_fields, row[len(partner_fields) :]
        )
        found.append(partnership)
    return found
