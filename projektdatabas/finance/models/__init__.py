"""Money: how projects are financed (funding.py), what has been received (receipts.py),
the yearly budget the municipality sets aside for twin-town work and for preparing
projects (allocations.py), and the hourly rate that values own staff time (rates.py).
Payments and spending entered by mistake are voided, never deleted (voiding.py).

Everything is importable from here, as `projektdatabas.finance.models`."""

# In the order the models were defined when they shared one module, so that the app
# registry lists them as before (a new database's content types, dumpdata's order).
# isort: off
from .rates import StaffTimeRate, StaffTimeRateQuerySet, hours_text, valuation_year
from .funding import (
    MUNICIPAL_SOURCES,
    Funding,
    FundingQuerySet,
    FundingSource,
    revalue_staff_time,
)
from .voiding import IncludingVoided, Voidable, VoidedLeftOut
from .receipts import Receipt, ReceiptQuerySet, every_year
from .allocations import (
    AllocationPurpose,
    AllocationQuerySet,
    AllocationSpending,
    AnnualAllocation,
)
# isort: on

__all__ = [
    "every_year",
    "MUNICIPAL_SOURCES",
    "AllocationPurpose",
    "AllocationQuerySet",
    "AllocationSpending",
    "AnnualAllocation",
    "Funding",
    "FundingQuerySet",
    "FundingSource",
    "IncludingVoided",
    "Receipt",
    "ReceiptQuerySet",
    "StaffTimeRate",
    "StaffTimeRateQuerySet",
    "Voidable",
    "VoidedLeftOut",
    "hours_text",
    "revalue_staff_time",
    "valuation_year",
]
