"""The strategy's decision rule, computed from a project's own data.

`decision_need(project)` answers: is a decision required, of which kind, by whom, and
is it already met? The lifecycle guard, the project page, the to-do list, the compliance
list and the semi-annual report all ask it (or `decision_needs`, its batched form for many
projects; both apply the one rule in `_need`), so they can never disagree."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from projektdatabas.finance.models import MUNICIPAL_SOURCES, Funding
from projektdatabas.organisations.models import Committee
from projektdatabas.projects.models import MunicipalRole, Project, ProjectStatus

from .models import Decision, DecisionKind, Delegation

# A decision is about starting; once a project is past the start (or never started),
# a missing decision is history, not something to act on.
STATUSES_NEEDING_DECISION = (
    ProjectStatus.IDEA,
    ProjectStatus.APPLICATION,
    ProjectStatus.APPROVED,
    ProjectStatus.ONGOING,
)


@dataclass
class DecisionNeed:
    required: bool
    committee: Committee | None = None
    committee_only: bool = False
    cofinancing_sek: Decimal = Decimal("0")
    decision: Decision | None = None  # the decision that meets the need, if any
    latest: Decision | None = None  # the latest decision that counts, met or not
    met: bool = True
    reason: str = ""
    delegates: list[Delegation] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return self.required and not self.met


def kronor(amount: Decimal) -> str:
    return _("%(amount)s SEK") % {
        "amount": number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)
    }


def municipal_cofinancing_sek(project: Project) -> Decimal:
    return Funding.objects.filter(project=project).municipal().total_sek()


def decision_need(project: Project, *, cofinancing_sek: Decimal | None = None) -> DecisionNeed:
    cofinancing = municipal_cofinancing_sek(project) if cofinancing_sek is None else cofinancing_sek
    committee_id = project.lead_department.committee_id
    decisions = Decision.objects.filter(project=project, committee_id=committee_id)
    delegations = Delegation.objects.filter(committee_id=committee_id)
    return _need(
        project,
        cofinancing,
        decisions.latest_first(),
        delegations.valid_on(timezone.localdate()),
    )


def decision_needs(projects) -> list[tuple[Project, DecisionNeed]]:
    """(project, `decision_need`) for every project of a queryset, in its order, with four
    queries instead of three per project (the report and the compliance list ask about
    thousands)."""
    ids = projects.order_by().values("pk")  # a subquery: no limit on how many it covers
    rows = list(projects.select_related("lead_department__committee"))
    cofinancing = dict(
        Funding.objects.filter(project__in=ids)
        .municipal()
        .values_list("project")
        .annotate(total=Sum("amount_sek"))
        .order_by()
    )
    decisions = defaultdict(list)
    for decision in Decision.objects.filter(project__in=ids).latest_first():
        decisions[decision.project_id].append(decision)
    delegations = defaultdict(list)
    committees = {p.lead_department.committee_id for p in rows}
    for delegation in Delegation.objects.filter(committee__in=committees).valid_on(
        timezone.localdate()
    ):
        delegations[delegation.committee_id].append(delegation)
    return [
        (
            p,
            _need(
                p,
                cofinancing.get(p.pk) or Decimal("0"),
                [d for d in decisions[p.pk] if d.committee_id == p.lead_department.committee_id],
                delegations[p.lead_department.committee_id],
            ),
        )
        for p in rows
    ]


def _need(project: Project, cofinancing: Decimal, decisions, delegations) -> DecisionNeed:
    """The rule itself, on data already read: `decisions` are the responsible committee's
    on this project, newest first; `delegations` its lines valid today."""
    owner = project.municipal_role == MunicipalRole.OWNER
    if not owner and cofinancing <= 0:
        return DecisionNeed(
            required=False, reason=_("No municipal co-financing: no decision is needed.")
        )
    committee = project.lead_department.committee
    # An owned project needs the committee itself: a delegated decision does not count.
    candidates = [d for d in decisions if not owner or d.kind == DecisionKind.COMMITTEE]
    latest = candidates[0] if candidates else None
    covers = (
        latest is not None
        and latest.is_approving
        and latest.approved_cofinancing_sek >= cofinancing
    )
    need = DecisionNeed(
        required=True,
        committee=committee,
        committee_only=owner,
        cofinancing_sek=cofinancing,
        decision=latest if covers else None,
        latest=latest,
        met=covers,
    )
    if not owner:
        need.delegates = [
            d for d in delegations if d.max_amount_sek is None or d.max_amount_sek >= cofinancing
        ]
    need.reason = _explain(need, latest, owner)
    return need


def _explain(need: DecisionNeed, latest: Decision | None, owner: bool) -> str:
    if need.met:
        return _("Decision %(decision)s covers co-financing of %(amount)s.") % {
            "decision": need.decision,
            "amount": kronor(need.decision.approved_cofinancing_sek),
        }
    if owner:
        why = _(
            "The municipality owns the project, so %(committee)s must decide on it itself; "
            "a delegated decision is not enough."
        ) % {"committee": need.committee}
    else:
        who = [str(need.committee)] + [d.delegate_title for d in need.delegates]
        why = _("Municipal co-financing of %(amount)s needs a decision by %(who)s.") % {
            "amount": kronor(need.cofinancing_sek),
            "who": _(" or ").join(who),
        }
    if latest is not None and latest.is_approving:
        why += " " + _(
            "Decision %(decision)s approved %(approved)s; the co-financing has since been "
            "raised, so a new decision is needed."
        ) % {"decision": latest, "approved": kronor(latest.approved_cofinancing_sek)}
    elif latest is not None:
        why += " " + _("The latest decision, %(decision)s, rejected the project.") % {
            "decision": latest
        }
    return why


def projects_lacking_decision(projects):
    """(project, need) for each project that lacks a required decision."""
    concerned = (
        projects.filter(status__in=STATUSES_NEEDING_DECISION)
        .filter(Q(municipal_role=MunicipalRole.OWNER) | Q(fundings__source__in=MUNICIPAL_SOURCES))
        .distinct()
        .order_by("title_sv", "pk")
    )
    return [(project, need) for project, need in decision_needs(concerned) if need.missing]
