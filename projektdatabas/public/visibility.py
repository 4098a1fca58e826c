"""Which organisations the public site shows. One rule for the organisation page and the
project search's partner filter, so that the filter never names an organisation whose
own page is a 404."""

from django.db.models import Exists, OuterRef

from projektdatabas.organisations.models import Organisation, Twinning
from projektdatabas.projects.models import Project, ProjectPartner


def public_organisations(municipality):
    """Partners in the municipality's published projects, and its twin towns."""
    projects = Project.objects.for_municipality(municipality).public()
    return Organisation.objects.filter(
        Exists(ProjectPartner.objects.filter(organisation=OuterRef("pk"), project__in=projects))
        | Exists(Twinning.objects.filter(partner=OuterRef("pk"), municipality=municipality))
    )
