"""The project's steps from its page: submitting, status changes, publishing, archiving.
Each is one service call that checks who may (a refusal is PermissionDenied, shown by the
403 page with its reason); a rule that says no becomes a message on the project's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from projektdatabas.accounts.permissions import can_edit_project
from projektdatabas.governance import lifecycle
from projektdatabas.projects import services
from projektdatabas.projects.models import Project, ProjectStatus

from ..access import staff_view


def _run(request, action, **kwargs):
    """Run a service; a refusal becomes an error message with its reason."""
    try:
        action(actor=request.user, **kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    return True


@require_POST
@staff_view
def submit(request, pk):
    project = get_object_or_404(Project, pk=pk)
    if _run(request, services.submit_project, project=project):
        messages.success(request, _("The project is submitted. The coordinator has been told."))
    return redirect("staff:project", pk=pk)


# Statuses a project never leaves: withdrawing and the final report. One click beside
# "Starta projektet" had withdrawn a project for good; these ask first.
FINAL = {status for status, onward in lifecycle.NEXT.items() if not onward}


@require_POST
@staff_view
def change_status(request, pk):
    project = get_object_or_404(Project, pk=pk)
    to = request.POST.get("to", "")
    version = request.POST.get("version", "")
    asking = to in FINAL and request.POST.get("confirmed") != "1"
    if asking and can_edit_project(request.user, project) and lifecycle.can_move(project, to):
        return render(
            request,
            "staff/project_status_confirm.html",
            {
                "project": project,
                "to": to,
                "version": version,
                "label": lifecycle.ACTION_LABELS[to],
                "status_label": ProjectStatus(to).label,
            },
        )
    if _run(
        request,
        lifecycle.change_status,
        project=project,
        to=to,
        expected_version=int(version) if version.isdigit() else None,
    ):
        messages.success(
            request, _("The status is now: %(status)s.") % {"status": ProjectStatus(to).label}
        )
    return redirect("staff:project", pk=pk)


PUBLICATION_ACTIONS = {
    "publish": (services.publish_project, gettext_lazy("Published.")),
    "unpublish": (services.unpublish_project, gettext_lazy("Unpublished.")),
    "archive": (services.archive_project, gettext_lazy("Archived.")),
    "restore": (services.restore_project, gettext_lazy("Restored.")),
}


@require_POST
@staff_view
def publication(request, pk):
    project = get_object_or_404(Project, pk=pk)
    action = PUBLICATION_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        raise Http404
    service, done = action  # the service checks who may (PermissionDenied, the 403 page)
    extra = {}
    if request.POST["action"] in ("unpublish", "archive"):
        extra["reason"] = request.POST.get("reason", "")[:500]
    if _run(request, service, project=project, **extra):
        messages.success(request, done)
    return redirect("staff:project", pk=pk)
