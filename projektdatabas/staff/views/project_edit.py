"""Changing projects in the staff interface: the guided form in sections, submitting,
status steps, publishing and archiving. Every write goes through a service."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from projektdatabas.accounts import permissions as perms
from projektdatabas.finance.models import StaffTimeRate, valuation_year
from projektdatabas.governance import lifecycle
from projektdatabas.organisations.models import Department
from projektdatabas.projects import services
from projektdatabas.projects.editing import EditConflict, create_project, save_project
from projektdatabas.projects.models import Project, ProjectStatus

from .. import forms
from ..access import refuse, staff_view


@dataclass(frozen=True)
class Section:
    slug: str
    label: str
    form: type
    formset: type | None = None
    intro: str = ""


SECTIONS = [
    Section("grunduppgifter", gettext_lazy("Basics"), forms.BasicsForm),
    Section(
        "partner",
        gettext_lazy("Partners"),
        forms.PartnersOnlyForm,
        forms.PartnerFormSet,
        gettext_lazy("Organisations the municipality works with in the project."),
    ),
    Section(
        "pengar",
        gettext_lazy("Money"),
        forms.MoneyForm,
        forms.FundingFormSet,
        gettext_lazy(
            "Municipal co-financing, in money or in own staff time, needs a decision before "
            "the project may start."
        ),
    ),
    Section("strategi", gettext_lazy("Strategy links"), forms.StrategyForm),
    Section(
        "publicering",
        gettext_lazy("Publication"),
        forms.PublicTextForm,
        intro=gettext_lazy("What residents read on the website. Never personal data."),
    ),
]
SECTION_BY_SLUG = {section.slug: section for section in SECTIONS}


def _editable(request, pk):
    project = get_object_or_404(Project.objects.select_related("lead_department__committee"), pk=pk)
    allowed = perms.can_edit_project(request.user, project)
    return (project, None) if allowed else (None, refuse(request, allowed))


def _departments(user):
    return perms.departments_for(user, Department).order_by("name")


@require_http_methods(["GET", "POST"])
@staff_view
def create(request):
    allowed = perms.can_create_project(request.user)
    if not allowed:
        return refuse(request, allowed)
    form = forms.NewProjectForm(request.POST or None, departments=_departments(request.user))
    if request.method == "POST" and form.is_valid():
        project = form.save(commit=False)
        project.municipality = project.lead_department.municipality
        try:
            create_project(project=project, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft is saved. Continue with the partners."))
            return redirect("staff:project_edit", pk=project.pk, section="partner")
    return render(
        request,
        "staff/project_form.html",
        {"form": form, "sections": SECTIONS, "section": SECTIONS[0], "creating": True},
    )


@require_http_methods(["GET", "POST"])
@staff_view
def edit_section(request, pk, section):
    spec = SECTION_BY_SLUG.get(section)
    if spec is None:
        raise Http404
    project, refusal = _editable(request, pk)
    if refusal:
        return refusal
    data = request.POST or None
    extra = {"departments": _departments(request.user)} if spec.form is forms.BasicsForm else {}
    form = spec.form(data, instance=project, **extra)
    formset = spec.formset(data, instance=project) if spec.formset else None
    conflict = None
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        try:
            save_project(
                project=form.save(commit=False),
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                section=str(spec.label),
                save_related=lambda: (form.save_m2m(), formset.save() if formset else None),
            )
        except EditConflict as error:
            conflict = error
            # What they typed stays in the form; saving again now overwrites knowingly.
            form.data = form.data.copy()
            form.data["version"] = Project.objects.values_list("version", flat=True).get(pk=pk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(section)s saved.") % {"section": spec.label})
            return redirect(_after_save(request, project, spec))
    return render(
        request,
        "staff/project_form.html",
        {
            "project": project,
            "form": form,
            "formset": formset,
            "sections": SECTIONS,
            "section": spec,
            "conflict": conflict,
            **(_staff_time_rate(project) if spec.slug == "pengar" else {}),
        },
    )


def _staff_time_rate(project) -> dict:
    """What values staff time given in hours only, shown above the financing rows."""
    return {
        "valuation_year": valuation_year(project),
        "staff_time_rate": StaffTimeRate.objects.for_project(project),
    }


def _after_save(request, project, spec):
    if "save_and_next" in request.POST:
        position = SECTIONS.index(spec)
        if position + 1 < len(SECTIONS):
            return f"/intern/projekt/{project.pk}/redigera/{SECTIONS[position + 1].slug}/"
    return f"/intern/projekt/{project.pk}/"


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
    project, refusal = _editable(request, pk)
    if refusal:
        return refusal
    if _run(request, services.submit_project, project=project):
        messages.success(request, _("The project is submitted. The coordinator has been told."))
    return redirect("staff:project", pk=pk)


@require_POST
@staff_view
def change_status(request, pk):
    project, refusal = _editable(request, pk)
    if refusal:
        return refusal
    to = request.POST.get("to", "")
    version = request.POST.get("version", "")
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
    "publish": (services.publish_project, perms.can_edit_project, gettext_lazy("Published.")),
    "unpublish": (services.unpublish_project, perms.can_edit_project, gettext_lazy("Unpublished.")),
    "archive": (services.archive_project, perms.can_archive_project, gettext_lazy("Archived.")),
    "restore": (services.restore_project, perms.can_archive_project, gettext_lazy("Restored.")),
}


@require_POST
@staff_view
def publication(request, pk):
    project = get_object_or_404(Project, pk=pk)
    action = PUBLICATION_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        raise Http404
    service, permission, done = action
    allowed = permission(request.user, project)
    if not allowed:
        return refuse(request, allowed)
    extra = {}
    if request.POST["action"] in ("unpublish", "archive"):
        extra["reason"] = request.POST.get("reason", "")[:500]
    if _run(request, service, project=project, **extra):
        messages.success(request, done)
    return redirect("staff:project", pk=pk)
