from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EUProjectsConfig(AppConfig):
    name = "projektdatabas.euprojects"
    verbose_name = _("EU project reference data")
