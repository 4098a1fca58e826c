from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projektdatabas.projects"
    verbose_name = _("Projects and exchanges")

    def ready(self):
        from . import search_log, signals  # noqa: F401

        search_log.connect()
