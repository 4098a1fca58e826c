"""The strategy's decision rule, computed from a project's own data.

`decision_need(project)` answers: is a decision required, of which kind, by whom, and
is it already met? The lifecycle guard, the project page, the to-do list, the compliance
list and the semi-annual report all ask it (or `decision_needs`, its batched form for many
projects; both apply the one rule in `_need`), so they can never disagree.

Co-financing is money and own staff time, as the strategy says ("även egen tid"): hours of
staff time need a decision whatever they are valued at, even at nothing. Hours that could
not be valued (no hourly rate for the year, no amount given) have no amount to hold
against a delegate's limit, so the committee itself must decide on them."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projektdatabas.core.money import kronor
from projektdatabas.finance.models import (
    MUNICIPAL_SOURCES,
    Funding,
    FundingSource,
    hours_text,
    valuation_year,
)
from projektdatabas.organisations.models import Committee
from projektdatabas.projects.models import STARTED_STATUSES, MunicipalRole, Project, ProjectStatus

from .models import Decision, DecisionKind, Delegation

# A decision is about starting; once a project is past the start (or never started),
# a missing decision is history, not something to act on.
STATUSES_NEEDING_DECISION = (
    ProjectStatus.IDEA,
    ProjectStatus.APPLICATION,
    ProjectStatus.APPROVED,
    ProjectStatus.ONGOING,
)


ZERO = Decimal("0")


@dataclass(frozen=True)
class Cofinancing:
    """A project's municipal co-financing: its value in SEK, its hours of own staff time,
    and how many of those hours have no value (neither an amount nor a rate)."""

    sek: Decimal = ZERO
    staff_hours: Decimal = ZERO
    unvalued_hours: Decimal = ZERO
    staff_sek: Decimal = ZERO  # the part of `sek` that is own staff time


@dataclass
class DecisionNeed:
    required: bool
    committee: Committee | None = None
    committee_only: bool = False
    cofinancing_sek: Decimal = ZERO
    staff_hours: Decimal = ZERO
    unvalued_hours: Decimal = ZERO
    staff_sek: Decimal = ZERO
    decision: Decision | None = None  # the decision that meets the need, if any
    latest: Decision | None = None  # the latest decision that counts, met or not
    # The first approving decision, when it is dated after the project began: the need is
    # met now, but the project ran without a decision until then (a breach all the same).
    late: Decision | None = None
    met: bool = True
    reason: str = ""
    delegates: list[Delegation] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return self.required and not self.met


def _cofinancing_by_project(fundings) -> dict[int, Cofinancing]:
    """One grouped query: co-financing per project of the municipal lines in `fundings`."""
    rows = (
        fundings.municipal()
        .values_list("project")
        .annotate(
            sek=Sum("amount_sek"),
            hours=Sum("staff_hours"),
            unvalued=Sum("staff_hours", filter=Q(amount_sek__isnull=True)),
            staff_sek=Sum("amount_sek", filter=Q(source=FundingSource.MUNICIPAL_STAFF_TIME)),
        )
        .order_by()
    )
    return {
        project_id: Cofinancing(sek or ZERO, hours or ZERO, unvalued or ZERO, staff_sek or ZERO)
        for project_id, sek, hours, unvalued, staff_sek in rows
    }


def decision_need(project: Project) -> DecisionNeed:
    cofinancing = _cofinancing_by_project(Funding.objects.filter(project=project)).get(
        project.pk, Cofinancing()
    )
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
    cofinancing = _cofinancing_by_project(Funding.objects.filter(project__in=ids))
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
                cofinancing.get(p.pk, Cofinancing()),
                [d for d in decisions[p.pk] if d.committee_id == p.lead_department.committee_id],
                delegations[p.lead_department.committee_id],
            ),
        )
        for p in rows
    ]


def _need(project: Project, cofinancing: Cofinancing, decisions, delegations) -> DecisionNeed:
    """The rule itself, on data already read: `decisions` are the responsible committee's
    on this project, newest first; `delegations` its lines valid today."""
    owner = project.municipal_role == MunicipalRole.OWNER
    amount = cofinancing.sek
    if not owner and amount <= 0 and cofinancing.staff_hours <= 0:
        return DecisionNeed(
            # Said as what is entered: on a draft without its money yet, "no decision is
            # needed" read as a promise.
            required=False,
            reason=_(
                "No municipal co-financing is entered, in money or own staff time: no "
                "decision is needed unless some is added."
            ),
        )
    # Hours without a value cannot be held against a delegate's limit: like an owned
    # project, they need the committee itself (a delegated decision does not count).
    unvalued = cofinancing.unvalued_hours > 0
    committee_only = owner or unvalued
    committee = project.lead_department.committee
    candidates = [d for d in decisions if not committee_only or d.kind == DecisionKind.COMMITTEE]
    latest = candidates[0] if candidates else None
    covers = (
        latest is not None and latest.is_approving and latest.approved_cofinancing_sek >= amount
    )
    need = DecisionNeed(
        required=True,
        committee=committee,
        committee_only=committee_only,
        cofinancing_sek=amount,
        staff_hours=cofinancing.staff_hours,
        unvalued_hours=cofinancing.unvalued_hours,
        staff_sek=cofinancing.staff_sek,
        decision=latest if covers else None,
        latest=latest,
        met=covers,
    )
    if not committee_only:
        need.delegates = [d for d in delegations if d.covers(amount)]
    if covers and has_begun(project) and project.began_on is not None:
        # Only the first approval tells whether the project waited: a later one may have
        # approved a raise after the start, which the first had allowed.
        first = [d for d in candidates if d.is_approving][-1]
        if first.decided_on > project.began_on:
            need.late = first
    need.reason = _explain(need, latest, owner, valuation_year(project))
    if need.late is not None:
        need.reason += " " + _(
            "The project began on %(began)s, before its first approving decision, "
            "%(decision)s of %(date)s: the strategy asks for the decision before the start."
        ) % {
            "began": project.began_on.isoformat(),
            "decision": need.late,
            "date": need.late.decided_on.isoformat(),
        }
    return need


def _cofinancing_text(need: DecisionNeed) -> str:
    if need.staff_hours <= 0:
        return kronor(need.cofinancing_sek)
    if need.staff_sek > 0 and need.unvalued_hours <= 0:  # else not all the hours are in it
        if need.staff_sek == need.cofinancing_sek:  # "18 600 kr, varav 18 600 kr" said twice
            return _("%(amount)s, all of it own staff time (%(hours)s hours)") % {
                "amount": kronor(need.cofinancing_sek),
                "hours": hours_text(need.staff_hours),
            }
        return _("%(amount)s, of which %(staff)s (%(hours)s hours) is own staff time") % {
            "amount": kronor(need.cofinancing_sek),
            "staff": kronor(need.staff_sek),
            "hours": hours_text(need.staff_hours),
        }
    return _("%(amount)s, of which %(hours)s hours of own staff time") % {
        "amount": kronor(need.cofinancing_sek),
        "hours": hours_text(need.staff_hours),
    }


def _explain(need: DecisionNeed, latest: Decision | None, owner: bool, year: int) -> str:
    if need.met:
        return _("Decision %(decision)s covers co-financing of %(amount)s.") % {
            "decision": need.decision,
            "amount": _cofinancing_text(need),
        }
    if owner:
        why = _(
            "The municipality owns the project, so %(committee)s must decide on it itself; "
            "a delegated decision is not enough."
        ) % {"committee": need.committee}
    elif need.unvalued_hours > 0:
        why = _(
            "%(hours)s hours of own staff time have no value: no amount is given and there "
            "is no hourly rate for %(year)s. Own staff time is co-financing, so "
            "%(committee)s must decide on it itself; a delegated decision is not enough "
            "until the hours are valued."
        ) % {
            "hours": hours_text(need.unvalued_hours),
            "year": year,
            "committee": need.committee,
        }
    else:
        # The delegate's title in brackets: "… eller Förvaltningschef, kultur och fritid"
        # read as a list, with a capital in mid-sentence.
        who = str(need.committee)
        if need.delegates:
            who = _("%(committee)s or a delegate (%(delegates)s)") % {
                "committee": who,
                "delegates": "; ".join(d.delegate_title for d in need.delegates),
            }
        why = _("Municipal co-financing of %(amount)s needs a decision by %(who)s.") % {
            "amount": _cofinancing_text(need),
            "who": who,
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


# A project that lacks its decision has either begun without it (a breach) or must wait for
# it; one that has it may have begun before it was made (a breach too, over by now). The
# compliance page and the half-year report split the list alike, breaches first, so that
# the board and the coordinator count the same.
STARTED, LATE, WAITING = "started", "late", "waiting"
LACK_KINDS = (
    (STARTED, gettext_lazy("Started without the decision")),
    (LATE, gettext_lazy("Started before the decision was made")),
    (WAITING, gettext_lazy("Waiting for a decision before they start")),
)


def has_begun(project) -> bool:
    return project.status in STARTED_STATUSES


def lack_kind(project, need: DecisionNeed) -> str:
    if need.late is not None:
        return LATE
    return STARTED if has_begun(project) else WAITING


def projects_lacking_decision(projects, *, statuses=STATUSES_NEEDING_DECISION):
    """(project, need) for each project in `statuses` that lacks a required decision or
    began before it was made. The compliance page asks about projects still to start or
    running; a report also about the finished ones, which may have run without it."""
    concerned = (
        projects.filter(status__in=statuses)
        .filter(Q(municipal_role=MunicipalRole.OWNER) | Q(fundings__source__in=MUNICIPAL_SOURCES))
        .distinct()
        .order_by("title_sv", "pk")
    )
    return [
        (project, need)
        for project, need in decision_needs(concerned)
        if need.missing or need.late is not None
    ]
