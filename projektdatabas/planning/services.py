"""Writes to action plans and measures: keyword-only, with the acting user, audited."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projektdatabas.accounts.permissions import Verdict, can_edit_plan, can_update_progress
from projektdatabas.core.models import log_action

from .models import UNFINISHED, ActionPlan, Measure, MeasureStatus, PlanStatus


def _check(verdict: Verdict) -> None:
    if not verdict:
        raise ValidationError(verdict.reason)


@transaction.atomic
def update_progress(*, measure: Measure, progress: int, status: str, actor) -> Measure:
    _check(can_update_progress(actor, measure))
    if status == MeasureStatus.DONE:
        progress = 100  # done is all the way (a constraint says so too)
    measure.progress, measure.status = progress, status
    measure._history_user = actor
    measure.full_clean()
    measure.save()
    log_action(
        actor=actor,
        action="measure.progress",
        target=measure,
        data={"progress": progress, "status": status},
    )
    return measure


@transaction.atomic
def evaluate_plan(*, plan: ActionPlan, rating: str, summary: str, actor, on: dt.date) -> ActionPlan:
    """The two-year evaluation of the whole plan (each measure's own assessment is
    recorded on the measure)."""
    _check(can_edit_plan(actor, plan))
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


@transaction.atomic
def revise_plan(*, plan: ActionPlan, actor, title: str = "") -> ActionPlan:
    """The next two-year plan, with every unfinished measure carried over (a new row that
    continues the old one; the evaluated plan stays as it was)."""
    _check(can_edit_plan(actor, plan))
    if ActionPlan.objects.filter(previous=plan).exists():
        raise ValidationError(_("The plan has already been revised."))
    if plan.status != PlanStatus.EVALUATED:
        raise ValidationError(_("Evaluate the plan before revising it."))
    starts_on = plan.ends_on + dt.timedelta(days=1)
    new_plan = ActionPlan.objects.create(
        strategy=plan.strategy,
        title=title or plan.title,
        starts_on=starts_on,
        ends_on=starts_on.replace(year=starts_on.year + 2) - dt.timedelta(days=1),
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
