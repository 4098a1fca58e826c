"""The action plan: time-bound measures under the strategy's orientations, evaluated
every second year and then revised into the next plan, carrying over what is unfinished.

A measure carried over is a new row in the new plan that points at the one it continues
(`carried_over_from`), so each plan keeps its own record as it was evaluated and the
measure's history can be read across plans.

Above the plans, the strategy itself is reviewed once every electoral term
(StrategyReview)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projektdatabas.organisations.models import Committee, Department
from projektdatabas.projects.models import Project
from projektdatabas.strategy.models import Orientation, Strategy


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ADOPTED = "adopted", _("adopted")
    EVALUATED = "evaluated", _("evaluated")
    SUPERSEDED = "superseded", _("superseded by the next plan")


class Rating(models.TextChoices):
    ACHIEVED = "achieved", _("achieved")
    PARTLY = "partly", _("partly achieved")
    NOT_ACHIEVED = "not_achieved", _("not achieved")
    TOO_EARLY = "too_early", _("too early to say")


class ActionPlanQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(strategy__municipality=municipality)

    def current(self, day):
        """Adopted plans whose period includes the day."""
        return self.filter(status=PlanStatus.ADOPTED, starts_on__lte=day, ends_on__gte=day)


# A plan is adopted before its period, but not years before it.
ADOPTED_YEARS_AHEAD = 2


class ActionPlan(models.Model):
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="action_plans"
    )
    title = models.CharField(_("title"), max_length=250)
    starts_on = models.DateField(_("period starts"))
    ends_on = models.DateField(_("period ends"))
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    decision_reference = models.CharField(
        _("case number (diarienummer)"), max_length=50, blank=True
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("revises"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_plan",
    )
    evaluation_rating = models.CharField(
        _("overall assessment"), max_length=15, choices=Rating.choices, blank=True
    )
    evaluation_summary = models.TextField(_("evaluation of the plan"), blank=True)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    is_example_data = models.BooleanField(_("example data"), default=False)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values),
                name="plan_status_valid",
                violation_error_message=_("Unknown plan status."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="plan_ends_after_start",
                violation_error_message=_("The plan's period must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(evaluation_rating="") | Q(evaluation_rating__in=Rating.values),
                name="plan_rating_valid",
                violation_error_message=_("Unknown assessment."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[PlanStatus.EVALUATED, PlanStatus.SUPERSEDED])
                | Q(evaluated_on__isnull=False),
                name="plan_evaluated_has_date",
                violation_error_message=_("An evaluated plan needs its evaluation date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on.year}–{self.ends_on.year})"

    def clean(self):
        # The dates go to the executive board: "antagen 1990-01-01" for a plan for
        # 2027–2028, or an evaluation before the plan began, are typing errors.
        if not (self.starts_on and self.ends_on):
            return
        errors = {}
        earliest_adoption = dt.date(self.starts_on.year - ADOPTED_YEARS_AHEAD, 1, 1)
        if self.adopted_on and not earliest_adoption <= self.adopted_on <= self.ends_on:
            errors["adopted_on"] = _(
                "A plan for %(start)s to %(end)s is adopted between %(earliest)s and the "
                "end of its period."
            ) % {
                "start": self.starts_on.isoformat(),
                "end": self.ends_on.isoformat(),
                "earliest": earliest_adoption.isoformat(),
            }
        # On the plan's own form, which has no evaluation date, this stands above the form.
        if self.evaluated_on and self.evaluated_on < self.starts_on:
            errors["evaluated_on"] = _(
                "The plan is evaluated once its period has begun: not before %(date)s."
            ) % {"date": self.starts_on.isoformat()}
        elif self.evaluated_on and self.adopted_on and self.evaluated_on < self.adopted_on:
            errors["evaluated_on"] = _(
                "The plan is evaluated after it was adopted: not before %(date)s."
            ) % {"date": self.adopted_on.isoformat()}
        if errors:
            raise ValidationError(errors)


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    ONGOING = "ongoing", _("ongoing")
    DONE = "done", _("done")
    POSTPONED = "postponed", _("postponed")
    CANCELLED = "cancelled", _("cancelled")


# What a revision carries over into the next plan, and what is late past its deadline: a
# postponed measure too, until it is given a new deadline (a measure postponed with its
# deadline eleven months gone was not counted late, and the board read "3 late" where there
# were 4); a cancelled one is not owed.
UNFINISHED = (MeasureStatus.NOT_STARTED, MeasureStatus.ONGOING, MeasureStatus.POSTPONED)


class MeasureQuerySet(models.QuerySet):
    def in_force(self):
        """Measures of adopted plans: a draft's are not promised yet, an evaluated or
        superseded plan's were carried over or judged."""
        return self.filter(plan__status=PlanStatus.ADOPTED)

    def late(self, today):
        """As Measure.is_late says, in SQL."""
        return self.filter(status__in=UNFINISHED, deadline__lt=today)

    def due_by(self, day):
        """Not done, with a deadline on or before `day` (late ones too)."""
        return self.filter(status__in=UNFINISHED, deadline__lte=day)


class Measure(models.Model):
    """A measure (åtgärd) of an action plan."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.PROTECT, related_name="measures"
    )
    orientation = models.ForeignKey(
        Orientation,
        verbose_name=_("orientation"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    description_sv = models.TextField(_("measure (Swedish)"))
    description_en = models.TextField(_("measure (English)"), blank=True)
    responsible_department = models.ForeignKey(
        Department, verbose_name=_("responsible department"), on_delete=models.PROTECT
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
        help_text=_("Gets the reminders. Never shown to the public."),
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    deadline = models.DateField(_("deadline"))
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    target_value = models.CharField(_("target value"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (per cent)"), default=0, validators=[MaxValueValidator(100)]
    )
    # What the board asks of a late measure: why, and what remains. Public, as the plan is.
    progress_note = models.TextField(
        _("comment on the progress"),
        blank=True,
        max_length=1000,
        help_text=_(
            "Why it is late, or what remains, in a sentence or two. Shown on the public action "
            "plan page and in the half-year report."
        ),
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("linked projects"), blank=True, related_name="measures"
    )
    carried_over_from = models.OneToOneField(
        "self",
        verbose_name=_("continues"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_over_to",
    )
    # The evaluation every second year, one per measure and plan.
    assessment_rating = models.CharField(
        _("assessment"), max_length=15, choices=Rating.choices, blank=True
    )
    assessment = models.TextField(_("assessment, in words"), blank=True)
    is_example_data = models.BooleanField(_("example data"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["plan", "orientation__area__position", "orientation__number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="measure_number_unique_in_plan",
                violation_error_message=_("The plan already has a measure with this number."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=MeasureStatus.values),
                name="measure_status_valid",
                violation_error_message=_("Unknown measure status."),
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="measure_progress_at_most_100",
                violation_error_message=_("Progress is at most 100 per cent."),
            ),
            # "Done" means all the way; the roll-up would otherwise under-report it.
            models.CheckConstraint(
                condition=~Q(status=MeasureStatus.DONE) | Q(progress=100),
                name="measure_done_is_100",
                violation_error_message=_("A measure that is done has progress 100 per cent."),
            ),
            models.CheckConstraint(
                condition=Q(assessment_rating="") | Q(assessment_rating__in=Rating.values),
                name="measure_rating_valid",
                violation_error_message=_("Unknown assessment."),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(deadline__gte=F("starts_on")),
                name="measure_deadline_after_start",
                violation_error_message=_("The deadline cannot be before the start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.description_sv[:80]}"

    def clean(self):
        # "Done" means all the way, however it was marked: written here only, so the
        # forms, the services and the file import all agree (a constraint checks it too).
        if self.status == MeasureStatus.DONE:
            self.progress = 100
        elif self.status == MeasureStatus.NOT_STARTED and self.progress:
            # "Not started" at 100 % read as a contradiction on the plan's public page.
            raise ValidationError(
                {
                    "progress": _(
                        "A measure not started has no progress yet: write 0, or choose the "
                        "status that says how far it has come."
                    )
                }
            )
        plan = self.plan if self.plan_id else None
        if plan and self.deadline and not plan.starts_on <= self.deadline <= plan.ends_on:
            # A deadline of 2060 in a plan for 2025–2026 is a measure of another plan.
            raise ValidationError(
                {
                    "deadline": _(
                        "The deadline lies outside the plan's period, %(start)s to %(end)s: "
                        "a measure for later belongs in the next plan."
                    )
                    % {"start": plan.starts_on.isoformat(), "end": plan.ends_on.isoformat()}
                }
            )

    def is_late(self, today) -> bool:
        """Past its deadline and neither done nor cancelled."""
        return self.status in UNFINISHED and self.deadline < today

    def lineage(self) -> list["Measure"]:
        """This measure and the ones it continues, oldest plan first."""
        chain, current = [self], self
        while current.carried_over_from_id:
            current = current.carried_over_from
            chain.append(current)
        return list(reversed(chain))


class ReviewOutcome(models.TextChoices):
    KEPT = "kept", _("the strategy stands")
    REVISED = "revised", _("the strategy is to be revised")


class StrategyReview(models.Model):
    """The review the strategy asks for once every electoral term: the decision that it
    stands as it is, or that it is to be revised. A strategy adopted during a term is that
    term's review too (reviews.py)."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="reviews"
    )
    # The election year that began the term: follows from the day (terms.current_election).
    electoral_term = models.PositiveSmallIntegerField(_("electoral term"))
    reviewed_on = models.DateField(_("decided on"))
    decision_reference = models.CharField(
        _("case reference number"),
        max_length=50,
        blank=True,
        help_text=_('From the municipality\'s registry, e.g. "KS 2027/45".'),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=ReviewOutcome.choices)
    summary = models.TextField(
        _("what the review found"),
        help_text=_("A few sentences for the executive board and the next review."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    # A review recorded wrongly is corrected in the admin, with its history kept.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review of the strategy")
        verbose_name_plural = _("reviews of the strategy")
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=ReviewOutcome.values),
                name="strategy_review_outcome_valid",
                violation_error_message=_("Unknown outcome."),
            ),
            models.UniqueConstraint(
                fields=["strategy", "electoral_term"],
                name="strategy_reviewed_once_a_term",
                violation_error_message=_("The strategy's review for this term is recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.strategy} {self.reviewed_on:%Y-%m-%d}"


class BoardMeeting(models.Model):
    """A meeting of a committee; those marked take the semi-annual report, and the
    governance calendar then uses their dates instead of the default ones."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField(_("date"))
    takes_semiannual_report = models.BooleanField(_("takes the semi-annual report"), default=False)

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "date"], name="meeting_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.date:%Y-%m-%d}"


class ReminderSent(models.Model):
    """One reminder e-mail that has gone out, so that running the command again sends
    nothing twice. The key names what was due, when, and which reminder it was."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField(blank=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self) -> str:
        return self.key
