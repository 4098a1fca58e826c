from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "projektdatabas.calls"
    verbose_name = _("Funding calls")

    def ready(self):
        from projektdatabas.planning.calendar import add_source

        from .calendar import calendar_events

        add_source(calendar_events)  # its dates in the governance calendar and reminders
