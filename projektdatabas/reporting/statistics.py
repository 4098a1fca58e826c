"""Statistics of the international work at a glance: the key figures of definitions.py and
tables. Each table is (heading, columns, rows, what it counts); the pages draw a chart from
it and offer the same numbers as CSV. The public version is computed from public projects
only, and leaves out the municipality's own accounts (the annual allocations)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from projektdatabas.core.i18n import localized, shown_language
from projektdatabas.organisations.models import TwinningEvent
from projektdatabas.projects.models import BEGAN_ON, Project, ProjectPartner

from .definitions import ALLOCATIONS, EU_PER_YEAR, OVERVIEW, Definition, Scope, whole


@dataclass
class Table:
    slug: str
    title: str
    columns: list[str]
    rows: list[list]
    explanation: str = ""
    chart: bool = True  # one label, one value a row: a bar chart can show it
    # The language of the rows' labels where they are names kept only in Swedish (the
    # departments, programmes, themes and orientations), marked as such on English pages.
    label_language: str = ""
    # Or each row's own, where the names have translations that may be missing (themes).
    label_languages: list[str] | None = None

    @property
    def labelled_rows(self) -> list[tuple[str, list]]:
        """Each row with the language of its label."""
        languages = self.label_languages or [self.label_language] * len(self.rows)
        return list(zip(languages, self.rows, strict=True))

    @property
    def headings(self) -> list[tuple[str, bool]]:
        """Each column's heading, and whether the column holds numbers (to be right-aligned);
        never the first, which names the row (a year there is a label)."""
        return [
            (column, i > 0 and all(isinstance(row[i], int | Decimal) for row in self.rows))
            for i, column in enumerate(self.columns)
        ]


def key_figures(scope: Scope) -> list[tuple[Definition, int]]:
    return [(d, d.value(scope)) for d in OVERVIEW]


def key_figures_table(figures: list[tuple[Definition, int]]) -> Table:
    """The key figures as a table, for their CSV."""
    return Table(
        "nyckeltal",
        str(_("Key figures")),
        [str(_("Figure")), str(_("Value"))],
        [[str(d.label), value] for d, value in figures],
        chart=False,
    )


def eu_money_per_year(scope: Scope) -> Table:
    rows = EU_PER_YEAR.value(scope)
    return Table(
        "eu-per-ar",
        str(EU_PER_YEAR.label),
        [str(_("Year")), str(_("SEK")), str(_("Projects"))],
        [[r["year"], whole(r["sek"]), r["projects"]] for r in rows],
        str(EU_PER_YEAR.explanation),
    )


def eu_money_by(scope: Scope, field: str, slug: str, title, column) -> Table:
    rows = scope.eu_receipts.values(field).annotate(sek=Sum("amount_sek")).order_by("-sek")
    return Table(
        slug,
        str(title),
        [str(column), str(_("SEK"))],
        [[r[field] or "–", whole(r["sek"])] for r in rows],
        str(_("Payments of EU grants received, whenever they came.")),
        label_language="sv",
    )


def projects_per(scope: Scope, relation: str, slug: str, title, column) -> Table:
    """Projects per theme or orientation, each named in the page's language where it has a
    name in it (as the project list's filters name them), else in Swedish."""
    counts = (
        scope.projects.values(relation)
        .annotate(n=Count("id", distinct=True))
        .exclude(**{f"{relation}__isnull": True})
    )
    model = Project._meta.get_field(relation).related_model
    named = model.objects.in_bulk([r[relation] for r in counts])
    rows = sorted(
        (
            (
                -r["n"],
                localized(named[r[relation]], "name"),
                shown_language(named[r[relation]], "name"),
            )
            for r in counts
        ),
    )
    return Table(
        slug,
        str(title),
        [str(column), str(_("Projects"))],
        [[name, -negative] for negative, name, _language in rows],
        str(_("Projects of any status; a project with several counts under each of them.")),
        label_languages=[language for _n, _name, language in rows],
    )


def partners_per_country(scope: Scope) -> Table:
    from django_countries import countries

    rows = (
        ProjectPartner.objects.filter(project__in=scope.projects)
        .values("organisation__country")
        .annotate(n=Count("organisation", distinct=True))
        .order_by("-n")
    )
    return Table(
        "partner-per-land",
        str(_("Partner organisations per country")),
        [str(_("Country")), str(_("Partners"))],
        [[str(countries.name(r["organisation__country"])), r["n"]] for r in rows],
        str(_("Partner organisations of projects of any status, each counted once.")),
    )


def twin_town_exchanges_over_time(scope: Scope) -> Table:
    """Exchanges begun per year and twin town (the year of the day they were started in the
    system, else of their planned start), with a row for each year with a twin-town event
    even if no exchange began then. An exchange with neither date is counted under "year
    not given", last, so that the rows add up to the headline figure on the same page."""
    rows = {}
    municipality = scope.municipality
    started = scope.projects.started().annotate(year_began=ExtractYear(BEGAN_ON))
    for twinning in municipality.twinnings.select_related("partner"):
        exchanges = started.filter(partnerships__organisation=twinning.partner)
        for year in exchanges.values_list("year_began", flat=True):
            key = (year, twinning.partner.name)
            rows[key] = rows.get(key, 0) + 1
    events = TwinningEvent.objects.filter(twinning__municipality=municipality)
    for event in events.select_related("twinning__partner"):
        key = (event.date.year, event.twinning.partner.name)
        rows.setdefault(key, 0)
    return Table(
        "vanortsutbyten",
        str(_("Projects with twin towns per year")),
        [str(_("Year")), str(_("Twin town")), str(_("Projects"))],
        [
            [str(_("year not given")) if year is None else year, name, n]
            for (year, name), n in sorted(
                rows.items(), key=lambda row: (row[0][0] is None, row[0][0] or 0, row[0][1])
            )
        ],
        str(
            _(
                "Ongoing and completed projects with a twin town as a partner, by the year they "
                "began; years with an event in the twin town's timeline are shown too."
            )
        ),
        chart=False,
    )


def allocations(scope: Scope) -> Table:
    return Table(
        "anslag",
        str(ALLOCATIONS.label),
        [
            str(_("Year")),
            str(_("Purpose")),
            str(_("Set aside (SEK)")),
            str(_("Spent (SEK)")),
            str(_("Remaining (SEK)")),
        ],
        [
            [r["year"], r["purpose"], r["set"], r["spent"], r["remaining"]]
            for r in ALLOCATIONS.value(scope)
        ],
        str(ALLOCATIONS.explanation),
        chart=False,
    )


def statistics(municipality, *, public: bool) -> list[Table]:
    scope = Scope(municipality, public=public)
    tables = [
        eu_money_per_year(scope),
        eu_money_by(
            scope,
            "project__lead_department__name",
            "eu-per-forvaltning",
            _("EU money received per department"),
            _("Department"),
        ),
        eu_money_by(
            scope,
            "programme__name",
            "eu-per-program",
            _("EU money received per programme"),
            _("Programme"),
        ),
        projects_per(scope, "themes", "projekt-per-tema", _("Projects per theme"), _("Theme")),
        projects_per(
            scope,
            "orientations",
            "projekt-per-inriktning",
            _("Projects per orientation"),
            _("Orientation"),
        ),
        partners_per_country(scope),
        twin_town_exchanges_over_time(scope),
    ]
    if not public:
        tables.append(allocations(scope))
    return tables
