"""A project's tags (themes, programmes, target groups, the strategy's orientations, EU
strategy dimensions, UN goals) for its page, in one query.

Prefetching the six relations took seven queries, and building them in the ORM was most of an
uncached project page's time (13 ms, of which 0.8 ms in the database, at a million
projects). The tags are reference data, a few dozen rows each, so each worker keeps them
keyed on the content version (core/versioning.py), which any change to them moves, as the
page cache does; a project's page then needs only its ids, from the six link tables at
once."""

import functools

from django.db import connection

from projektdatabas.core import versioning
from projektdatabas.strategy.models import (
    GrowthStrategyDimension,
    Orientation,
    SustainableDevelopmentGoal,
)

from .reference import Programme, TargetGroup, Theme

# The relation's name on Project, and the rows it links to, in their own order.
RELATIONS = {
    "themes": Theme.objects.all(),
    "programmes": Programme.objects.all(),
    "target_groups": TargetGroup.objects.all(),
    "orientations": Orientation.objects.select_related("area"),
    "growth_dimensions": GrowthStrategyDimension.objects.all(),
    "sdgs": SustainableDevelopmentGoal.objects.all(),
}

_kept: tuple[object, dict[str, list]] | None = None


def _reference(*, fresh: bool = False) -> dict[str, list]:
    global _kept
    version = versioning.current()
    if fresh or version is None or _kept is None or _kept[0] != version:
        rows = {name: list(queryset.all()) for name, queryset in RELATIONS.items()}
        if version is None:  # nothing to key it on (a database without its version row)
            return rows
        _kept = (version, rows)
    return _kept[1]


@functools.cache
def _ids_sql(vendor: str) -> str:
    from .models import Project

    quote = connection.ops.quote_name
    parts = []
    for number, name in enumerate(RELATIONS):
        field = Project._meta.get_field(name)
        table = field.remote_field.through._meta.db_table
        parts.append(
            f"SELECT {number}, {quote(field.m2m_reverse_name())} FROM {quote(table)} "  # noqa: S608
            f"WHERE {quote(field.m2m_column_name())} = %s"
        )
    return " UNION ALL ".join(parts)


def tags_statement(pk: int) -> tuple[str, list]:
    """The statement giving a project's tag ids, for fetch_batch() (core/prepared.py)."""
    return _ids_sql(connection.vendor), [pk] * len(RELATIONS)


def tags_from(rows: list[tuple]) -> dict[str, list]:
    """{relation: [tag, ...]} from tags_statement()'s rows, each list in its model's order."""
    names = list(RELATIONS)
    linked = {name: set() for name in names}
    for number, pk in rows:
        linked[names[number]].add(pk)
    reference = _reference()
    if any(linked[name] - {tag.pk for tag in reference[name]} for name in names):
        # A tag made since this worker last read the version (CONTENT_VERSION_TTL).
        reference = _reference(fresh=True)
    return {name: [tag for tag in reference[name] if tag.pk in linked[name]] for name in names}
