"""Who may see and keep the groups' records, returning (allowed, reason) like
accounts/permissions.py, whose helpers these use. Here rather than there because reading a
group's meetings depends on being its member, which only this app knows.

The coordinator keeps everything; readers (the management group's accounts) read it all;
a member whose account is linked to a group reads that group's meetings and the
competence development (the coordination group answers for training)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from projektdatabas.accounts.models import Role
from projektdatabas.accounts.permissions import (
    ALLOWED,
    Verdict,
    has_role,
    memberships,
    regional_municipality_ids,
    regional_reader_refusal,
)

from .models import Group, GroupMember


def overseen_municipality_ids(user) -> set[int]:
    """Where the user reads every group: coordinators and readers, and a regional coordinator
    in every municipality of the region (reading only: can_manage_groups refuses changes)."""
    own = {
        m.municipality_id for m in memberships(user) if m.role in (Role.COORDINATOR, Role.READER)
    }
    return own | regional_municipality_ids(user)


def member_group_ids(user) -> set[int]:
    if not memberships(user):
        return set()  # an account without a role has no staff pages at all
    if not hasattr(user, "_pd_group_ids"):
        user._pd_group_ids = set(
            GroupMember.objects.of_user(user).current().values_list("group_id", flat=True)
        )
    return user._pd_group_ids


def groups_for(user):
    """The groups the user may read."""
    return Group.objects.filter(
        Q(municipality_id__in=overseen_municipality_ids(user)) | Q(pk__in=member_group_ids(user))
    )


def can_view_groups(user) -> Verdict:
    if overseen_municipality_ids(user) or member_group_ids(user):
        return ALLOWED
    return Verdict(
        False, _("The groups' pages are for the coordinator, readers and the groups' members.")
    )


def can_view_group(user, group) -> Verdict:
    if group.municipality_id in overseen_municipality_ids(user):
        return ALLOWED
    if group.pk in member_group_ids(user):
        return ALLOWED
    return Verdict(False, _("Only the group's members, the coordinator and readers see it."))


def can_manage_groups(user, municipality_id=None) -> Verdict:
    """Groups, members, meetings, follow-ups and trainings: the coordinator writes."""
    if has_role(user, Role.COORDINATOR, municipality_id):
        return ALLOWED
    if has_role(user, Role.READER, municipality_id) or member_group_ids(user):
        return Verdict(False, _("Your role lets you read the groups' records but not change them."))
    if (refusal := regional_reader_refusal(user, municipality_id)) is not None:
        return refusal
    return Verdict(False, _("Only the coordinator keeps the groups' records."))


def training_municipality_ids(user) -> set[int]:
    ids = overseen_municipality_ids(user)
    if member_group_ids(user):
        ids |= set(
            Group.objects.filter(pk__in=member_group_ids(user)).values_list(
                "municipality_id", flat=True
            )
        )
    return ids


def can_view_trainings(user) -> Verdict:
    if training_municipality_ids(user):
        return ALLOWED
    return Verdict(
        False,
        _("Competence development is for the coordinator, readers and the groups' members."),
    )
