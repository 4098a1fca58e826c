"""The yearly budget set aside for twin-town work and project preparation, and its use."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from projektdatabas.finance.models import AllocationSpending, AnnualAllocation

pytestmark = pytest.mark.django_db


def test_used_and_remaining_follow_the_spendings(municipality, make_project):
    allocation = AnnualAllocation.objects.create(
        municipality=municipality, year=2026, purpose="twinning", amount=Decimal("150000")
    )
    AllocationSpending.objects.create(
        allocation=allocation,
        spent_on=dt.date(2026, 5, 10),
        amount=Decimal("42000"),
        description="Delegation till Kaufungen",
        project=make_project(),
    )
    AllocationSpending.objects.create(
        allocation=allocation,
        spent_on=dt.date(2026, 9, 1),
        amount=Decimal("8000"),
        description="Vänortsträff",
    )
    allocation = AnnualAllocation.objects.with_spending().get(pk=allocation.pk)
    assert allocation.spent == Decimal("50000")
    assert allocation.remaining == Decimal("100000")


def test_spending_must_fall_in_the_allocations_year(municipality):
    allocation = AnnualAllocation.objects.create(
        municipality=municipality, year=2026, purpose="project_preparation", amount=Decimal("1")
    )
    spending = AllocationSpending(
        allocation=allocation,
        spent_on=dt.date(2025, 12, 31),
        amount=Decimal("1"),
        description="Fel år",
    )
    with translation.override("sv"), pytest.raises(ValidationError) as excinfo:
        spending.full_clean()
    assert excinfo.value.message_dict["spent_on"] == ["Datumet måste ligga inom budgetpostens år."]
