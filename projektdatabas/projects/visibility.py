"""Which organisations the public may know of. One rule for the organisation page, the API
and the project search's partner filter, so that neither names an organisation whose own
page is a 404. (It lived in public/ until the API needed it too.)"""

from django.db.models import Exists, OuterRef

from projektdatabas.organisations.models import Organisation, Twinning

from .models import Project, ProjectPartner


def public_organisations(municipality, *, municipalities=()):
    """Partners in the municipality's published projects, and its twin towns (or those of
    several municipalities, for a regional search)."""
    municipalities = list(municipalities) or [municipality]
    projects = Project.objects.filter(municipality__in=municipalities).public()
    return Organisation.objects.filter(
        Exists(ProjectPartner.objects.filter(organisation=OuterRef("pk"), project__in=projects))
        | Exists(Twinning.objects.filter(partner=OuterRef("pk"), municipality__in=municipalities))
    )
