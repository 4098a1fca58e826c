from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from .models import SiteLogo
from .sites import installation_address


def site_brand(request):
    """The site's uploaded logo and the regional portal's address, for the header and the
    footer; read only when a template asks, and for the municipality the view showed."""

    def logo_url():
        municipality = getattr(request, "_site_municipality", None)
        if municipality is None:
            return ""
        sha = SiteLogo.objects.filter(municipality=municipality).values_list("sha256", flat=True)
        return reverse("public:logo", args=[sha[0][:12]]) if sha else ""

    return {
        "site_logo_url": SimpleLazyObject(logo_url),
        "region_portal_url": SimpleLazyObject(lambda: installation_address("public:region")),
    }
