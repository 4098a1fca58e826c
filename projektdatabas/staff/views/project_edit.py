"""Changing projects in the staff interface: the guided form in sections, its rows and the
partner organisation added on the way (submitting, status steps and publishing are in
project_actions.py). Every write goes through a service; the views turn a request into the
service's data and its answer into a page."""

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from projektdatabas.accounts import permissions as perms
from projektdatabas.finance.models import StaffTimeRate, valuation_year
from projektdatabas.organisations.models import Department, Organisation
from projektdatabas.projects import services
from projektdatabas.projects.editing import EditConflict
from projektdatabas.projects.models import Project
from projektdatabas.projects.partners import add_organisation, similar_organisations

from .. import forms
from ..access import staff_view
from ..submitting import carry_stored_version

# Rows a section can grow to by "Add a row" (the formset's own limit is far higher).
MAX_ROWS = 50


@dataclass(frozen=True)
class Section:
    slug: str
    label: str
    form: type
    formset: type | None = None
    intro: str = ""
    row_label: str = ""  # "Financing" -> the legends "Financing 1", "Financing 2" ...
    row_class: type | None = None  # the service's row type (services.FundingRow ...)
    rows_argument: str = ""  # and the keyword it is passed as
    rows_heading: str = ""  # a heading over the rows where the section has other fields
    rows_intro: str = ""


SECTIONS = [
    Section("grunduppgifter", gettext_lazy("Basics"), forms.BasicsForm),
    Section(
        "partner",
        gettext_lazy("Partners"),
        forms.PartnersOnlyForm,
        forms.PartnerFormSet,
        gettext_lazy("Organisations the municipality works with in the project."),
        row_label=gettext_lazy("Partner"),
        row_class=services.PartnerRow,
        rows_argument="partners",
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
        row_label=gettext_lazy("Financing"),
        row_class=services.FundingRow,
        rows_argument="fundings",
    ),
    Section(
        "strategi",
        gettext_lazy("Strategy links"),
        forms.StrategyForm,
        intro=gettext_lazy("The funding programmes are given on the financing lines, under Money."),
    ),
    Section(
        "publicering",
        gettext_lazy("Publication"),
        forms.PublicTextForm,
        forms.LinkFormSet,
        intro=gettext_lazy("What residents read on the website. Never personal data."),
        row_label=gettext_lazy("Link"),
        row_class=services.LinkRow,
        rows_argument="links",
        rows_heading=gettext_lazy("Links on the website"),
        rows_intro=gettext_lazy(
            "Links are optional: the project's own website, its page in the EU's results "
            "platform, a report. A link you add needs its address and its Swedish text. To "
            "take a link off the website, untick “Shown on the website”: it stays in the "
            "project's record."
        ),
    ),
]
SECTION_BY_SLUG = {section.slug: section for section in SECTIONS}


def _editable(request, pk):
    project = get_object_or_404(Project.objects.select_related("lead_department__committee"), pk=pk)
    perms.require(perms.can_edit_project(request.user, project))
    return project


def _departments(user):
    return perms.departments_for(user, Department).order_by("name")


def _changes(form) -> dict:
    """The form's fields as the service takes them."""
    return {
        name: form.cleaned_data[name]
        for name in form.fields
        if name != "version" and name in form.cleaned_data
    }


def _rows(formset, spec) -> list:
    """The formset's rows as the service's data: changed and new rows with their values,
    removed ones by id; untouched empty rows are left out."""
    rows, deleted = [], set(map(id, formset.deleted_forms))
    names = [
        name for name in formset.form.base_fields if name not in ("id", "DELETE", formset.fk.name)
    ]
    for subform in formset.forms:
        pk = subform.instance.pk
        if id(subform) in deleted:
            if pk is not None:
                values = {name: getattr(subform.instance, name) for name in names}
                rows.append(spec.row_class(**values, id=pk, delete=True))
            continue
        if pk is None and not subform.has_changed():
            continue
        values = {name: subform.cleaned_data.get(name) for name in names}
        rows.append(spec.row_class(**values, id=pk))
    return rows


def _keep_typed(*forms_and_formsets) -> None:
    """Show what was typed without judging it: adding a row or an organisation is not a
    save, so the rows half filled in must not be marked as errors."""
    for thing in forms_and_formsets:
        if thing is None:
            continue
        if hasattr(thing, "forms"):
            thing._non_form_errors = thing.error_class()
            thing._errors = []
            for subform in thing.forms:
                subform._errors = ErrorDict()
                thing._errors.append(subform._errors)
        else:
            thing._errors = ErrorDict()


def _one_more_row(data, formset):
    """The section's data with one more row, holding the row's initial values (SEK, rate
    1, the role "partner") as an empty row shown by GET would."""
    data, prefix = data.copy(), formset.prefix
    total = _int(data.get(f"{prefix}-TOTAL_FORMS"))
    if total is None or total >= MAX_ROWS:
        return data
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    empty = formset.empty_form
    for name in empty.fields:
        value = empty[name].value()
        if value not in (None, "", False):
            data[f"{prefix}-{total}-{name}"] = str(value)
    return data


def _int(value) -> int | None:
    # isdecimal, not isdigit: int() refuses "²"; and no row count or id runs to 10 digits
    # (int() refuses more than 4,300).
    if isinstance(value, str) and value.isdecimal() and len(value) < 10:
        return int(value)
    return None


# The new-project form carries a token of its own, and the session remembers the draft each
# token made, at the version it made it: Back to the filled-in form and Save again had
# registered the project twice, and a department cannot take a draft away (archiving is
# the coordinator's).
MADE_DRAFTS = "pd_made_drafts"


@require_http_methods(["GET", "POST"])
@staff_view
def create(request):
    perms.require(perms.can_create_project(request.user))
    form = forms.NewProjectForm(request.POST or None, departments=_departments(request.user))
    token = request.POST.get("draft", "")[:32] or uuid.uuid4().hex
    if request.method == "POST" and form.is_valid():
        try:
            project, notice = _save_new(request, form, token)
        except EditConflict:
            pk = request.session[MADE_DRAFTS][token][0]
            messages.warning(
                request,
                _(
                    "This draft was already saved, and has been changed since: the form sent "
                    "again was not saved over it. Here it is."
                ),
            )
            return redirect("staff:project", pk=pk)
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(request, notice)
            return redirect("staff:project_edit", pk=project.pk, section="partner")
    return render(
        request,
        "staff/project_form.html",
        {
            "form": form,
            "sections": SECTIONS,
            "section": SECTIONS[0],
            "creating": True,
            "draft_token": token,
        },
    )


def _save_new(request, form, token: str):
    """A new draft, or, for a form sent again, the draft it made, as long as nobody has
    saved it since (EditConflict)."""
    made = request.session.get(MADE_DRAFTS, {})
    pk, version = made.get(token, (None, None))
    earlier = Project.objects.filter(pk=pk).first() if pk else None
    if earlier is None:
        project = services.create_project(actor=request.user, changes=_changes(form))
        notice = _("The draft is saved. Continue with the partners.")
    else:
        project = services.save_project(
            project=earlier,
            actor=request.user,
            expected_version=version,
            section=str(SECTIONS[0].label),
            changes=_changes(form),
        )
        notice = _(
            "This draft was already saved (the form was sent again): your changes are "
            "saved in it, not in a new project."
        )
    made.pop(token, None)
    request.session[MADE_DRAFTS] = {
        **dict(list(made.items())[-19:]),
        token: [project.pk, project.version],
    }
    return project, notice


def _bind(spec, project, user, data):
    extra = {"departments": _departments(user)} if spec.form is forms.BasicsForm else {}
    form = spec.form(data, instance=project, **extra)
    formset = spec.formset(data, instance=project) if spec.formset else None
    return form, formset


@require_http_methods(["GET", "POST"])
@staff_view
def edit_section(request, pk, section):
    spec = SECTION_BY_SLUG.get(section)
    if spec is None:
        raise Http404
    project = _editable(request, pk)
    post = request.POST if request.method == "POST" else None
    form, formset = _bind(spec, project, request.user, post)
    context = {"conflict": None, "org_form": None, "similar": [], "notice": "", "added_row": False}
    if post is not None and formset is not None and "add_row" in post:
        # Without JavaScript "Add a row" sends the whole section: show it again, as typed,
        # with one more empty row, and save nothing.
        form, formset = _bind(spec, project, request.user, _one_more_row(post, formset))
        _keep_typed(form, formset)
        context["added_row"] = True
    elif post is not None and spec.slug == "partner" and _organisation_asked(post):
        data, context = _organisation_step(request, project, post, formset.prefix, context)
        form, formset = _bind(spec, project, request.user, data)
        _keep_typed(form, formset)
    elif post is not None and form.is_valid() and (formset is None or formset.is_valid()):
        try:
            services.save_project(
                project=project,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                section=str(spec.label),
                changes=_changes(form),
                **({spec.rows_argument: _rows(formset, spec)} if formset else {}),
            )
        except EditConflict as error:
            context["conflict"] = error
            carry_stored_version(form, project)
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(request, _("%(section)s saved.") % {"section": spec.label})
            return redirect(_after_save(request, project, spec))
    if spec.slug == "partner" and context["org_form"] is None and _may_add_organisation(request):
        context["org_form"] = forms.OrganisationForm(prefix=forms.OrganisationForm.prefix)
    return render(
        request,
        "staff/project_form.html",
        {
            "project": project,
            "form": form,
            "formset": formset,
            "sections": SECTIONS,
            "section": spec,
            "row_label": spec.row_label,
            **context,
            **(_staff_time_rate(project) if spec.slug == "pengar" else {}),
        },
    )


def _may_add_organisation(request) -> bool:
    return bool(perms.can_add_organisation(request.user))


def _organisation_asked(post) -> bool:
    return "add_organisation" in post or "use_organisation" in post


def _organisation_step(request, project, post, prefix, context):
    """The partner section's "new organisation" part: warn of a similar name first
    ("Did you mean …?"), then add it, or take the existing one chosen; either way it is
    put in an empty partner row, and the rest of the section stays as typed. Returns
    the section's data to show and the context."""
    org_form = forms.OrganisationForm(post, prefix=forms.OrganisationForm.prefix)
    context = {**context, "org_form": org_form}
    chosen = None
    if "use_organisation" in post:
        chosen = Organisation.objects.filter(pk=_int(post["use_organisation"])).first()
        if chosen is None:
            org_form.add_error(None, _("That organisation no longer exists. Choose again."))
            return post, context
    elif org_form.is_valid():
        data = org_form.cleaned_data
        similar = similar_organisations(data["name"])
        if similar and post.get("add_organisation") != "confirmed":
            context["similar"] = similar
            return post, context
        try:
            chosen = add_organisation(actor=request.user, **data)
        except PermissionDenied as refusal:
            org_form.add_error(None, str(refusal))
        except ValidationError as error:
            forms.add_service_errors(org_form, error)
    if chosen is None:
        return post, context
    data, row = _with_partner(post, prefix, chosen)
    context["org_form"] = forms.OrganisationForm(prefix=forms.OrganisationForm.prefix)
    context["notice"] = _(
        "%(organisation)s is chosen in %(row)s. Save to make it a partner in the project."
    ) % {"organisation": chosen, "row": f"{SECTION_BY_SLUG['partner'].row_label} {row}"}
    return data, context


def _with_partner(post, prefix: str, organisation) -> tuple:
    """The partner rows with `organisation` in the first empty row (or a new one)."""
    data = post.copy()
    total = _int(data.get(f"{prefix}-TOTAL_FORMS")) or 0
    index = next((i for i in range(total) if not data.get(f"{prefix}-{i}-organisation")), None)
    if index is None:
        index = min(total, MAX_ROWS - 1)
        data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data[f"{prefix}-{index}-organisation"] = str(organisation.pk)
    data.setdefault(f"{prefix}-{index}-role", "partner")
    return data, index + 1


@require_GET
@staff_view
def new_row(request, pk, section):
    """One more empty row for a section's repeating group, for htmx ("Add a row" with
    JavaScript): the row, and the formset's new row count swapped in out of band."""
    spec = SECTION_BY_SLUG.get(section)
    if spec is None or spec.formset is None:
        raise Http404
    project = _editable(request, pk)
    formset = spec.formset(instance=project)
    asked = request.GET.get(f"{formset.prefix}-TOTAL_FORMS")
    index = formset.total_form_count() if asked is None else _int(asked)
    if index is None or index >= MAX_ROWS:
        raise Http404
    subform = formset.form(
        auto_id=formset.auto_id,
        prefix=formset.add_prefix(index),
        empty_permitted=True,
        use_required_attribute=False,
        **formset.get_form_kwargs(index),
    )
    formset.add_fields(subform, index)
    return render(
        request,
        "staff/_new_row.html",
        {
            "subform": subform,
            "n": index + 1,
            "row_label": spec.row_label,
            "formset": formset,
            "total": index + 1,
            "focus": True,
        },
    )


def _staff_time_rate(project) -> dict:
    """What values staff time given in hours only, shown above the financing rows."""
    return {
        "valuation_year": valuation_year(project),
        "staff_time_rate": StaffTimeRate.objects.for_project(project),
    }


def _after_save(request, project, spec):
    # reverse() keeps the page's language: /en/intern/... stays in English.
    if "save_and_next" in request.POST:
        position = SECTIONS.index(spec)
        if position + 1 < len(SECTIONS):
            return reverse("staff:project_edit", args=[project.pk, SECTIONS[position + 1].slug])
    return reverse("staff:project", args=[project.pk])
