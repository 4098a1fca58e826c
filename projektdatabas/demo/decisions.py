"""Example decisions, so that the demo obeys the rule it demonstrates: every project that
has started with municipal co-financing (or that the municipality owns) has the decision
the strategy asks for, taken before its start by the committee or, within the example
delegation order's limits, by a delegate. The one exception is the deliberate breach
(examples.BREACH_SLUG) that the report and the compliance page are there to show.

Case numbers have the registry's form ("KS 2024/117") and say that they are examples."""

import datetime as dt
import zlib
from decimal import ROUND_CEILING, Decimal

from projektdatabas.governance.models import Decision, DecisionKind, DecisionOutcome, Delegation
from projektdatabas.governance.rules import decision_need
from projektdatabas.governance.services import check_decision
from projektdatabas.projects.models import ProjectStatus

# Started projects, and approved ones about to start: decided before their start.
DECIDED = (
    ProjectStatus.APPROVED,
    ProjectStatus.ONGOING,
    ProjectStatus.COMPLETED,
    ProjectStatus.FINAL_REPORT_DONE,
)


def _spread(key: str, modulo: int) -> int:
    """A number from 0 to `modulo` - 1 that depends only on `key`: the same project gets the
    same decision day and paragraph whatever else the demo holds."""
    return zlib.crc32(key.encode()) % modulo


def load_decisions(*, projects, today: dt.date, exempt_slugs=()) -> list[Decision]:
    """Record the decision each started or approved project in `projects` needs and lacks.
    Each one is checked against the rules that `record_decision` applies to a person's."""
    needing = []
    for project in sorted(projects, key=lambda p: (p.start_date or dt.date.min, p.slug)):
        if project.status not in DECIDED or project.slug in exempt_slugs:
            continue
        need = decision_need(project)
        if need.missing:
            needing.append((project, need))
    numbers: dict[tuple[int, int], int] = {}
    decisions = []
    for project, need in needing:
        decided_on = min(
            project.start_date - dt.timedelta(days=14 + _spread(project.slug, 50)),
            today - dt.timedelta(days=7),
        )
        # Approved as a round sum that covers what the project plans.
        approved = (need.cofinancing_sek / 1000).to_integral_value(ROUND_CEILING) * 1000
        delegation = None
        if not need.committee_only:
            delegates = (
                Delegation.objects.filter(committee=need.committee)
                .valid_on(decided_on)
                .order_by("max_amount_sek")
            )
            delegation = next((d for d in delegates if d.covers(approved)), None)
        key = (need.committee.pk, decided_on.year)
        numbers[key] = numbers.get(key, 100) + 1 + _spread(project.slug + "nr", 9)
        decision = Decision(
            project=project,
            committee=need.committee,
            kind=DecisionKind.DELEGATED if delegation else DecisionKind.COMMITTEE,
            delegation=delegation,
            decided_on=decided_on,
            case_number=(f"{need.committee.short_name} {decided_on.year}/{numbers[key]} (exempel)"),
            paragraph="" if delegation else str(1 + _spread(project.slug + "§", 180)),
            outcome=DecisionOutcome.APPROVED,
            approved_cofinancing_sek=Decimal(approved),
        )
        decision.full_clean(exclude=["recorded_by"])
        check_decision(decision)
        decision.save()
        decisions.append(decision)
    return decisions
