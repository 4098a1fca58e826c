"""Writes to staff accounts and their roles: keyword-only, with the acting administrator,
each in one transaction, checking its permission itself (a refusal is a PermissionDenied
with the reason) and leaving an entry in the audit trail."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projektdatabas.core.models import log_action

from .models import Membership
from .permissions import can_give_membership, can_manage_user, can_manage_users, require


@transaction.atomic
def create_user(*, account, actor):
    """A new local account (its password already set and checked by the form); its roles
    are given next, with save_user."""
    require(can_manage_users(actor))
    if account.pk is not None:
        raise ValidationError(_("The account already exists."))
    account.full_clean(exclude=["password"])
    account.save()
    log_action(actor=actor, action="user.created", target=account)
    return account


@transaction.atomic
def save_user(
    *,
    account,
    roles: list[Membership] = (),
    withdrawn: list[Membership] = (),
    actor,
):
    """The account's name and address, the roles given or changed (`roles`, unsaved or
    changed memberships) and the roles taken away (`withdrawn`). Each role is checked
    against the administrator's own municipalities, both as it was and as it becomes."""
    require(can_manage_user(actor, account))
    stored = {m.pk: m for m in Membership.objects.filter(user=account)}
    for membership in [*roles, *withdrawn]:
        if membership.user_id != account.pk:
            raise ValidationError(_("A role of another account cannot be changed here."))
        require(can_give_membership(actor, membership))
        if membership.pk in stored:
            require(can_give_membership(actor, stored[membership.pk]))
    account.full_clean(exclude=["password"])
    account.save()
    for membership in withdrawn:
        membership.delete()
    for membership in roles:
        membership.full_clean()
        membership.save()
    log_action(
        actor=actor,
        action="user.changed",
        target=account,
        data={
            "roles": [str(m) for m in roles],
            "withdrawn": [str(m) for m in withdrawn],
        },
    )
    return account


@transaction.atomic
def deactivate_user(*, account, actor):
    """The account can no longer sign in; its roles and its history stay."""
    require(can_manage_user(actor, account))
    if account.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if not account.is_active:
        raise ValidationError(_("The account is already deactivated."))
    account.is_active = False
    account.save(update_fields=["is_active"])
    log_action(actor=actor, action="user.deactivated", target=account)
    return account


@transaction.atomic
def reactivate_user(*, account, actor):
    require(can_manage_user(actor, account))
    if account.is_active:
        raise ValidationError(_("The account is already active."))
    account.is_active = True
    account.save(update_fields=["is_active"])
    log_action(actor=actor, action="user.reactivated", target=account)
    return account
