from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "projektdatabas.reporting"
    verbose_name = _("Semi-annual reports")

    def ready(self):
        from . import signals  # noqa: F401
