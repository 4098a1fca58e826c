"""Writes to EU monitoring. Keyword-only, with the acting user, each checking its
permission, in one transaction and leaving an entry in the audit trail (`eu_item.*`).
Nothing is deleted: an item is closed when handled and archived when it should not have
been registered; every save is in its history.

    open ──close──▶ closed ──reopen──▶ open
      └──── archive (from either) ──▶ archived ──restore──▶ open"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projektdatabas.accounts.models import Membership
from projektdatabas.accounts.permissions import (
    can_answer_concern,
    can_manage_eu_items,
    require,
)
from projektdatabas.core import editing
from projektdatabas.core.models import log_action
from projektdatabas.core.notify import notify

from .models import Concern, EUItem, ItemStatus, normalise_celex

ITEM_FIELDS = (
    "kind",
    "title",
    "celex",
    "link",
    "channel",
    "published_on",
    "adopted_on",
    "applies_from",
    "transposition_deadline",
    "consultation_closes",
    "summary_sv",
)


class EUItemEditConflict(ValidationError):
    def __init__(self):
        super().__init__(
            _(
                "Someone else saved this EU item after you opened it, so your change has not "
                "been saved."
            ),
            code="edit_conflict",
        )


def _may_manage(actor, item: EUItem) -> None:
    require(can_manage_eu_items(actor, item.municipality_id))


# Who may (the coordinator), and no silent overwrites (core/editing.py).
versioned = editing.versioned("item", check=_may_manage, conflict=EUItemEditConflict)


def _save(item: EUItem, *, actor, reason: str) -> None:
    item.celex = normalise_celex(item.celex)
    item._history_user = actor
    item._change_reason = reason
    # Field checks (a CELEX number's shape), on their fields.
    item.full_clean(exclude=["municipality", "created_by"])
    # The constraint is per municipality, which that check leaves out: a number already
    # registered had reached the database and answered with a server error.
    taken = EUItem.objects.filter(municipality_id=item.municipality_id, celex=item.celex)
    if item.celex and taken.exclude(pk=item.pk).exists():
        raise ValidationError(
            {"celex": _("An EU item with this CELEX number is already registered.")}
        )
    item.save()


@transaction.atomic
def create_item(
    *, actor, municipality, changes: dict[str, Any], example: bool = False, feed_guid: str = ""
) -> EUItem:
    require(can_manage_eu_items(actor, municipality.pk))
    item = EUItem(
        municipality=municipality, created_by=actor, is_example_data=example, feed_guid=feed_guid
    )
    for name in ITEM_FIELDS:
        if name in changes:
            setattr(item, name, changes[name])
    _save(item, actor=actor, reason="created")
    log_action(actor=actor, action="eu_item.created", target=item)
    return item


@versioned
def save_item(*, item: EUItem, actor, changes: dict[str, Any]) -> EUItem:
    if item.status == ItemStatus.ARCHIVED:
        raise ValidationError(_("An archived EU item cannot be changed. Restore it first."))
    for name in ITEM_FIELDS:
        if name in changes:
            setattr(item, name, changes[name])
    _save(item, actor=actor, reason="edited")
    log_action(actor=actor, action="eu_item.edited", target=item)
    return item


def _move(item: EUItem, *, actor, status: str, action: str) -> EUItem:
    item.status = status
    item._history_user = actor
    item._change_reason = action
    item.save(update_fields=["status", "updated_at"])
    log_action(actor=actor, action=f"eu_item.{action}", target=item)
    return item


@versioned
def close_item(*, item: EUItem, actor) -> EUItem:
    """Handled: it leaves the calendar, and departments that have not answered are no longer
    reminded."""
    if item.status != ItemStatus.OPEN:
        raise ValidationError(_("Only an open EU item can be closed."))
    return _move(item, actor=actor, status=ItemStatus.CLOSED, action="closed")


@versioned
def reopen_item(*, item: EUItem, actor) -> EUItem:
    if item.status != ItemStatus.CLOSED:
        raise ValidationError(_("Only a closed EU item can be reopened."))
    return _move(item, actor=actor, status=ItemStatus.OPEN, action="reopened")


@versioned
def archive_item(*, item: EUItem, actor) -> EUItem:
    """Archiving replaces deletion: the item stays, out of the lists and the calendar."""
    if item.status == ItemStatus.ARCHIVED:
        raise ValidationError(_("The EU item is already archived."))
    return _move(item, actor=actor, status=ItemStatus.ARCHIVED, action="archived")


@versioned
def restore_item(*, item: EUItem, actor) -> EUItem:
    if item.status != ItemStatus.ARCHIVED:
        raise ValidationError(_("The EU item is not archived."))
    return _move(item, actor=actor, status=ItemStatus.OPEN, action="restored")


@transaction.atomic
def route_item(*, item: EUItem, actor, department, reason: str, answer_due: dt.date) -> Concern:
    """Says that the item concerns a department, why, and by when it answers; its
    representatives are told by e-mail once this is saved."""
    require(can_manage_eu_items(actor, item.municipality_id))
    errors = {}
    if item.status != ItemStatus.OPEN:
        errors["__all__"] = _("Only an open EU item is routed to departments.")
    if department.municipality_id != item.municipality_id or not department.is_active:
        errors["department"] = _("Choose one of the municipality's departments.")
    elif Concern.objects.filter(item=item, department=department).exists():
        errors["department"] = _("The item is already routed to this department.")
    if not (reason or "").strip():
        errors["reason"] = _("Say why the item concerns the department.")
    if answer_due < timezone.localdate():
        errors["answer_due"] = _("The answer date has passed already. Choose a later day.")
    if errors:
        raise ValidationError(errors)
    concern = Concern(
        item=item,
        department=department,
        reason=reason.strip(),
        answer_due=answer_due,
        routed_by=actor,
        routed_at=timezone.now(),
    )
    concern._history_user = actor
    concern._change_reason = "routed"
    concern.save()
    log_action(
        actor=actor,
        action="eu_item.routed",
        target=item,
        data={"department": department.name, "answer_due": answer_due.isoformat()},
    )
    notify(
        recipients=Membership.objects.representatives(department).recipients(),
        subject=_("EU monitoring: does this concern %(department)s? Answer by %(date)s")
        % {"department": department, "date": f"{answer_due:%Y-%m-%d}"},
        template="monitoring/mail/routed.txt",
        context={"item": item, "concern": concern},
    )
    return concern


@transaction.atomic
def answer_concern(
    *, concern: Concern, actor, concerns_us: bool, meaning: str = "", action: str = ""
) -> Concern:
    """The department's answer ("berör oss": ja/nej, what it means, what we do). It may be
    given again: the earlier answer stays in the history. Once answered, the department is
    no longer reminded (the answer date leaves the calendar)."""
    concern = (
        Concern.objects.select_for_update().select_related("item", "department").get(pk=concern.pk)
    )
    require(can_answer_concern(actor, concern))
    if concern.item.status == ItemStatus.ARCHIVED:
        raise ValidationError(_("The EU item is archived; it needs no answer."))
    if concerns_us is None:
        raise ValidationError({"concerns_us": _("Answer yes or no.")})
    if concerns_us and not (meaning or "").strip():
        raise ValidationError(
            {"meaning": _("Say what it means for the department, in a sentence or two.")}
        )
    concern.concerns_us = concerns_us
    concern.meaning = (meaning or "").strip()
    concern.action = (action or "").strip()
    concern.answered_by = actor
    concern.answered_at = timezone.now()
    concern._history_user = actor
    concern._change_reason = "answered"
    concern.save()
    log_action(
        actor=actor,
        action="eu_item.answered",
        target=concern.item,
        data={"department": concern.department.name, "concerns_us": concerns_us},
    )
    return concern
