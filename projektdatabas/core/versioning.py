"""Bumping and reading the content version (see ContentVersion).

Every save or delete of a model in the domain apps bumps it: coarse, but no public page
can then miss a dependency (a renamed department, a new partner, an edited statement)."""

from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from .models import ContentVersion

# Apps whose data can appear on public pages.
PUBLIC_CONTENT_APPS = {"organisations", "strategy", "projects", "finance", "public"}
VERSION_ID = 1


def bump() -> None:
    updated = ContentVersion.objects.filter(pk=VERSION_ID).update(
        counter=F("counter") + 1, changed_at=timezone.now()
    )
    if not updated:
        ContentVersion.objects.get_or_create(
            pk=VERSION_ID, defaults={"counter": 1, "changed_at": timezone.now()}
        )


def current() -> ContentVersion:
    version = ContentVersion.objects.filter(pk=VERSION_ID).first()
    if version is None:
        with transaction.atomic():
            version, _ = ContentVersion.objects.get_or_create(
                pk=VERSION_ID, defaults={"counter": 0, "changed_at": timezone.now()}
            )
    return version


def _changed(sender, **kwargs) -> None:
    if sender._meta.app_label in PUBLIC_CONTENT_APPS:
        bump()


def _m2m_changed(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        _changed(sender)


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="content-version-save")
    post_delete.connect(_changed, dispatch_uid="content-version-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="content-version-m2m")
