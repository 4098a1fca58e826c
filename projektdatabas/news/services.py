"""Writes to news. Keyword-only, with the acting user, each checking its permission, in
one transaction and leaving an entry in the audit trail. Nothing is deleted: an item is
archived, and restoring it brings it back unpublished (or as a draft if it never was out).

    draft ──publish──▶ published ──unpublish──▶ unpublished ──publish──▶ published
      └──────────── archive (from any) ──▶ archived ──restore──▶ draft / unpublished"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from projektdatabas.accounts.permissions import can_write_news, require
from projektdatabas.core import editing
from projektdatabas.core.models import log_action

from .images import prepare_image
from .models import NewsItem, NewsStatus

LINKS = ("projects", "twinnings", "organisations")


class NewsEditConflict(ValidationError):
    def __init__(self):
        super().__init__(
            _(
                "Someone else saved this news item after you opened it, so your change "
                "has not been saved."
            ),
            code="edit_conflict",
        )


def _may_write(actor, item: NewsItem) -> None:
    require(can_write_news(actor, item.municipality_id))


# Who may (the coordinator and the department representatives), and no silent overwrites
# (core/editing.py), before any write to a stored item.
versioned = editing.versioned("item", check=_may_write, conflict=NewsEditConflict)


def _apply(item: NewsItem, changes: dict[str, Any], *, image, remove_image: bool) -> dict:
    later = {name: changes[name] for name in LINKS if name in changes}
    for name, value in changes.items():
        if name not in LINKS:
            setattr(item, name, value)
    item.slug = slugify(item.title_sv)[:80] or "nyhet"
    if remove_image:
        item.image = None
        item.image_alt_sv = item.image_alt_en = ""
    if image is not None:
        stored = prepare_image(image)
        stored.save()
        item.image = stored
    return later


def _save(item: NewsItem, later: dict, *, actor, reason: str) -> None:
    item._history_user = actor
    item._change_reason = reason
    # The constraints are the database's; clean() puts the one a person can break on
    # its field (an image without its text alternative).
    item.full_clean(exclude=["slug"], validate_constraints=False)
    item.save()
    for name, value in later.items():
        current = set(getattr(item, name).values_list("pk", flat=True))
        if current != {obj.pk for obj in value}:
            getattr(item, name).set(value)


@transaction.atomic
def create_news_item(
    *, actor, municipality, changes: dict[str, Any], image=None, example: bool = False
) -> NewsItem:
    """A draft from the form's fields (title, kind, text, links, the image's text
    alternative) and, optionally, an uploaded image (checked and re-encoded, news/images.py)."""
    require(can_write_news(actor, municipality.pk))
    item = NewsItem(municipality=municipality, created_by=actor, is_example_data=example)
    later = _apply(item, changes, image=image, remove_image=False)
    _save(item, later, actor=actor, reason="created")
    log_action(actor=actor, action="news.created", target=item)
    return item


@versioned
def save_news_item(
    *,
    item: NewsItem,
    actor,
    changes: dict[str, Any],
    image=None,
    remove_image: bool = False,
) -> NewsItem:
    if item.status == NewsStatus.ARCHIVED:
        raise ValidationError(_("An archived news item cannot be changed. Restore it first."))
    later = _apply(item, changes, image=image, remove_image=remove_image)
    _save(item, later, actor=actor, reason="edited")
    log_action(actor=actor, action="news.edited", target=item)
    return item


def _move(item: NewsItem, *, actor, status: str, action: str, **fields) -> NewsItem:
    item.status = status
    for name, value in fields.items():
        setattr(item, name, value)
    item._history_user = actor
    item._change_reason = action
    item.save(update_fields=["status", *fields, "updated_at"])
    log_action(actor=actor, action=f"news.{action}", target=item)
    return item


@versioned
def publish_news_item(*, item: NewsItem, actor) -> NewsItem:
    if item.status == NewsStatus.ARCHIVED:
        raise ValidationError(_("An archived news item cannot be published. Restore it first."))
    if item.status == NewsStatus.PUBLISHED:
        raise ValidationError(_("The news item is already published."))
    if not item.body_sv.strip():
        raise ValidationError(_("A published news item needs a text in Swedish."))
    return _move(
        item,
        actor=actor,
        status=NewsStatus.PUBLISHED,
        action="published",
        published_at=item.published_at or timezone.now(),
    )


@versioned
def unpublish_news_item(*, item: NewsItem, actor) -> NewsItem:
    if item.status != NewsStatus.PUBLISHED:
        raise ValidationError(_("Only a published news item can be unpublished."))
    return _move(item, actor=actor, status=NewsStatus.UNPUBLISHED, action="unpublished")


@versioned
def archive_news_item(*, item: NewsItem, actor) -> NewsItem:
    """Archiving replaces deletion: the item stays, hidden from everyone's lists."""
    if item.status == NewsStatus.ARCHIVED:
        raise ValidationError(_("The news item is already archived."))
    return _move(item, actor=actor, status=NewsStatus.ARCHIVED, action="archived")


@versioned
def restore_news_item(*, item: NewsItem, actor) -> NewsItem:
    """Back out of the archive, but not straight onto the public site: it is published
    again only by someone choosing to."""
    if item.status != NewsStatus.ARCHIVED:
        raise ValidationError(_("The news item is not archived."))
    status = NewsStatus.UNPUBLISHED if item.published_at else NewsStatus.DRAFT
    return _move(item, actor=actor, status=status, action="restored")
