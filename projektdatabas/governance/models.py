"""Decisions on projects, and the delegation order that says who may take them.

The strategy: a project that needs municipal co-financing (money or own staff time)
starts only after a decision by the responsible committee or by someone it has
delegated to; a project the municipality owns always needs the committee itself."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projektdatabas.core.money import amount_field, kronor
from projektdatabas.organisations.models import Committee
from projektdatabas.projects.models import Project


class DelegationQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day
        )


class Delegation(models.Model):
    """One line of a committee's delegation order (delegationsordning)."""

    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    delegate_title = models.CharField(
        _("delegate"), max_length=200, help_text=_("A post, e.g. 'kommundirektör'.")
    )
    matter = models.CharField(
        _("matter"),
        max_length=300,
        default=_("co-financing of international projects"),
    )
    max_amount_sek = amount_field(
        verbose_name=_("up to (SEK)"),
        null=True,
        blank=True,
        help_text=_("Highest co-financing the delegate may approve; empty means no limit."),
    )
    reference = models.CharField(_("point in the delegation order"), max_length=50, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegation order")
        ordering = ["committee", "max_amount_sek"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="delegation_period_valid",
                violation_error_message=_("A delegation cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        if self.max_amount_sek is None:
            return f"{self.delegate_title} ({self.committee})"
        # "≤ 250 000 kr" in Swedish, as every amount is shown (core/money.py).
        return f"{self.delegate_title} ({self.committee}), ≤ {kronor(self.max_amount_sek)}"

    def covers(self, amount_sek) -> bool:
        """Whether the delegate may approve this much (no limit: anything)."""
        return self.max_amount_sek is None or self.max_amount_sek >= amount_sek


class DecisionKind(models.TextChoices):
    COMMITTEE = "committee", _("committee decision")
    DELEGATED = "delegated", _("delegated decision")


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("approved")
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", _("approved with conditions")
    REJECTED = "rejected", _("rejected")


APPROVING = (DecisionOutcome.APPROVED, DecisionOutcome.APPROVED_WITH_CONDITIONS)


class DecisionQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-decided_on", "-id")

    def matching(self, text: str):
        """By case number ("KS 2025/123", as the minutes write it) or project title."""
        return self.filter(
            Q(case_number__icontains=text)
            | Q(project__title_sv__icontains=text)
            | Q(project__title_en__icontains=text)
        )

    def years(self) -> list[int]:
        """The years with a decision, newest first: what the list can be narrowed to."""
        return sorted({d.year for d in self.dates("decided_on", "year")}, reverse=True)


class Decision(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="decisions"
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField(_("kind of decision"), max_length=10, choices=DecisionKind.choices)
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("by delegation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    decided_on = models.DateField(_("decision date"))
    case_number = models.CharField(
        _("case number (diarienummer)"), max_length=50, help_text=_("For example KS 2025/123.")
    )
    paragraph = models.CharField(_("paragraph (§)"), max_length=20, blank=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=DecisionOutcome.choices)
    approved_cofinancing_sek = amount_field(
        verbose_name=_("co-financing approved (SEK)"),
        default=0,
        help_text=_("Municipal money and own staff time together, in SEK."),
    )
    conditions = models.TextField(_("conditions"), blank=True)
    minutes_url = models.URLField(_("link to the minutes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DecisionKind.values),
                name="decision_kind_valid",
                violation_error_message=_("Unknown kind of decision."),
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=DecisionOutcome.values),
                name="decision_outcome_valid",
                violation_error_message=_("Unknown outcome."),
            ),
            # A delegated decision names the line of the delegation order it rests on;
            # a committee decision rests on none.
            models.CheckConstraint(
                condition=Q(kind=DecisionKind.DELEGATED, delegation__isnull=False)
                | Q(kind=DecisionKind.COMMITTEE, delegation__isnull=True),
                name="decision_delegation_matches_kind",
                violation_error_message=_(
                    "A delegated decision must name its delegation; a committee decision none."
                ),
            ),
        ]
        indexes = [models.Index(fields=["committee", "-decided_on"], name="decision_committee_idx")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_outcome_display()})"

    @property
    def reference(self) -> str:
        """The case number with its paragraph, by which a decision is found in the minutes."""
        return f"{self.case_number} § {self.paragraph}" if self.paragraph else self.case_number

    @property
    def is_approving(self) -> bool:
        return self.outcome in APPROVING

    def clean(self) -> None:
        if self.delegation_id and self.delegation.committee_id != self.committee_id:
            raise ValidationError(
                {"delegation": _("The delegation must come from the deciding committee.")}
            )
