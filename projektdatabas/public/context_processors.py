from django.urls import get_script_prefix, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from projektdatabas.core.kept import kept

from .models import SiteLogo
from .sites import installation_address


def site_brand(request):
    """The site's uploaded logo and the regional portal's address, for the header and the
    footer; read only when a template asks, and for the municipality the view showed."""

    def logo_url():
        municipality = getattr(request, "_site_municipality", None)
        if municipality is None:
            return ""
        # Every page's header asks (as a key of the kept header: public/templatetags/kept.py).
        key = ("site logo", municipality.pk, get_script_prefix(), get_language())
        return kept(key, lambda: _logo_url(municipality))

    return {
        "site_logo_url": SimpleLazyObject(logo_url),
        "region_portal_url": SimpleLazyObject(lambda: installation_address("public:region")),
        # The staff pages are the installation's, not under a neighbour's /kungalv/.
        "staff_sign_in_url": SimpleLazyObject(lambda: installation_address("staff:sign_in")),
    }


def _logo_url(municipality) -> str:
    sha = SiteLogo.objects.filter(municipality=municipality).values_list("sha256", flat=True)
    return reverse("public:logo", args=[sha[0][:12]]) if sha else ""
