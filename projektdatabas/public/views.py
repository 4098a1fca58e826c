from django.conf import settings
from django.db.models import Sum
from django.shortcuts import get_object_or_404, render

from projektdatabas.finance.models import Funding
from projektdatabas.organisations.models import Municipality
from projektdatabas.projects.models import Project, ProjectPartner


def _site_municipality() -> Municipality:
    return get_object_or_404(Municipality, slug=settings.SITE_MUNICIPALITY_SLUG)


def home(request):
    municipality = _site_municipality()
    projects = Project.objects.for_municipality(municipality).public()
    eu_total = Funding.objects.eu().filter(project__in=projects).aggregate(t=Sum("amount_sek"))["t"]
    countries = (
        ProjectPartner.objects.filter(project__in=projects)
        .values("organisation__country")
        .distinct()
        .count()
    )
    return render(
        request,
        "public/home.html",
        {
            "municipality": municipality,
            "project_count": projects.count(),
            "ongoing_count": projects.current().count(),
            "country_count": countries,
            "eu_total_sek": eu_total or 0,
            "latest_projects": projects.select_related("lead_department").order_by(
                "-first_published_at", "-start_date", "-id"
            )[:6],
            "twinnings": municipality.twinnings.select_related("partner"),
        },
    )
