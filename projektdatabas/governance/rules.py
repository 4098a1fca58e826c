"""The strategy's decision rule, computed from a project's own data.

`decision_need(project)` answers: is a decision required, of which kind, by whom, and
is it already met? The lifecycle guard, the project page and the compliance list all
ask this one function, so they can never disagree."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
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
    owner = project.municipal_role == MunicipalRole.OWNER
    if not owner and cofinancing <= 0:
        return DecisionNeed(
            required=False, reason=_("No municipal co-financing: no decision is needed.")
        )

    committee = project.lead_department.committee
    candidates = Decision.objects.filter(project=project, committee=committee)
    if owner:
        candidates = candidates.filter(kind=DecisionKind.COMMITTEE)
    latest = candidates.latest_first().first()
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
        met=covers,
    )
    if not owner:
        need.delegates = list(
            Delegation.objects.filter(committee=committee)
            .valid_on(timezone.localdate())
            .covering(cofinancing)
        )
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
        .select_related("lead_department__committee")
    )
    for project in concerned:
        need = decision_need(project)
        if need.missing:
            yield project, need
