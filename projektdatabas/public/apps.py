from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "projektdatabas.public"
    verbose_name = _("Public site")

    def ready(self):
        from django.core import checks

        from .embedding import check_embed_origins

        checks.register(check_embed_origins, checks.Tags.security)
