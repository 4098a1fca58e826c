"""Statistics of the international work at a glance. Each table is (heading, columns,
rows); the pages draw a chart from it and offer the same numbers as CSV. The public
version is computed from public projects only."""

from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from projektdatabas.finance.models import FundingSource, Receipt
from projektdatabas.organisations.models import TwinningEvent
from projektdatabas.projects.models import Project, ProjectPartner


@dataclass
class Table:
    slug: str
    title: str
    columns: list[str]
    rows: list[list]


def _sek(value) -> int:
    return int(round(value or 0))


def receipts_per_year(receipts):
    """Payments summed per calendar year (`year`, `sek`, `projects`), oldest first: the
    statistics pages and the semi-annual report count EU money per year the same way."""
    return (
        receipts.annotate(year=ExtractYear("received_on"))
        .values("year")
        .annotate(sek=Sum("amount_sek"), projects=Count("project", distinct=True))
        .order_by("year")
    )


def eu_money_per_year(projects) -> Table:
    rows = receipts_per_year(
        Receipt.objects.filter(project__in=projects, source=FundingSource.EU_GRANT)
    )
    return Table(
        "eu-per-ar",
        str(_("EU money received per year")),
        [str(_("Year")), str(_("SEK")), str(_("Projects"))],
        [[r["year"], _sek(r["sek"]), r["projects"]] for r in rows],
    )


def eu_money_by(projects, field: str, slug: str, title, column) -> Table:
    rows = (
        Receipt.objects.filter(project__in=projects, source=FundingSource.EU_GRANT)
        .values(field)
        .annotate(sek=Sum("amount_sek"))
        .order_by("-sek")
    )
    return Table(
        slug,
        str(title),
        [str(column), str(_("SEK"))],
        [[r[field] or "–", _sek(r["sek"])] for r in rows],
    )


def projects_per(projects, relation: str, slug: str, title, column) -> Table:
    rows = (
        projects.values(relation)
        .annotate(n=Count("id", distinct=True))
        .exclude(**{f"{relation}__isnull": True})
        .order_by("-n")
    )
    return Table(
        slug, str(title), [str(column), str(_("Projects"))], [[r[relation], r["n"]] for r in rows]
    )


def partners_per_country(projects) -> Table:
    from django_countries import countries

    rows = (
        ProjectPartner.objects.filter(project__in=projects)
        .values("organisation__country")
        .annotate(n=Count("organisation", distinct=True))
        .order_by("-n")
    )
    return Table(
        "partner-per-land",
        str(_("Partner organisations per country")),
        [str(_("Country")), str(_("Partners"))],
        [[str(countries.name(r["organisation__country"])), r["n"]] for r in rows],
    )


def twin_town_exchanges_over_time(municipality, projects) -> Table:
    rows = {}
    for twinning in municipality.twinnings.select_related("partner"):
        for project in projects.filter(partnerships__organisation=twinning.partner).exclude(
            start_date__isnull=True
        ):
            key = (project.start_date.year, twinning.partner.name)
            rows[key] = rows.get(key, 0) + 1
    events = TwinningEvent.objects.filter(twinning__municipality=municipality)
    for event in events.select_related("twinning__partner"):
        key = (event.date.year, event.twinning.partner.name)
        rows.setdefault(key, 0)
    return Table(
        "vanortsutbyten",
        str(_("Twin-town exchanges per year")),
        [str(_("Year")), str(_("Twin town")), str(_("Exchanges"))],
        [[year, name, n] for (year, name), n in sorted(rows.items())],
    )


def statistics(municipality, *, public: bool) -> list[Table]:
    projects = Project.objects.for_municipality(municipality)
    projects = projects.public() if public else projects.filter(archived_at__isnull=True)
    tables = [
        eu_money_per_year(projects),
        eu_money_by(
            projects,
            "project__lead_department__name",
            "eu-per-forvaltning",
            _("EU money received per department"),
            _("Department"),
        ),
        eu_money_by(
            projects,
            "programme__name",
            "eu-per-program",
            _("EU money received per programme"),
            _("Programme"),
        ),
        projects_per(
            projects, "themes__name_sv", "projekt-per-tema", _("Projects per theme"), _("Theme")
        ),
        projects_per(
            projects,
            "orientations__name_sv",
            "projekt-per-inriktning",
            _("Projects per orientation"),
            _("Orientation"),
        ),
        partners_per_country(projects),
        twin_town_exchanges_over_time(municipality, projects),
    ]
    return tables
