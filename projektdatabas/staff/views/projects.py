"""Reading projects in the staff interface: the work list, a project, its preview,
its history and how it looked on a given day."""

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from projektdatabas.accounts import permissions as perms
from projektdatabas.accounts.models import Membership
from projektdatabas.core.dates import end_of_day
from projektdatabas.finance.models import Funding, Receipt
from projektdatabas.finance.project_page import project_page_context
from projektdatabas.governance.lifecycle import next_steps
from projektdatabas.governance.rules import (
    STARTED,
    decision_need,
    decision_needs,
    lack_kind,
    projects_lacking_decision,
)
from projektdatabas.governance.todo import things_to_do
from projektdatabas.groups.models import FollowUp
from projektdatabas.news.models import NewsItem
from projektdatabas.organisations.models import Department, Municipality
from projektdatabas.projects.models import Project, ProjectPartner, ProjectStatus

from ..access import staff_view
from ..history import field_rows, project_timeline
from ..shown import several
from .calls import project_calls, start_page_routings
from .decisions import followed_up_by
from .interest import for_project as interest_for_project
from .interest import home_panel as interest_home_panel
from .monitoring import home_panel as eu_home_panel
from .plans import home_panel as plan_home_panel
from .reports import home_panel as report_home_panel
from .strategy_review import review_home_panel


def _project_for(request, pk):
    """The project if the user may see it; a refusal otherwise."""
    project = get_object_or_404(
        Project.objects.select_related("lead_department__committee", "municipality"), pk=pk
    )
    perms.require(perms.can_view_project(request.user, project))
    return project


# Internal news on the start page: the latest few; the rest under "News".
INTERNAL_NEWS_SHOWN = 3


@require_safe
@staff_view
def home(request):
    """The work list: the user's projects, each with what it needs next."""
    user = request.user
    latest = (
        Project.objects.visible_to(user)
        .filter(archived_at__isnull=True)
        # A finished project is done with, unless it is still to be published.
        .exclude(
            Q(status=ProjectStatus.WITHDRAWN)
            | Q(status=ProjectStatus.FINAL_REPORT_DONE, is_published=True)
        )
        .order_by("-updated_at")
        .values_list("pk", flat=True)[:200]
    )
    projects = (
        Project.objects.filter(pk__in=list(latest))
        .select_related("municipality")
        .order_by("-updated_at")
    )
    rows = []
    for project, need in decision_needs(projects):
        todo = things_to_do(project, need)
        rows.append({"project": project, "todo": todo, "decision": need.reason in todo})
    # A missing decision first (the strategy's one hard rule: fourteen reminders of old
    # final reports came before it), then whatever else needs doing, newest first in each.
    rows.sort(key=lambda row: (not row["decision"], not row["todo"]))
    return render(
        request,
        "staff/home.html",
        {
            "rows": rows,
            # Begun without the decision the strategy requires: a rule broken, not a chore
            # among the others, so it leads the page.
            "breaches": [
                (project, need)
                for project, need in projects_lacking_decision(followed_up_by(user))
                if lack_kind(project, need) == STARTED
            ],
            "can_view_compliance": perms.can_view_compliance(user),
            # A regional coordinator's list mixes municipalities: each row says whose.
            "several_municipalities": len(perms.readable_municipality_ids(user)) > 1,
            "departments": [m.department for m in perms.memberships(user) if m.department_id],
            "can_create": perms.can_create_project(user),
            "can_oversee": perms.can_oversee(user),
            "internal_news": NewsItem.objects.filter(
                municipality_id__in=perms.news_municipality_ids(user)
            )
            .internal()
            .newest_first()[:INTERNAL_NEWS_SHOWN],
            "interest_waiting": interest_home_panel(user),
            "eu_monitoring": eu_home_panel(user),
            "plan_measures": plan_home_panel(user),
            "half_year_report": report_home_panel(user),
            "strategy_review": review_home_panel(user),
            "call_routings": start_page_routings(user),
            "my_follow_ups": FollowUp.objects.open()
            .owned_by(user)
            .select_related("meeting__group")
            .order_by("due_on", "pk"),
        },
    )


@require_safe
@staff_view
def project_list(request):
    projects = Project.objects.visible_to(request.user).select_related("lead_department")
    status = request.GET.get("status", "")
    if status in ProjectStatus.values:
        projects = projects.filter(status=status)
    # Someone who reads several municipalities (a regional coordinator) sees whose each
    # project is and can pick one: department names repeat between municipalities.
    readable = perms.readable_municipality_ids(request.user)
    municipalities, chosen = [], ""
    if several(readable):
        municipalities = list(Municipality.objects.filter(pk__in=readable).order_by("name"))
        projects = projects.select_related("municipality")
        chosen = request.GET.get("kommun", "")
        if chosen in {m.slug for m in municipalities}:
            projects = projects.filter(municipality__slug=chosen)
    # PostgreSQL refuses a NUL character in any string it is sent (a 500, not no hits).
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    if query:
        projects = projects.filter(title_sv__icontains=query)
    # The departments of the projects this user sees: 76 projects to look through, by title
    # and status only, were too many for a coordinator asked about one department's.
    departments = list(
        Department.objects.filter(
            pk__in=Project.objects.visible_to(request.user).values("lead_department")
        )
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )
    department = request.GET.get("forvaltning", "")
    if department in {str(d.pk) for d in departments}:
        projects = projects.filter(lead_department_id=int(department))
    else:
        department = ""
    page = Paginator(projects.order_by("-updated_at", "-id"), 50).get_page(request.GET.get("sida"))
    return render(
        request,
        "staff/project_list.html",
        {
            "page": page,
            "status": status,
            "q": query,
            "statuses": ProjectStatus.choices,
            "municipalities": municipalities,
            "chosen_municipality": chosen,
            "departments": departments if len(departments) > 1 else [],
            "chosen_department": department,
            "can_import": perms.can_import_projects(request.user).allowed,
            "can_create": perms.can_create_project(request.user),
        },
    )


def _decision_contacts(project) -> list:
    """Who to ask for a missing decision: the committee's secretaries, who put it on the
    agenda and record it, else the coordinators. A department had read "kräver beslut"
    and then met a refusal at the form for recording one."""
    members = Membership.objects.select_related("user")
    chosen = members.secretaries(project.lead_department.committee)
    if not chosen.exists():
        chosen = members.coordinators(project.municipality)
    return [m.user for m in chosen.order_by("user__last_name", "user__first_name")]


@require_safe
@staff_view
def detail(request, pk):
    project = _project_for(request, pk)
    user = request.user
    need = decision_need(project)
    can_edit = perms.can_edit_project(user, project)
    sees_money = perms.can_view_money(user)
    return render(
        request,
        "staff/project_detail.html",
        {
            "project": project,
            "need": need,
            "todo": things_to_do(project, need),
            "steps": next_steps(project) if can_edit else [],
            "can_edit": can_edit,
            "can_archive": perms.can_archive_project(user, project),
            "can_record_decision": perms.can_record_decision(
                user, project.lead_department.committee
            ),
            "decision_contacts": _decision_contacts(project) if need.missing else [],
            "coordinators": [
                m.user
                for m in Membership.objects.coordinators(project.municipality).select_related(
                    "user"
                )
            ],
            "partnerships": project.partnerships.select_related("organisation"),
            "fundings": project.fundings.select_related("programme", "funder", "staff_time_rate"),
            "receipts": Receipt.all_objects.filter(project=project).select_related("programme")
            if sees_money
            else None,
            "can_record_receipt": perms.can_manage_money(user, project.municipality_id),
            "programmes": project.programmes.all(),
            "themes": project.themes.all(),
            "target_groups": project.target_groups.all(),
            "orientations": project.orientations.select_related("area"),
            "growth_dimensions": project.growth_dimensions.all(),
            "sdgs": project.sdgs.all(),
            "decisions": project.decisions.select_related("committee", "delegation"),
            "contacts": project.contacts.all(),
            "links": project.links.all(),
            "interest": interest_for_project(user, project),
            "call_routings": project_calls(project),
        },
    )


@require_safe
@staff_view
def preview(request, pk):
    project = _project_for(request, pk)
    project = Project.objects.select_related("lead_department").get(pk=pk)
    context = project_page_context(project, municipality=project.municipality)
    context["is_preview"] = True
    return render(request, "staff/preview.html", context)


@require_safe
@staff_view
def history(request, pk):
    project = _project_for(request, pk)
    return render(
        request,
        "staff/project_history.html",
        {"project": project, "entries": project_timeline(project)},
    )


@require_safe
@staff_view
def as_of(request, pk):
    project = _project_for(request, pk)
    day, error = _day_asked_for(request.GET.get("datum", ""))
    context = {"project": project, "day": day, "error": error}
    if day is not None:
        moment = end_of_day(day)
        try:
            context["then"] = then = project.history.as_of(moment)
            context["then_rows"] = field_rows(then)
        except Project.DoesNotExist:
            context["error"] = _("The project did not exist yet on %(day)s.") % {"day": day}
        else:
            context["partners_then"] = ProjectPartner.history.as_of(moment).filter(project_id=pk)
            context["fundings_then"] = Funding.history.as_of(moment).filter(project_id=pk)
    return render(request, "staff/project_as_of.html", context)


def _day_asked_for(value: str) -> tuple[dt.date | None, str]:
    """The day in ?datum=, or why it cannot be used."""
    if not value:
        return None, ""
    try:
        day = parse_date(value)
    except ValueError:  # well-formed but not in the calendar: 2025-02-30, 0000-01-01
        return None, _("There is no such day. Give the date as YYYY-MM-DD, for example 2026-03-31.")
    if day is None:
        return None, _("Give the date as YYYY-MM-DD, for example 2026-03-31.")
    return day, ""
