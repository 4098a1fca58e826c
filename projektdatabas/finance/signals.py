from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from projektdatabas.projects.models import Project
from projektdatabas.projects.signals import touch_project

from .models import Funding, revalue_staff_time


@receiver([post_save, post_delete], sender=Funding)
def _funding_changed(sender, instance, raw=False, **kwargs):
    # The public page shows the EU grant and co-financing. A raw save (loaddata) is not a
    # change: see projects/signals.py.
    if not raw:
        touch_project(instance.project_id)


@receiver(post_save, sender=Project)
def _project_saved(sender, instance, raw=False, created=False, **kwargs):
    # The start year picks the hourly rate that values the project's staff time: a new
    # start date may mean another rate (or none). Every path that saves a project (the
    # staff form, the admin, a script) passes here; a loaded fixture keeps its values.
    if not raw and not created:
        revalue_staff_time(
            Funding.objects.filter(project=instance),
            actor=getattr(instance, "_history_user", None),
        )
