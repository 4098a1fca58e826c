"""A project's public page shows its partners, links and tags: changing any of them is a
change to the project, so its `updated_at` moves (shown on its page, and what the feeds
of updated projects sort by).

Loading saved data (loaddata, a fixture) is not a change: raw saves leave `updated_at` as
it was saved, or a load would date every project to the moment of the load and reorder
the feeds."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import Project, ProjectLink, ProjectPartner


def touch_project(project_id) -> None:
    Project.objects.filter(pk=project_id).update(updated_at=timezone.now())


@receiver([post_save, post_delete], sender=ProjectPartner)
@receiver([post_save, post_delete], sender=ProjectLink)
def _child_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_project(instance.project_id)


@receiver(post_save, sender=Project)
def _note_raw_save(sender, instance, raw, **kwargs):
    # m2m_changed has no `raw`. Django's deserializer saves a loaded project raw and then
    # sets its tags with .set() on that same instance, so the instance carries the flag
    # over to _tags_changed. Any later ordinary save of the instance clears it.
    instance._saved_raw = raw


def _tags_changed(sender, instance, action, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or not isinstance(instance, Project):
        return
    if not getattr(instance, "_saved_raw", False):
        touch_project(instance.pk)


for _field in (
    "themes",
    "programmes",
    "target_groups",
    "orientations",
    "growth_dimensions",
    "sdgs",
):
    m2m_changed.connect(
        _tags_changed,
        sender=getattr(Project, _field).through,
        dispatch_uid=f"project-{_field}-touch",
    )
