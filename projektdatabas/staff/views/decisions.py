"""Decisions: recording one on a project, the committee's list, and the compliance list
of projects that lack a decision the strategy requires."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from projektdatabas.accounts import permissions as perms
from projektdatabas.governance.models import Decision, DecisionKind, DecisionOutcome
from projektdatabas.governance.rules import (
    LACK_KINDS,
    decision_need,
    lack_kind,
    projects_lacking_decision,
)
from projektdatabas.governance.services import record_decision
from projektdatabas.organisations.models import Committee
from projektdatabas.projects.models import Project

from ..access import staff_view
from ..forms import DecisionForm, add_service_errors


def _committees_for(user):
    return Committee.objects.filter(
        Q(municipality_id__in=perms.coordinated_municipality_ids(user))
        | Q(pk__in=perms.secretary_committee_ids(user))
    )


@require_http_methods(["GET", "POST"])
@staff_view
def record(request, pk):
    project = get_object_or_404(Project.objects.select_related("lead_department__committee"), pk=pk)
    committee = project.lead_department.committee
    perms.require(perms.can_record_decision(request.user, committee))
    need = decision_need(project)
    initial = {
        "committee": committee.pk,
        "kind": DecisionKind.COMMITTEE if need.committee_only else None,
        "approved_cofinancing_sek": need.cofinancing_sek,
    }
    form = DecisionForm(
        request.POST or None, initial=initial, committees=_committees_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        decision = form.save(commit=False)
        decision.project = project
        try:
            record_decision(decision=decision, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("staff:project", pk=pk)
    return render(
        request, "staff/decision_form.html", {"project": project, "need": need, "form": form}
    )


@require_safe
@staff_view
def decision_list(request):
    user = request.user
    decisions = Decision.objects.select_related("project", "committee", "delegation")
    if perms.can_oversee(user):
        # A regional coordinator's: every municipality of the region (read, not recorded).
        municipalities = perms.readable_municipality_ids(user)
        decisions = decisions.filter(committee__municipality_id__in=municipalities)
    elif perms.secretary_committee_ids(user):
        decisions = decisions.filter(committee_id__in=perms.secretary_committee_ids(user))
    else:
        perms.require(perms.can_record_any_decision(user))
    shown = _DecisionFilters(request.GET, decisions)
    page = Paginator(shown.apply(decisions), 50).get_page(request.GET.get("sida"))
    return render(request, "staff/decision_list.html", {"page": page, "filters": shown})


class _DecisionFilters:
    """The list narrowed as a secretary looks a decision up: by case number or project,
    year, committee and outcome. Values that name nothing in the list are left out, so
    an old bookmark shows every decision rather than an error."""

    def __init__(self, params, decisions):
        # PostgreSQL refuses a NUL character in any string it is sent (a 500, not no hits).
        self.q = params.get("q", "").replace("\x00", "").strip()[:100]
        self.years = decisions.years()
        self.committees = list(
            Committee.objects.filter(pk__in=decisions.values("committee")).select_related(
                "municipality"
            )
        )
        # A regional coordinator's list has a Kommunstyrelsen in every municipality.
        self.name_municipality = len({c.municipality_id for c in self.committees}) > 1
        self.outcomes = DecisionOutcome.choices
        self.year = _chosen(params.get("ar"), {str(y) for y in self.years})
        self.committee = _chosen(params.get("namnd"), {str(c.pk) for c in self.committees})
        self.outcome = _chosen(params.get("utfall"), set(DecisionOutcome.values))

    @property
    def active(self) -> bool:
        return bool(self.q or self.year or self.committee or self.outcome)

    def apply(self, decisions):
        if self.q:
            decisions = decisions.matching(self.q)
        if self.year:
            decisions = decisions.filter(decided_on__year=int(self.year))
        if self.committee:
            decisions = decisions.filter(committee_id=int(self.committee))
        if self.outcome:
            decisions = decisions.filter(outcome=self.outcome)
        return decisions


def _chosen(value, allowed: set[str]) -> str:
    return value if value in allowed else ""


def followed_up_by(user):
    """The projects whose decisions the user follows up: a secretary, their committees';
    the coordinator and readers, every one they see; anyone else, their own. The start
    page's panel and the compliance page count the same ones."""
    projects = Project.objects.visible_to(user).filter(archived_at__isnull=True)
    if perms.can_view_compliance(user) and not perms.can_oversee(user):
        projects = projects.filter(
            lead_department__committee_id__in=perms.secretary_committee_ids(user)
        )
    return projects


@require_safe
@staff_view
def compliance(request):
    user = request.user
    perms.require(perms.can_view_compliance(user))
    rows = projects_lacking_decision(followed_up_by(user))
    groups = [
        (heading, [(p, need) for p, need in rows if lack_kind(p, need) == kind])
        for kind, heading in LACK_KINDS
    ]
    return render(request, "staff/compliance.html", {"rows": rows, "groups": groups})
