from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "projektdatabas.core"
    verbose_name = _("Core")

    def ready(self):
        from django.core import checks
        from django.core.signals import request_finished

        from . import logs, versioning
        from .checks import check_translations_compiled

        versioning.connect()
        checks.register(check_translations_compiled, checks.Tags.translation)
        request_finished.connect(logs.forget_request_id, dispatch_uid="core.forget_request_id")
