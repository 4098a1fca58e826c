from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from projektdatabas.public import iati
from projektdatabas.public.open_data_views import catalogue
from projektdatabas.staff.views.auth import admin_sign_in

urlpatterns = [
    # One sign-in for everyone, with its throttling and second factor; the admin's own
    # login form would bypass both.
    path("admin/login/", admin_sign_in),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # The public API, versioned in its address and the same in every language.
    path("api/", include("projektdatabas.api.urls")),
    # The DCAT-AP-SE catalogue, where Sveriges dataportal looks by default, in every language.
    re_path(r"^datasets/dcat(?:\.(?P<suffix>rdf|ttl|jsonld))?$", catalogue, name="dcat_catalogue"),
    # One file in both languages (narratives carry xml:lang), so outside i18n_patterns.
    path("iati/activities.xml", iati.activities, name="iati_activities"),
]
# Swedish at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("intern/", include("projektdatabas.staff.urls")),
    path("", include("projektdatabas.public.urls")),
    prefix_default_language=False,
)
if settings.OIDC_ENABLED:
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))

admin.site.site_header = "Projektdatabasen – administration"
admin.site.site_title = "Projektdatabasen"

# In the visitor's language and the site's design (public/errors.py).
handler400 = "projektdatabas.public.errors.bad_request"
handler403 = "projektdatabas.public.errors.permission_denied"
handler404 = "projektdatabas.public.errors.page_not_found"
handler500 = "projektdatabas.public.errors.server_error"
