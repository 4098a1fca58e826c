"""The search's change log: which projects' public search data changed, in commit order,
so that each worker patches its search index (search_patch.py) instead of building it
again from a million rows whenever the content version moves.

A row is written in the same transaction as the change, after moving the content version,
and carries the counter the version moved to. Writers serialise on the version's row, so
counters follow commit order, and a worker that reads version V sees every row up to V.
Logged: a project's own save or delete (publish, archive, text, columns), its tags (m2m)
and partners, an organisation's change of country (its projects' `land`), and the
projects of a deleted tag (the database removes the links without signals). Writes in
bulk that bypass signals must call log_everything(), as a restore does.
"""

import contextlib
import datetime

from django.db import DatabaseError, connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from projektdatabas.core import versioning
from projektdatabas.organisations.models import Organisation

from .models import (
    Orientation,
    Programme,
    Project,
    ProjectPartner,
    SearchChange,
    TargetGroup,
    Theme,
)

KEEP = datetime.timedelta(days=1)
_COUNTER_SQL = "SELECT counter FROM core_contentversion WHERE id = %s"
TAGS = {
    Project.themes.through: "theme",
    Project.programmes.through: "programme",
    Project.target_groups.through: "targetgroup",
    Project.orientations.through: "orientation",
    ProjectPartner: "organisation",
}


def log(project_ids) -> None:
    """Moves the content version and logs the projects under it, in one transaction."""
    ids = sorted(set(project_ids))
    if not ids:
        return
    with transaction.atomic():
        versioning.bump()  # first: the row lock orders this transaction's counter
        with connection.cursor() as cursor:
            cursor.execute(_COUNTER_SQL, [versioning.VERSION_ID])
            counter = cursor.fetchone()[0]
        now = timezone.now()
        SearchChange.objects.bulk_create(
            SearchChange(counter=counter, project_id=pk, logged_at=now) for pk in ids
        )


def log_everything() -> None:
    """Makes every worker rebuild its index (after writes that bypass signals)."""
    with transaction.atomic():
        versioning.bump()
        with connection.cursor() as cursor:
            cursor.execute(_COUNTER_SQL, [versioning.VERSION_ID])
            counter = cursor.fetchone()[0]
        SearchChange.objects.create(counter=counter, project_id=None, logged_at=timezone.now())


def prune(*, now=None) -> int:
    """Deletes rows older than KEEP, leaving one "everything" row at the highest pruned
    counter: a worker still behind it cannot know what it missed and rebuilds. Run by
    `manage.py prune_search_changes`, which `manage.py daily` runs."""
    cutoff = (now or timezone.now()) - KEEP
    with transaction.atomic():
        old = SearchChange.objects.filter(logged_at__lt=cutoff)
        last = old.order_by("-counter").values_list("counter", flat=True).first()
        if last is None:
            return 0
        deleted, _ = SearchChange.objects.filter(counter__lte=last).delete()
        SearchChange.objects.create(counter=last, project_id=None, logged_at=cutoff)
    return deleted


def since(counter: int, limit: int) -> list | None:
    """The project ids logged after `counter` (at most `limit`), or None when the worker
    must rebuild: more than `limit` rows, or an "everything" row."""
    rows = list(
        SearchChange.objects.filter(counter__gt=counter)
        .order_by("counter")
        .values_list("project_id", flat=True)[: limit + 1]
    )
    if len(rows) > limit or None in rows:
        return None
    return sorted(set(rows))


# --- Signals ------------------------------------------------------------------------------


def _project_changed(sender, instance, **kwargs):
    log([instance.pk])


def _link_saved(sender, instance, **kwargs):
    log([instance.project_id])


def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:
        # The tag's projects, before their links go.
        instance._search_cleared = list(
            sender.objects.filter(**{TAGS[sender]: instance}).values_list("project_id", flat=True)
        )
    if not action.startswith("post_"):
        return
    if not reverse:
        log([instance.pk])
    elif action == "post_clear":
        log(getattr(instance, "_search_cleared", []))
    else:
        log(pk_set or [])


def _tag_deleted(sender, instance, **kwargs):
    name = sender._meta.model_name
    through = next(t for t, field in TAGS.items() if field == name)
    log(through.objects.filter(**{name: instance}).values_list("project_id", flat=True))


def _organisation_saving(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        before = Organisation.objects.filter(pk=instance.pk).values_list("country", flat=True)
        instance._search_country = before.first()


def _organisation_saved(sender, instance, created, **kwargs):
    before = getattr(instance, "_search_country", None)
    if not created and before is not None and before != instance.country:
        log(
            ProjectPartner.objects.filter(organisation=instance).values_list(
                "project_id", flat=True
            )
        )


def _restored(sender, **kwargs):
    # A backup from before the log (migration 0017) has no table for it: the servers were
    # stopped for the restore and build their indexes when they start.
    with contextlib.suppress(DatabaseError):
        log_everything()


def connect() -> None:
    post_save.connect(_project_changed, sender=Project, dispatch_uid="search-log-project")
    post_delete.connect(_project_changed, sender=Project, dispatch_uid="search-log-project-del")
    post_save.connect(_link_saved, sender=ProjectPartner, dispatch_uid="search-log-partner")
    post_delete.connect(_link_saved, sender=ProjectPartner, dispatch_uid="search-log-partner-del")
    for through in TAGS:
        m2m_changed.connect(_tags_changed, sender=through, dispatch_uid=f"search-log-{through}")
    for tag in (Theme, Programme, TargetGroup, Orientation):
        pre_delete.connect(_tag_deleted, sender=tag, dispatch_uid=f"search-log-del-{tag}")
    pre_save.connect(_organisation_saving, sender=Organisation, dispatch_uid="search-log-org")
    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="search-log-org2")
    versioning.restored.connect(_restored, dispatch_uid="search-log-restored")
