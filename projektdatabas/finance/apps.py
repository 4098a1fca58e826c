from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "projektdatabas.finance"
    verbose_name = _("Money")

    def ready(self):
        from . import signals  # noqa: F401
