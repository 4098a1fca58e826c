"""A project's public page shows its partners, links and tags: changing any of them is a
change to the project, so its `updated_at` moves (shown on its page, and what the feeds
of updated projects sort by)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import Project, ProjectLink, ProjectPartner


def touch_project(project_id) -> None:
    Project.objects.filter(pk=project_id).update(updated_at=timezone.now())


@receiver([post_save, post_delete], sender=ProjectPartner)
@receiver([post_save, post_delete], sender=ProjectLink)
def _child_changed(sender, instance, **kwargs):
    touch_project(instance.project_id)


def _tags_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Project):
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
