"""Who works in the project database and in which role.

Roles are memberships rather than Django groups: a role is always held *for* something
(a municipality, a department, a committee), and permission checks need that scope."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projektdatabas.organisations.models import Committee, Department, Municipality, Region


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("international coordinator")
    DEPARTMENT_REP = "department_rep", _("department representative")
    COMMITTEE_SECRETARY = "committee_secretary", _("committee secretary")
    READER = "reader", _("reader (management group, board)")
    ADMINISTRATOR = "administrator", _("administrator")
    # Held for a region, not a municipality: reads every municipality of the region and
    # makes the regional report (accounts/permissions.py).
    REGIONAL_COORDINATOR = "regional_coordinator", _("regional coordinator")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(user__is_active=True)

    def coordinators(self, municipality):
        return self.active().filter(municipality=municipality, role=Role.COORDINATOR)

    def representatives(self, department):
        return self.active().filter(department=department, role=Role.DEPARTMENT_REP)

    def secretaries(self, committee):
        return self.active().filter(committee=committee, role=Role.COMMITTEE_SECRETARY)

    def recipients(self) -> list[str]:
        """E-mail addresses of these members, once each, leaving out those without one."""
        return sorted(set(self.exclude(user__email="").values_list("user__email", flat=True)))


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Every role but the regional coordinator's."),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Only for regional coordinators."),
    )
    role = models.CharField(_("role"), max_length=25, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Only for department representatives."),
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Only for committee secretaries."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["municipality", "role", "user__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=Role.values),
                name="membership_role_valid",
                violation_error_message=_("Unknown role."),
            ),
            # A representative always represents a department, a secretary a committee,
            # and nobody else carries either: the permission checks rely on it.
            models.CheckConstraint(
                condition=(Q(role=Role.DEPARTMENT_REP) & Q(department__isnull=False))
                | (~Q(role=Role.DEPARTMENT_REP) & Q(department__isnull=True)),
                name="membership_department_for_reps",
                violation_error_message=_(
                    "A department representative needs a department; other roles have none."
                ),
            ),
            # The regional coordinator's role is held for a region and nothing else; every
            # other role for a municipality (the scoping of every staff page relies on it).
            models.CheckConstraint(
                condition=(
                    Q(role=Role.REGIONAL_COORDINATOR)
                    & Q(region__isnull=False)
                    & Q(municipality__isnull=True)
                )
                | (
                    ~Q(role=Role.REGIONAL_COORDINATOR)
                    & Q(region__isnull=True)
                    & Q(municipality__isnull=False)
                ),
                name="membership_region_for_regional_coordinators",
                violation_error_message=_(
                    "A regional coordinator's role is held for a region; every other role for "
                    "a municipality."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(role=Role.COMMITTEE_SECRETARY) & Q(committee__isnull=False))
                | (~Q(role=Role.COMMITTEE_SECRETARY) & Q(committee__isnull=True)),
                name="membership_committee_for_secretaries",
                violation_error_message=_(
                    "A committee secretary needs a committee; other roles have none."
                ),
            ),
            # Each role once per scope (three partial constraints: SQLite cannot treat
            # NULLs as equal in one).
            models.UniqueConstraint(
                fields=["user", "municipality", "role"],
                condition=Q(department__isnull=True, committee__isnull=True),
                name="membership_once_per_municipality",
                violation_error_message=_("The user already has this role."),
            ),
            models.UniqueConstraint(
                fields=["user", "department"],
                condition=Q(department__isnull=False),
                name="membership_once_per_department",
                violation_error_message=_("The user already represents this department."),
            ),
            models.UniqueConstraint(
                fields=["user", "committee"],
                condition=Q(committee__isnull=False),
                name="membership_once_per_committee",
                violation_error_message=_("The user is already secretary of this committee."),
            ),
            models.UniqueConstraint(
                fields=["user", "region"],
                condition=Q(region__isnull=False),
                name="membership_once_per_region",
                violation_error_message=_("The user is already the region's coordinator."),
            ),
        ]

    def __str__(self) -> str:
        scope = self.department or self.committee or self.municipality or self.region
        return f"{self.user} – {self.get_role_display()} ({scope})"


class ExternalIdentity(models.Model):
    """A sign-in identity from the organisation's identity provider (OpenID Connect).

    Matched on the provider's stable subject (Entra ID's `oid`, else `sub`), never on
    e-mail: addresses change and can be reassigned to someone else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="external_identities",
    )
    subject = models.CharField(_("subject identifier"), max_length=255, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")

    def __str__(self) -> str:
        return f"{self.user} ({self.subject})"


class SignInCounter(models.Model):
    """Sign-in attempts counted against a limit (see throttle.py): those from one client
    address with any user name (`username` empty), or with one user name from that address.

    In the database rather than a per-process cache so that every server worker sees the
    same count. A row means nothing 15 minutes after its last attempt and is purged soon
    after, so the table stays small."""

    address = models.CharField(_("address"), max_length=64)
    username = models.CharField(_("user name"), max_length=150, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_at = models.DateTimeField(_("last attempt"), db_index=True)  # the purge's filter

    class Meta:
        verbose_name = _("sign-in counter")
        verbose_name_plural = _("sign-in counters")
        constraints = [
            # One counter per key, so that its conditional UPDATE is the one place that
            # counts (and the lookup of every attempt uses this index).
            models.UniqueConstraint(
                fields=["address", "username"], name="signincounter_one_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.username or '*'} @ {self.address}: {self.attempts}"


class PendingSubmissionQuerySet(models.QuerySet):
    def fresh(self):
        return self.filter(created_at__gte=timezone.now() - PendingSubmission.KEPT_FOR)


class PendingSubmission(models.Model):
    """A staff form that arrived after its sender's session had expired, kept so that it
    can be completed once the same person has signed in again (accounts/pending.py).

    The token is random and lives only in the session of the browser that sent the form;
    the user is the one whose session expired, so nobody else can complete it. A row is
    deleted when it is completed, or after an hour."""

    # The sign-in page comes straight after the failed save, so an hour is ample; a form
    # left longer is more likely someone else's at a shared computer than its owner's.
    KEPT_FOR = dt.timedelta(hours=1)

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    path = models.CharField(_("address"), max_length=2000)
    # {"name": ["value", ...]}: every value of every field, as the form sent them.
    data = models.JSONField(_("form data"))
    had_files = models.BooleanField(_("had attached files"), default=False)
    created_at = models.DateTimeField(_("kept at"), db_index=True)  # the purge's filter

    objects = PendingSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("kept form submission")
        verbose_name_plural = _("kept form submissions")

    def __str__(self) -> str:
        return f"{self.user} {self.path} {self.created_at:%Y-%m-%d %H:%M}"
