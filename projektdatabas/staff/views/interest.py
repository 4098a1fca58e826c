"""Residents' registrations of interest in the staff pages: the list of those the user may
see (everyone who may see the project's internal fields: readers read), and marking one
handled or removing it at the resident's request (those who may change the project).
The project page and the start page show them too (staff/_interest_*.html)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from projektdatabas.accounts import permissions as perms
from projektdatabas.participation import services
from projektdatabas.participation.models import InterestRegistration
from projektdatabas.projects.models import Project

from ..access import staff_view

# On the start page: the newest few waiting; the rest on the list.
HOME_SHOWN = 5


def visible_registrations(user):
    return InterestRegistration.objects.for_projects(Project.objects.visible_to(user))


def waiting_for(user):
    """New registrations for the projects the user may change (the coordinator's, the
    representatives' own departments'): the start page's panel."""
    editable = Project.objects.filter(
        Q(municipality_id__in=perms.coordinated_municipality_ids(user))
        | Q(lead_department_id__in=perms.represented_department_ids(user))
    )
    return InterestRegistration.objects.for_projects(editable).unhandled()


def home_panel(user) -> dict:
    waiting = waiting_for(user)
    return {
        "count": waiting.count(),
        "newest": waiting.select_related("project").newest_first()[:HOME_SHOWN],
    }


def for_project(user, project) -> dict | None:
    """The project page's list, for those who may see the project (the caller checked)."""
    registrations = project.interest_registrations.newest_first()
    if not registrations.exists() and not project.interest_kinds:
        return None
    return {
        "registrations": registrations.select_related("handled_by"),
        "can_handle": perms.can_edit_project(user, project),
    }


@require_safe
@staff_view
def interest_list(request):
    registrations = visible_registrations(request.user).select_related(
        "project__lead_department", "handled_by"
    )
    show_all = request.GET.get("visa") == "alla"
    if not show_all:
        registrations = registrations.unhandled()
    page = Paginator(registrations.newest_first(), 50).get_page(request.GET.get("sida"))
    editable = {
        project.pk
        for project in {r.project for r in page}
        if perms.can_edit_project(request.user, project)
    }
    return render(
        request,
        "staff/interest_list.html",
        {"page": page, "show_all": show_all, "editable": editable},
    )


@require_POST
@staff_view
def interest_status(request, pk):
    registration = get_object_or_404(visible_registrations(request.user), pk=pk)
    project = registration.project
    action = request.POST.get("action")
    if action == "handled":
        services.mark_handled(registration=registration, actor=request.user)
        messages.success(request, _("The registration is marked as handled."))
    elif action == "remove" and not request.POST.get("confirmed"):
        # Removed for good, one click from "Markera som hanterad": asked first, of those
        # who may remove it.
        perms.require(perms.can_edit_project(request.user, project))
        return render(
            request,
            "staff/interest_remove_confirm.html",
            {"r": registration, "back": request.POST.get("back", "")},
        )
    elif action == "remove":
        services.remove_registration(registration=registration, actor=request.user)
        messages.success(request, _("The registration has been removed."))
    else:
        messages.error(request, _("Unknown action."))
    if request.POST.get("back") == "list":
        return redirect("staff:interest")
    return redirect(reverse("staff:project", args=[project.pk]) + "#intresse")
