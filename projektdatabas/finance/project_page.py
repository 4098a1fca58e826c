"""What a project's public page shows, read once for the public site and for the staff
preview of it (two interface apps that must not import each other). It is the project with
its money, so it sits here, above the projects app, which finance builds on."""

from django.db.models import OuterRef, Prefetch, Subquery, Sum

from projektdatabas.projects.models import ProjectLink, ProjectPartner

from .models import Funding, FundingSource


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
    fundings = project.fundings.order_by("source")
    return {
        "municipality": municipality,
        "project": project,
        "partnerships": project.partnerships.all(),
        "eu_grant_sek": fundings.filter(source=FundingSource.EU_GRANT).total_sek(),
        "cofinancing_sek": fundings.municipal().total_sek(),
        "staff_hours": fundings.municipal().aggregate(h=Sum("staff_hours"))["h"],
        "public_links": project.public_links,
    }
