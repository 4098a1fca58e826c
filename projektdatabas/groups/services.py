"""Writes to the groups' records and competence development. Keyword-only, with the acting
user, each checking that they may (the coordinator), in one transaction, with an entry in
the audit trail and, for the records that keep one, their history. Nothing is deleted: a
member leaves by a to date, a follow-up point is marked done."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projektdatabas.accounts.permissions import require
from projektdatabas.core.models import log_action

from .minutes import prepare_minutes
from .models import Attendance, FollowUp, Group, GroupMember, Meeting, Presence, Training
from .permissions import can_manage_groups


def _save(record, *, actor, action: str, municipality_id: int, exclude=()):
    """Checks who may, validates, saves with the history's who and why, and audits."""
    require(can_manage_groups(actor, municipality_id))
    if record.pk is not None:
        # The stored record's municipality, not the one the caller may have put on it.
        stored = type(record).objects.get(pk=record.pk)
        require(can_manage_groups(actor, _municipality_of(stored)))
    created = record.pk is None
    record.full_clean(exclude=list(exclude))
    record._history_user = actor
    record._change_reason = "created" if created else "edited"
    record.save()
    log_action(
        actor=actor, action=f"groups.{action}_{'created' if created else 'changed'}", target=record
    )
    return record


def _municipality_of(record) -> int:
    if isinstance(record, (Group, Training)):
        return record.municipality_id
    if isinstance(record, (GroupMember, Meeting)):
        return record.group.municipality_id
    return record.meeting.group.municipality_id  # a follow-up point


@transaction.atomic
def save_group(*, group: Group, actor) -> Group:
    return _save(group, actor=actor, action="group", municipality_id=group.municipality_id)


@transaction.atomic
def save_member(*, member: GroupMember, actor) -> GroupMember:
    """A member added, or their details or dates changed (a to date ends the membership,
    which stays in the group's history)."""
    return _save(member, actor=actor, action="member", municipality_id=member.group.municipality_id)


@transaction.atomic
def save_meeting(
    *,
    meeting: Meeting,
    actor,
    attendance: dict[int, str] | None = None,
    minutes_upload=None,
    remove_minutes_file: bool = False,
) -> Meeting:
    """The meeting with its attendance ({member id: Presence}; a member left out is not
    recorded) and, optionally, a minutes file (checked: groups/minutes.py)."""
    if meeting.created_by_id is None and meeting.pk is None:
        meeting.created_by = actor
    # Two posts of one meeting at once check for each other one after the other.
    Group.objects.select_for_update().filter(pk=meeting.group_id).only("pk").first()
    stored = Meeting.objects.filter(pk=meeting.pk).values_list("date", "time").first()
    twin = Meeting.objects.filter(group=meeting.group_id, date=meeting.date, time=meeting.time)
    # Checked when the day or time is set, not on every save: two meetings recorded twice
    # before this rule must still take their minutes.
    if stored != (meeting.date, meeting.time) and twin.exclude(pk=meeting.pk).exists():
        # Back and "Spara" again had made the same meeting twice.
        raise ValidationError(
            {
                "date": _(
                    "The group already has a meeting at this date and time. Open it from "
                    "the group's page to change it."
                )
            }
        )
    if remove_minutes_file:
        meeting.minutes_file = None
    if minutes_upload is not None:
        require(can_manage_groups(actor, meeting.group.municipality_id))
        stored = prepare_minutes(minutes_upload)
        stored.save()
        meeting.minutes_file = stored
    meeting = _save(
        meeting, actor=actor, action="meeting", municipality_id=meeting.group.municipality_id
    )
    if attendance:
        _record_attendance(meeting, attendance, actor=actor)
    return meeting


def _record_attendance(meeting: Meeting, attendance: dict[int, str], *, actor) -> None:
    members = {m.pk: m for m in meeting.group.members.filter(pk__in=list(attendance))}
    stored = {a.member_id: a for a in meeting.attendance.all()}
    changed = {}
    for member_id, presence in attendance.items():
        if member_id not in members:
            raise ValidationError(_("Attendance can be recorded for the group's members only."))
        if presence not in Presence.values:
            raise ValidationError(_("Unknown attendance."))
        row = stored.get(member_id) or Attendance(meeting=meeting, member=members[member_id])
        if row.pk is not None and row.presence == presence:
            continue
        row.presence = presence
        row._history_user = actor
        row.save()
        changed[members[member_id].name] = presence
    if changed:
        log_action(actor=actor, action="groups.attendance_recorded", target=meeting, data=changed)


@transaction.atomic
def save_follow_up(*, follow_up: FollowUp, actor) -> FollowUp:
    """A follow-up point, its owner and dates; marking it done is giving its done date."""
    if follow_up.owner_member_id and follow_up.owner_member.group_id != follow_up.meeting.group_id:
        raise ValidationError({"owner_member": _("Choose a member of this group.")})
    return _save(
        follow_up,
        actor=actor,
        action="follow_up",
        municipality_id=follow_up.meeting.group.municipality_id,
    )


@transaction.atomic
def mark_follow_up_done(*, follow_up: FollowUp, actor, done_on: dt.date) -> FollowUp:
    if follow_up.done_on is not None:
        raise ValidationError(_("The follow-up point is already done."))
    follow_up.done_on = done_on
    return _save(
        follow_up,
        actor=actor,
        action="follow_up",
        municipality_id=follow_up.meeting.group.municipality_id,
    )


@transaction.atomic
def save_training(*, training: Training, actor, departments=None) -> Training:
    training = _save(
        training, actor=actor, action="training", municipality_id=training.municipality_id
    )
    if departments is not None:
        training.departments.set(departments)
    return training
