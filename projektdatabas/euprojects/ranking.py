"""Who has worked on this theme, in this country, in this programme: organisations ranked
by how many of the matching projects they were in and how recent those were.

The score is what the page says in words ("12 projekt, varav 5 sedan 2022"): every
matching project counts 1 and one that ran in the last five calendar years
(`imports.RECENT_YEARS`) 1 more; ties go to the latest year, then to the name's order of
arrival. With no filter but fund and country the figures come precomputed from
EUOrganisationStats (an index scan); with words, a programme or years, they are counted
in memory from the participations' arrays the last import stored (figures.py), words
matched by the full-text index; without those arrays, in SQL from the participations."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Max, Sum, Value, When
from django.db.models.expressions import RawSQL

from projektdatabas.projects.fulltext import ParsedQuery

from .figures import current as current_figures
from .imports import recent_since
from .models import PG_SEARCHED_TEXT, EUOrganisation, EUOrganisationStats, EUParticipation
from .words import Terms, terms

_SQLITE_MATCH = "SELECT rowid FROM euprojects_fts WHERE euprojects_fts MATCH %s"
_PG_MATCH = (
    "SELECT id FROM euprojects_euproject "  # noqa: S608 - constants only
    f"WHERE {PG_SEARCHED_TEXT} @@ to_tsquery('simple'::regconfig, %s)"
)


@dataclass(frozen=True)
class Filters:
    words: ParsedQuery = ParsedQuery()
    country: str = ""
    fund: str = ""
    programme_id: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    exact: bool = False  # the words only as written, not their other language's (words.py)

    def terms(self) -> Terms:
        return terms(self.words, exact=self.exact)

    @property
    def needs_counting(self) -> bool:
        """Whether the precomputed figures cannot answer."""
        return bool(self.words or self.programme_id or self.year_from or self.year_to)


@dataclass(frozen=True)
class Ranked:
    organisation: EUOrganisation
    project_count: int
    recent_count: int
    latest_year: int | None
    score: int


def participations(filters: Filters):
    """The participations in matching projects (the organisation's country, not the
    project's: "who in Germany")."""
    found = EUParticipation.objects.all()
    if filters.country:
        found = found.filter(country=filters.country)
    if filters.fund:
        found = found.filter(fund=filters.fund)
    if filters.programme_id:
        found = found.filter(programme_id=filters.programme_id)
    if filters.year_from:
        found = found.filter(last_year__gte=filters.year_from)
    if filters.year_to:
        found = found.filter(start_year__lte=filters.year_to)
    if filters.words:
        if connection.vendor == "postgresql":
            match = RawSQL(_PG_MATCH, [filters.terms().tsquery()])  # noqa: S611
        else:
            match = RawSQL(_SQLITE_MATCH, [filters.terms().fts5()])  # noqa: S611
        found = found.filter(project_id__in=match)
    return found


def rank_organisations(
    filters: Filters, *, limit: int = 25, offset: int = 0, use_figures: bool = True
) -> list[Ranked]:
    """`use_figures=False`: counted in SQL from the participations, the plain definition
    that the precomputed and in-memory figures are tested against."""
    since = recent_since()
    rows = None
    if use_figures and not filters.needs_counting:
        rows = _precomputed(filters, since, limit, offset)
    if rows is None and use_figures:
        figures = current_figures()
        if figures is not None:
            rows = figures.rank(filters, since, limit, offset)
    if rows is None:
        recent = Sum(
            Case(When(last_year__gte=since, then=Value(1)), default=Value(0)),
            output_field=IntegerField(),
        )
        rows = list(
            participations(filters)
            .values("organisation_id")
            .annotate(project_count=Count("id"), recent_count=recent, latest_year=Max("last_year"))
            .annotate(score=F("project_count") + F("recent_count"))
            .order_by("-score", F("latest_year").desc(nulls_last=True), "organisation_id")[
                offset : offset + limit
            ]
        )
    organisations = EUOrganisation.objects.select_related("partner").in_bulk(
        [row["organisation_id"] for row in rows]
    )
    return [
        Ranked(
            organisation=organisations[row["organisation_id"]],
            project_count=row["project_count"],
            recent_count=row["recent_count"],
            latest_year=row["latest_year"],
            score=row["score"],
        )
        for row in rows
    ]


def _precomputed(filters: Filters, since: int, limit: int, offset: int) -> list[dict] | None:
    stats = EUOrganisationStats.objects.filter(fund=filters.fund)
    if filters.country:
        stats = stats.filter(country=filters.country)
    # Computed in another year, "recent" meant other years: count instead, until the next
    # import computes them again. Every row is computed at once, so one row tells.
    if list(EUOrganisationStats.objects.values_list("recent_since", flat=True)[:1]) != [since]:
        return None
    return list(
        stats.order_by("-score", F("latest_year").desc(nulls_last=True), "organisation_id").values(
            "organisation_id", "project_count", "recent_count", "latest_year", "score"
        )[offset : offset + limit]
    )


def projects_of(organisation: EUOrganisation, filters: Filters | None = None):
    """The organisation's participations, newest first, with their projects."""
    found = participations(filters) if filters else EUParticipation.objects.all()
    return (
        found.filter(organisation=organisation)
        .select_related("project", "project__programme")
        .order_by(F("last_year").desc(nulls_last=True), "-project_id")
    )


def projects_of_partner(organisation):
    """The EU projects a partner in our register has been in, through the EU organisations
    a person linked to it."""
    return (
        EUParticipation.objects.filter(organisation__partner=organisation)
        .select_related("project", "project__programme", "organisation")
        .order_by(F("last_year").desc(nulls_last=True), "-project_id")
    )
