"""The strategy's two groups as data, and the competence development they answer for.

The ledningsgrupp ("develops, prepares and follows up the international work") and the
samordningsgrupp (one representative per department: information, exchange of experience,
training) are groups with members; a member's from and to dates keep who sat when. Meetings
have an agenda, minutes (text or a file), attendance and follow-up points with an owner and a
date. Trainings, study visits and conferences are registered and counted for the report.

Minutes, meetings and memberships are public records: nothing here is deleted (a member
leaves by a to date), and the records that change keep their history."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projektdatabas.organisations.models import Department, Municipality
from projektdatabas.projects.models import PublicRecordDeletion
from projektdatabas.strategy.models import Orientation


class GroupKind(models.TextChoices):
    MANAGEMENT = "management", _("management group")
    COORDINATION = "coordination", _("coordination group")
    OTHER = "other", _("other group")


class NeverDeleted(models.QuerySet):
    def delete(self):
        raise PublicRecordDeletion(_("The groups' records are never deleted."))


class NeverDeletedModel(models.Model):
    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise PublicRecordDeletion(_("The groups' records are never deleted."))


class GroupQuerySet(NeverDeleted):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)


class Group(NeverDeletedModel):
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=200)
    remit = models.TextField(
        _("remit"), blank=True, help_text=_("What the group does, in the strategy's words.")
    )
    is_example_data = models.BooleanField(_("example data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = GroupQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=GroupKind.values), name="group_kind_valid"),
            # The strategy has one of each: the report goes to "the" management group.
            models.UniqueConstraint(
                fields=["municipality", "kind"],
                condition=~Q(kind="other"),
                name="group_one_management_and_coordination",
                violation_error_message=_(
                    "The municipality already has a group of this kind. Edit that one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_coordination_group(self) -> bool:
        return self.kind == GroupKind.COORDINATION

    def departments_without_member(self, on: dt.date | None = None):
        """The municipality's active departments (not their units) with nobody in the group:
        the samordningsgrupp has one representative per department."""
        on = on or dt.date.today()
        # Members for no department left out: a NULL in a NOT IN list matches nothing.
        represented = (
            self.members.current(on).filter(department__isnull=False).values("department_id")
        )
        return Department.objects.filter(
            municipality_id=self.municipality_id, is_active=True, parent__isnull=True
        ).exclude(pk__in=represented)


class MemberQuerySet(NeverDeleted):
    def current(self, on: dt.date | None = None):
        """Members on a day (today): joined by then and not yet left."""
        on = on or dt.date.today()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on), starts_on__lte=on)

    def former(self, on: dt.date | None = None):
        return self.filter(ends_on__lt=on or dt.date.today())

    def of_user(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()


class GroupMember(NeverDeletedModel):
    """A person in a group: their name and role as the group knows them, and their work
    address. Linking a user account lets them read the group's meetings in the staff pages."""

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="members"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role or title"), max_length=200, help_text=_("For example: municipal commissioner.")
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="group_memberships",
        help_text=_("Lets the member read the group's meetings in the staff pages."),
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The department the member represents (the coordination group)."),
    )
    starts_on = models.DateField(_("member from"))
    ends_on = models.DateField(
        _("member until"), null=True, blank=True, help_text=_("Empty while they are a member.")
    )
    is_example_data = models.BooleanField(_("example data"), default=False)

    objects = MemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="group_member_ends_after_start",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"

    @property
    def address(self) -> str:
        """Where to write to them: their own address, else their account's."""
        return self.email or (self.user.email if self.user_id else "")

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A membership cannot end before it starts.")})
        if (
            self.department_id
            and self.group_id
            and self.department.municipality_id != self.group.municipality_id
        ):
            raise ValidationError({"department": _("Choose a department of the municipality.")})


class MinutesFile(models.Model):
    """An uploaded minutes file after groups/minutes.py has checked it (PDF, DOCX or ODT, at
    most MAX_BYTES). Kept in the database like the news pictures, so the backups, which copy
    the database alone, keep it too; never changed once stored (a new upload is a new row)."""

    data = models.BinaryField(_("file data"))
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("checksum"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("minutes file")
        verbose_name_plural = _("minutes files")

    def __str__(self) -> str:
        return self.name

    def delete(self, *args, **kwargs):
        raise PublicRecordDeletion(_("The groups' records are never deleted."))


class MeetingQuerySet(NeverDeleted):
    def visible_to_groups(self, groups):
        return self.filter(group__in=groups)


class Meeting(NeverDeletedModel):
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes_text = models.TextField(
        _("minutes"), blank=True, help_text=_("Write the minutes here, or upload them as a file.")
    )
    minutes_file = models.ForeignKey(
        MinutesFile,
        verbose_name=_("minutes file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_example_data = models.BooleanField(_("example data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-time", "-pk"]
        indexes = [models.Index(fields=["group", "-date"], name="group_meeting_date_idx")]

    def __str__(self) -> str:
        return f"{self.group}, {self.date:%Y-%m-%d}"


class Presence(models.TextChoices):
    PRESENT = "present", _("present")
    ABSENT_WITH_NOTICE = "absent_with_notice", _("absent with notice")
    ABSENT = "absent", _("absent")


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="attendance"
    )
    member = models.ForeignKey(
        GroupMember, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    presence = models.CharField(_("attendance"), max_length=20, choices=Presence.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["member__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once"),
            models.CheckConstraint(
                condition=Q(presence__in=Presence.values), name="attendance_presence_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.name}: {self.get_presence_display()}"


class FollowUpQuerySet(NeverDeleted):
    def open(self):
        return self.filter(done_on__isnull=True)

    def owned_by(self, user):
        """Owned by the user themself, or by a group member linked to their account."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(owner_user=user) | Q(owner_member__user=user))


class FollowUp(NeverDeletedModel):
    """Something a meeting asked someone to do by a date: owned by a member of the group or
    by another member of staff (a user account)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    text = models.TextField(_("what is to be done"))
    owner_member = models.ForeignKey(
        GroupMember,
        verbose_name=_("owner (a member)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner (a member of staff)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    is_example_data = models.BooleanField(_("example data"), default=False)

    objects = FollowUpQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up point")
        verbose_name_plural = _("follow-up points")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_member__isnull=True) ^ Q(owner_user__isnull=True),
                name="follow_up_has_one_owner",
                violation_error_message=_("Choose one owner: a member or a member of staff."),
            ),
        ]
        indexes = [
            # The staff start page's and the calendar's question: what is still open.
            models.Index(fields=["due_on"], name="follow_up_open_idx", condition=Q(done_on=None))
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def owner_name(self) -> str:
        if self.owner_member_id:
            return self.owner_member.name
        if self.owner_user_id:
            return self.owner_user.get_full_name() or self.owner_user.username
        return ""

    @property
    def overdue(self) -> bool:
        return self.done_on is None and self.due_on < dt.date.today()

    @property
    def owner_address(self) -> str:
        if self.owner_member_id:
            return self.owner_member.address
        return self.owner_user.email if self.owner_user_id else ""

    def clean(self) -> None:
        if bool(self.owner_member_id) == bool(self.owner_user_id):
            # On the owner field, as the form says it: once, beside the field and in the
            # error summary, not a second time as the whole form's error.
            raise ValidationError(
                {"owner_member": _("Choose one owner: a member or a member of staff.")}
            )
        meeting = self.meeting if self.meeting_id else None
        stored = type(self).objects.filter(pk=self.pk).values_list("due_on", flat=True).first()
        # When the date is set: a point saved earlier with an earlier date can still be done.
        if meeting and self.due_on and self.due_on != stored and self.due_on < meeting.date:
            # Asked for at a meeting, it cannot be due before it: it was late at once.
            raise ValidationError(
                {
                    "due_on": _("The due date cannot be before the meeting, %(date)s.")
                    % {"date": meeting.date.isoformat()}
                }
            )


class TrainingKind(models.TextChoices):
    TRAINING = "training", _("training")
    STUDY_VISIT = "study_visit", _("study visit")
    CONFERENCE = "conference", _("conference")


class TrainingQuerySet(NeverDeleted):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def held_between(self, start: dt.date, end: dt.date):
        """Counted in the period it began in, so a conference over New Year counts once."""
        return self.filter(starts_on__range=(start, end))

    def totals(self) -> dict:
        return self.aggregate(
            events=Count("pk"),
            staff=Sum("staff_count", default=0),
            elected=Sum("elected_count", default=0),
            cost=Sum("cost_sek", default=0),
        )


class Training(NeverDeletedModel):
    """A training, study visit or conference for staff and elected members (the
    orientation "utveckla den internationella kompetensen hos förtroendevalda och personal")."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=TrainingKind.choices)
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("Only if it lasts more than one day.")
    )
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    cost_sek = models.DecimalField(
        _("cost (SEK)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Fees, travel and accommodation, in kronor."),
    )
    staff_count = models.PositiveIntegerField(_("staff taking part"), default=0)
    elected_count = models.PositiveIntegerField(_("elected members taking part"), default=0)
    participants = models.TextField(
        _("who took part"),
        blank=True,
        help_text=_("Names or departments, if you wish. Not shown in the report."),
    )
    departments = models.ManyToManyField(
        Department, verbose_name=_("departments"), blank=True, related_name="+"
    )
    orientation = models.ForeignKey(
        Orientation,
        verbose_name=_("orientation of the strategy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_example_data = models.BooleanField(_("example data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = TrainingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("competence development")
        verbose_name_plural = _("competence development")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=TrainingKind.values), name="training_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="training_ends_after_start",
                violation_error_message=_("The last day cannot be before the first."),
            ),
            models.CheckConstraint(
                condition=Q(cost_sek__gte=0),
                name="training_cost_not_negative",
                violation_error_message=_("A cost cannot be negative."),
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "starts_on"], name="training_period_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def people(self) -> int:
        return self.staff_count + self.elected_count

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first.")})
