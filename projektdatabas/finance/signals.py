from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from projektdatabas.projects.signals import touch_project

from .models import Funding


@receiver([post_save, post_delete], sender=Funding)
def _funding_changed(sender, instance, raw=False, **kwargs):
    # The public page shows the EU grant and co-financing. A raw save (loaddata) is not a
    # change: see projects/signals.py.
    if not raw:
        touch_project(instance.project_id)
