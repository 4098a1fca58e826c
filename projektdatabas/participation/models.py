"""Residents' interest in a project or exchange open to them ("Anmäl intresse": host
families, participants, associations). Personal data given with consent for one purpose:
seen only by staff who may see the project's internal fields, never on public pages,
feeds or exports, and removed after the time the privacy notice gives (retention.py,
the daily command purge_interest).

No django-simple-history here, unlike the public records: a history table would keep a
copy of every name and address after the registration itself has been removed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projektdatabas.projects.models import InterestKind, Project

from .retention import removal_cutoffs


class RegistrationStatus(models.TextChoices):
    NEW = "new", _("new")
    HANDLED = "handled", _("handled")


class InterestRegistrationQuerySet(models.QuerySet):
    def for_projects(self, projects):
        return self.filter(project__in=projects)

    def unhandled(self):
        return self.filter(status=RegistrationStatus.NEW)

    def newest_first(self):
        return self.order_by("-created_at", "-id")

    def past_retention(self, today):
        """Those the privacy notice says are no longer kept on `today`."""
        ended_before, registered_before = removal_cutoffs(today)
        return self.alias(ended=Coalesce("project__completed_on", "project__end_date")).filter(
            Q(ended__lt=ended_before) | Q(created_at__date__lt=registered_before)
        )


class InterestRegistration(models.Model):
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="interest_registrations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    kinds = models.JSONField(_("concerns"), default=list)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    # Which wording of the consent text (consent.py) the resident ticked.
    consent_version = models.CharField(_("consent text version"), max_length=20)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.NEW,
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_example_data = models.BooleanField(_("example data"), default=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)

    objects = InterestRegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("interest registration")
        verbose_name_plural = _("interest registrations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values),
                name="interest_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status=RegistrationStatus.NEW, handled_at__isnull=True)
                | Q(status=RegistrationStatus.HANDLED, handled_at__isnull=False),
                name="interest_handled_has_date",
            ),
            # Someone must be reachable: that is what the registration is for.
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""),
                name="interest_has_contact",
            ),
        ]
        indexes = [
            # The staff start page's panel: a project's new registrations, newest first.
            models.Index(fields=["project", "status", "-created_at"], name="interest_project_idx"),
            # The daily removal by age.
            models.Index(fields=["created_at"], name="interest_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.project} ({self.created_at:%Y-%m-%d})"

    def get_kinds_display(self) -> list[str]:
        return [str(InterestKind(k).label) for k in self.kinds if k in InterestKind.values]
