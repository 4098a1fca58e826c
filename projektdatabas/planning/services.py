"""Writes to action plans, measures and the strategy's reviews: keyword-only, with the
acting user, each in one transaction, checking its permission itself (a refusal is a
PermissionDenied with the reason) and leaving an entry in the audit trail."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from projektdatabas.accounts.permissions import (
    can_edit_plan,
    can_review_strategy,
    can_update_progress,
    require,
)
from projektdatabas.core.models import log_action
from projektdatabas.strategy.models import Strategy, StrategyStatus

from .models import UNFINISHED, ActionPlan, Measure, PlanStatus, StrategyReview
from .reviews import municipality_reviews
from .terms import current_election


@transaction.atomic
def save_plan(*, plan: ActionPlan, actor) -> ActionPlan:
    """A new plan (always a draft: adopting is its own step) or changes to a plan's title,
    period and case number. Its status moves only through adopt, evaluate and revise."""
    require(can_edit_plan(actor, plan))
    created = plan.pk is None
    if created:
        plan.status = PlanStatus.DRAFT
    else:
        stored = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        require(can_edit_plan(actor, stored))  # the plan as it is, not as the form moved it
        plan.status = stored.status
        if stored.adopted_on is None:
            plan.adopted_on = None  # set by adopting, not here
        adopted = (stored.strategy_id, stored.starts_on, stored.ends_on)
        if (
            stored.status != PlanStatus.DRAFT
            and (
                plan.strategy_id,
                plan.starts_on,
                plan.ends_on,
            )
            != adopted
        ):
            # The period is what the board adopted: rewritten afterwards, the public plan
            # said "2025–2030, antagen 10 februari 2025" of a plan adopted for 2025–2026.
            raise ValidationError(
                _(
                    "The plan is adopted for %(start)s to %(end)s: its period and strategy "
                    "are what was decided. Revise the plan to change them."
                )
                % {"start": stored.starts_on.isoformat(), "end": stored.ends_on.isoformat()}
            )
    plan.full_clean()
    plan.save()
    log_action(
        actor=actor,
        action="plan.created" if created else "plan.changed",
        target=plan,
        data={"title": plan.title}
        | (
            {} if created or plan.adopted_on == stored.adopted_on else _adoption_moved(stored, plan)
        ),
    )
    return plan


def _adoption_moved(stored: ActionPlan, plan: ActionPlan) -> dict:
    return {"adopted_on": [stored.adopted_on.isoformat(), plan.adopted_on.isoformat()]}


@transaction.atomic
def adopt_plan(
    *, plan: ActionPlan, adopted_on: dt.date, decision_reference: str = "", actor
) -> ActionPlan:
    """The board's adoption of a draft plan, with the day and the case number."""
    require(can_edit_plan(actor, plan))
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Only a draft plan is adopted."))
    if not plan.measures.exists():
        raise ValidationError(_("Add the plan's measures before adopting it."))
    plan.status, plan.adopted_on = PlanStatus.ADOPTED, adopted_on
    plan.decision_reference = decision_reference.strip() or plan.decision_reference
    plan.full_clean()
    plan.save()
    log_action(
        actor=actor,
        action="plan.adopted",
        target=plan,
        data={"adopted_on": adopted_on.isoformat(), "case_number": plan.decision_reference},
    )
    return plan


@transaction.atomic
def save_measure(*, measure: Measure, projects=None, actor) -> Measure:
    """A new measure in a plan, or changes to one (its linked projects too, when given)."""
    require(can_edit_plan(actor, measure.plan))
    created = measure.pk is None
    if not created and Measure.objects.filter(pk=measure.pk).exclude(plan=measure.plan).exists():
        raise ValidationError(_("A measure stays in its plan."))
    measure._history_user = actor
    measure.full_clean(validate_constraints=False)
    taken = Measure.objects.filter(plan=measure.plan, number=measure.number)
    if taken.exclude(pk=measure.pk).exists():
        # At the number's field: the constraint's message stood above the form only.
        raise ValidationError({"number": _("The plan already has a measure with this number.")})
    measure.validate_constraints()
    measure.save()
    if projects is not None:
        foreign = [
            p for p in projects if p.municipality_id != measure.plan.strategy.municipality_id
        ]
        if foreign:
            raise ValidationError({"projects": _("The projects must be the municipality's own.")})
        measure.projects.set(projects)
    log_action(
        actor=actor,
        action="measure.created" if created else "measure.changed",
        target=measure,
        data={"plan": measure.plan_id, "number": measure.number},
    )
    return measure


@transaction.atomic
def update_progress(
    *, measure: Measure, progress: int, status: str, actor, note: str | None = None
) -> Measure:
    """`note`: the comment on the progress; None keeps it (a file of figures has none)."""
    require(can_update_progress(actor, measure))
    measure.progress, measure.status = progress, status
    if note is not None:
        measure.progress_note = note.strip()
    measure._history_user = actor
    measure.full_clean()  # a measure marked done becomes 100 % there (Measure.clean)
    measure.save()
    log_action(
        actor=actor,
        action="measure.progress",
        target=measure,
        data={"progress": measure.progress, "status": status},
    )
    return measure


@transaction.atomic
def evaluate_plan(*, plan: ActionPlan, rating: str, summary: str, actor, on: dt.date) -> ActionPlan:
    """The two-year evaluation of the whole plan (each measure's own assessment is
    recorded on the measure)."""
    require(can_edit_plan(actor, plan))
    if plan.status != PlanStatus.ADOPTED:
        raise ValidationError(_("Only an adopted plan is evaluated."))
    plan.evaluation_rating, plan.evaluation_summary, plan.evaluated_on = rating, summary, on
    plan.status = PlanStatus.EVALUATED
    plan.full_clean()
    plan.save()
    log_action(actor=actor, action="plan.evaluated", target=plan, data={"rating": rating})
    return plan


def _next_deadline(measure: Measure, new_plan: ActionPlan) -> dt.date:
    return measure.deadline if measure.deadline >= new_plan.starts_on else new_plan.ends_on


# A period at the end of a title, "… 2027–2028": the next plan's title gets its own years.
_TITLE_YEARS = re.compile(r"\b\d{4}\s*[–-]\s*\d{4}$")


def next_period(plan: ActionPlan) -> tuple[dt.date, dt.date]:
    """The two years after the plan's period: the next plan's."""
    starts_on = plan.ends_on + dt.timedelta(days=1)
    if (starts_on.month, starts_on.day) == (2, 29):  # two years on, 29 February is 1 March
        return starts_on, dt.date(starts_on.year + 2, 2, 28)
    return starts_on, starts_on.replace(year=starts_on.year + 2) - dt.timedelta(days=1)


def next_title(plan: ActionPlan) -> str:
    starts_on, ends_on = next_period(plan)
    return _TITLE_YEARS.sub(f"{starts_on.year}–{ends_on.year}", plan.title.strip())


def revision_preview(plan: ActionPlan) -> dict:
    """What revising will do, for the page that asks first: the next period and how many
    measures are carried over."""
    starts_on, ends_on = next_period(plan)
    carried = plan.measures.filter(status__in=UNFINISHED).count()
    return {"starts_on": starts_on, "ends_on": ends_on, "carried": carried}


@transaction.atomic
def revise_plan(*, plan: ActionPlan, actor, title: str = "") -> ActionPlan:
    """The next two-year plan, with every unfinished measure carried over (a new row that
    continues the old one; the evaluated plan stays as it was)."""
    require(can_edit_plan(actor, plan))
    if ActionPlan.objects.filter(previous=plan).exists():
        raise ValidationError(_("The plan has already been revised."))
    if plan.status != PlanStatus.EVALUATED:
        raise ValidationError(_("Evaluate the plan before revising it."))
    starts_on, ends_on = next_period(plan)
    new_plan = ActionPlan.objects.create(
        strategy=plan.strategy,
        title=title.strip() or next_title(plan),
        starts_on=starts_on,
        ends_on=ends_on,
        previous=plan,
        is_example_data=plan.is_example_data,
    )
    for number, old in enumerate(plan.measures.filter(status__in=UNFINISHED), start=1):
        new = Measure.objects.create(
            plan=new_plan,
            orientation=old.orientation,
            number=number,
            description_sv=old.description_sv,
            description_en=old.description_en,
            responsible_department=old.responsible_department,
            responsible_person=old.responsible_person,
            starts_on=old.starts_on,
            deadline=_next_deadline(old, new_plan),
            indicator=old.indicator,
            target_value=old.target_value,
            status=old.status,
            progress=old.progress,
            carried_over_from=old,
            is_example_data=old.is_example_data,
        )
        new.projects.set(old.projects.all())
    plan.status = PlanStatus.SUPERSEDED
    plan.save(update_fields=["status"])
    log_action(
        actor=actor,
        action="plan.revised",
        target=plan,
        data={"next_plan": new_plan.pk, "at": timezone.now().isoformat()},
    )
    return new_plan


@transaction.atomic
def record_strategy_review(
    *,
    strategy: Strategy,
    actor,
    reviewed_on: dt.date,
    outcome: str,
    summary: str,
    decision_reference: str = "",
) -> StrategyReview:
    """The review of the strategy in force for the electoral term `reviewed_on` falls in:
    once a term (a second is refused with the first's date, not added beside it)."""
    require(can_review_strategy(actor, strategy))
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    if strategy.status != StrategyStatus.ADOPTED:
        raise ValidationError(_("Only the strategy in force is reviewed."))
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": _("Record the review once it is decided.")})
    if strategy.adopted_on and reviewed_on < strategy.adopted_on:
        raise ValidationError(
            {"reviewed_on": _("The review cannot come before the strategy was adopted.")}
        )
    term = current_election(reviewed_on).year
    earlier = municipality_reviews(strategy.municipality).filter(electoral_term=term).first()
    if earlier is not None:
        raise ValidationError(
            _(
                "The review for the electoral term %(first)s–%(last)s is already recorded "
                "(decided %(day)s)."
            )
            % {
                "first": term,
                "last": term + 4,
                "day": formats.date_format(earlier.reviewed_on, "j F Y"),
            }
        )
    review = StrategyReview(
        strategy=strategy,
        electoral_term=term,
        reviewed_on=reviewed_on,
        outcome=outcome,
        summary=summary,
        decision_reference=decision_reference,
        recorded_by=actor,
    )
    review.full_clean()
    review.save()
    log_action(
        actor=actor,
        action="strategy.reviewed",
        target=strategy,
        data={"term": term, "outcome": outcome, "reviewed_on": reviewed_on.isoformat()},
    )
    return review
