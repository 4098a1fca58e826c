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
from projektdatabas.governance.models import Decision, DecisionKind
from projektdatabas.governance.rules import decision_need, projects_lacking_decision
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
    page = Paginator(decisions, 50).get_page(request.GET.get("sida"))
    return render(request, "staff/decision_list.html", {"page": page})


@require_safe
@staff_view
def compliance(request):
    user = request.user
    perms.require(perms.can_view_compliance(user))
    projects = Project.objects.visible_to(user).filter(archived_at__isnull=True)
    if not perms.can_oversee(user):  # a secretary: their committees' projects
        projects = projects.filter(
            lead_department__committee_id__in=perms.secretary_committee_ids(user)
        )
    rows = list(projects_lacking_decision(projects))
    return render(request, "staff/compliance.html", {"rows": rows})
