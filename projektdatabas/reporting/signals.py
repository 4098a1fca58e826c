"""Every change to what the start page's figures read recounts the project it belongs to
(reporting/tallies.py), in the same transaction. Loaded fixtures (raw saves) too: they
change what the public sees."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from projektdatabas.finance.models import Funding, Receipt
from projektdatabas.projects.models import Project, ProjectPartner

from . import tallies

# Rows that belong to a project; moving one to another project changes both.
_PARTS = (Funding, Receipt, ProjectPartner)


@receiver([post_save, post_delete], sender=Project)
def _project_changed(sender, instance, **kwargs):
    tallies.recount(instance.pk)


def _note_project(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        # all_objects where there is one: a voided receipt still belongs to its project.
        manager = getattr(sender, "all_objects", sender._base_manager)
        instance._counted_project_id = (
            manager.filter(pk=instance.pk).values_list("project_id", flat=True).first()
        )


def _part_changed(sender, instance, **kwargs):
    tallies.recount(instance.project_id)
    before = getattr(instance, "_counted_project_id", None)
    if before is not None and before != instance.project_id:
        tallies.recount(before)


for _model in _PARTS:
    pre_save.connect(_note_project, sender=_model, dispatch_uid=f"tally-note-{_model.__name__}")
    post_save.connect(_part_changed, sender=_model, dispatch_uid=f"tally-save-{_model.__name__}")
    post_delete.connect(
        _part_changed, sender=_model, dispatch_uid=f"tally-delete-{_model.__name__}"
    )


@receiver(m2m_changed, sender=ProjectPartner)
def _partners_set(sender, instance, action, reverse, pk_set, **kwargs):
    # project.partners.add()/.set() write the through rows without saving them one by one.
    if action in ("post_add", "post_remove", "post_clear"):
        for project_id in (pk_set or ()) if reverse else (instance.pk,):
            tallies.recount(project_id)
