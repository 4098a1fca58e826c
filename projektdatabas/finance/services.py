"""Writing money records from the staff pages: payments received, the yearly allocations
and their use, the hourly rate for own staff time. Keyword-only, with the acting user;
each leaves a line in the audit trail and a row in the field history.

Nothing here deletes: these are public records. A payment or a line of spending entered
by mistake is corrected (the history keeps what it said before) or voided with a reason,
after which it counts in no sum but stays in the records."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from projektdatabas.accounts.permissions import can_manage_money, require
from projektdatabas.core.models import log_action
from projektdatabas.projects.models import Project

from .models import (
    AllocationSpending,
    AnnualAllocation,
    Funding,
    Receipt,
    StaffTimeRate,
    revalue_staff_time,
)


def _allowed(actor, municipality_id) -> None:
    require(can_manage_money(actor, municipality_id))


def _save(record, *, actor, action: str, data: dict | None = None):
    """Validate everything (constraints on fields a form leaves out, too), save with the
    actor in the history, and log."""
    created = record.pk is None
    record.full_clean()
    record._history_user = actor
    record.save()
    log_action(
        actor=actor,
        action=f"{action}.{'created' if created else 'changed'}",
        target=record,
        data=data or {},
    )
    return record


@transaction.atomic
def save_receipt(*, receipt: Receipt, actor) -> Receipt:
    _allowed(actor, receipt.project.municipality_id)
    if receipt.is_voided:
        raise ValidationError(_("A voided payment cannot be changed."))
    if receipt.pk is None:
        # Two posts of one payment at once (a double-click on PostgreSQL) check for each
        # other one after the other: the project's row is the lock.
        Project.objects.select_for_update().filter(pk=receipt.project_id).only("pk").first()
    return _save(
        receipt,
        actor=actor,
        action="receipt",
        data={"project": receipt.project_id, "amount": str(receipt.amount)},
    )


def _void(record, *, reason: str, actor, action: str):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"void_reason": _("Say why it is voided.")})
    if record.is_voided:
        raise ValidationError(_("It is already voided."))
    record.voided_at = timezone.now()
    record.voided_by = actor if actor is not None and actor.is_authenticated else None
    record.void_reason = reason
    record._history_user = actor
    record.save(update_fields=["voided_at", "voided_by", "void_reason"])
    log_action(actor=actor, action=action, target=record, data={"reason": reason})
    return record


@transaction.atomic
def void_receipt(*, receipt: Receipt, reason: str, actor) -> Receipt:
    _allowed(actor, receipt.project.municipality_id)
    return _void(receipt, reason=reason, actor=actor, action="receipt.voided")


@transaction.atomic
def save_allocation(*, allocation: AnnualAllocation, actor) -> AnnualAllocation:
    _allowed(actor, allocation.municipality_id)
    if allocation.pk is not None:
        stored = AnnualAllocation.objects.get(pk=allocation.pk)
        if (
            stored.year != allocation.year
            and AllocationSpending.all_objects.filter(allocation=allocation).exists()
        ):
            raise ValidationError(
                {
                    "year": _("The allocation has spending recorded in %(year)s; keep its year.")
                    % {"year": stored.year}
                }
            )
    return _save(allocation, actor=actor, action="allocation", data={"year": allocation.year})


@transaction.atomic
def save_spending(*, spending: AllocationSpending, actor) -> AllocationSpending:
    _allowed(actor, spending.allocation.municipality_id)
    if spending.is_voided:
        raise ValidationError(_("A voided line cannot be changed."))
    if spending.project_id and (
        spending.project.municipality_id != spending.allocation.municipality_id
    ):
        raise ValidationError({"project": _("The project must be the municipality's own.")})
    return _save(
        spending,
        actor=actor,
        action="allocation_spending",
        data={"allocation": spending.allocation_id, "amount": str(spending.amount)},
    )


@transaction.atomic
def void_spending(*, spending: AllocationSpending, reason: str, actor) -> AllocationSpending:
    _allowed(actor, spending.allocation.municipality_id)
    return _void(spending, reason=reason, actor=actor, action="allocation_spending.voided")


@transaction.atomic
def save_staff_time_rate(*, rate: StaffTimeRate, actor) -> tuple[StaffTimeRate, int]:
    """Saves the rate and values again every staff-time line it concerns (hours without
    an amount, in projects starting that year, or registered that year if they have no
    start date). Returns the rate and how many lines changed value."""
    _allowed(actor, rate.municipality_id)
    previous_year = None
    if rate.pk is not None:
        previous_year = StaffTimeRate.objects.values_list("year", flat=True).get(pk=rate.pk)
    _save(rate, actor=actor, action="staff_time_rate", data={"year": rate.year})
    years = {rate.year, previous_year} - {None}
    concerned = Funding.objects.filter(project__municipality_id=rate.municipality_id).filter(
        _starting_in(years)
    )
    changed = revalue_staff_time(concerned, actor=actor)
    return rate, changed


def _starting_in(years) -> Q:
    condition = Q(pk__in=[])
    for year in years:
        condition |= Q(project__start_date__year=year) | Q(
            project__start_date__isnull=True, project__created_at__year=year
        )
    return condition
