"""Funding calls in the staff pages: the register, a call with its routing to departments
and their answers, registering, editing, archiving, and importing from a file. Each write
is one service call (calls/services.py, calls/imports.py), which checks who may."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from projektdatabas.accounts import permissions as perms
from projektdatabas.accounts.models import Role
from projektdatabas.calls import imports, services
from projektdatabas.calls.models import Answer, Call, CallStatus, Routing
from projektdatabas.core.spreadsheets import csv_writer

from ..access import staff_view
from ..call_forms import AnswerForm, CallForm, CallImportForm, RouteForm
from ..history import timeline
from ..shown import several
from ..submitting import carry_stored_version, submit_to_service

ARCHIVED = "archived"


def _calls_for(request):
    return Call.objects.filter(municipality_id__in=perms.call_municipality_ids(request.user))


def _call_for(request, pk) -> Call:
    """A call of the user's municipality; the administrator sees none (404)."""
    return get_object_or_404(_calls_for(request).select_related("programme", "municipality"), pk=pk)


def _coordinated_municipality(user):
    for membership in perms.memberships(user):
        if membership.role == Role.COORDINATOR:
            return membership.municipality
    return None


@require_safe
@staff_view
def call_list(request):
    calls = _calls_for(request).select_related("programme", "municipality")
    status = request.GET.get("status", "")
    if status == ARCHIVED:
        calls = calls.archived()
    else:
        calls = calls.current()
        if status in CallStatus.values:
            calls = calls.with_status(status)
        else:
            status = ""
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    if query:
        calls = calls.filter(
            Q(title_sv__icontains=query)
            | Q(title_en__icontains=query)
            | Q(identifier__icontains=query)
            | Q(programme_name__icontains=query)
            | Q(programme__name__icontains=query)
        )
    calls = calls.annotate(
        routed=Count("routings", distinct=True),
        waiting=Count("routings", filter=Q(routings__answer=Answer.PENDING), distinct=True),
        applying=Count("routings", filter=Q(routings__answer=Answer.APPLYING), distinct=True),
    )
    page = Paginator(calls.closing_first(), 50).get_page(request.GET.get("sida"))
    return render(
        request,
        "staff/call_list.html",
        {
            "page": page,
            "status": status,
            "q": query,
            "statuses": [*CallStatus.choices, (ARCHIVED, _("archived"))],
            "can_manage": perms.can_manage_calls(request.user),
            # A regional coordinator reads several municipalities' calls: each row names its own.
            "several": several(perms.call_municipality_ids(request.user)),
        },
    )


def _detail_page(request, call, *, route_form=None, status=200):
    user = request.user
    can_manage = perms.can_manage_calls(user, call.municipality_id)
    routings = list(call.routings.select_related("department", "answered_by", "project"))
    if route_form is None and can_manage:
        route_form = RouteForm(call=call)
    return render(
        request,
        "staff/call_detail.html",
        {
            "call": call,
            "routings": [
                {
                    "routing": r,
                    "can_answer": perms.can_answer_call(user, r),
                    "can_see_project": r.project_id
                    and perms.can_view_project(user, r.project).allowed,
                }
                for r in routings
            ],
            "can_manage": can_manage,
            "several": several(perms.call_municipality_ids(user)),
            "route_form": route_form if can_manage else None,
            "entries": timeline(
                (Call.history.filter(id=call.pk), Call, lambda r: _("The call")),
                (
                    Routing.history.filter(call_id=call.pk).select_related("department"),
                    Routing,
                    lambda r: str(r.department),
                ),
            ),
        },
        status=status,
    )


@require_safe
@staff_view
def call_detail(request, pk):
    return _detail_page(request, _call_for(request, pk))


@require_http_methods(["GET", "POST"])
@staff_view
def call_create(request):
    municipality = _coordinated_municipality(request.user)
    perms.require(perms.can_manage_calls(request.user, getattr(municipality, "pk", None)))
    form = CallForm(request.POST or None, municipality=municipality)
    call = submit_to_service(
        request=request,
        form=form,
        service=lambda: services.create_call(
            actor=request.user, municipality=municipality, changes=form.changes()
        ),
    )
    if call:
        messages.success(request, _("The call is registered."))
        return redirect("staff:call", pk=call.pk)
    return render(request, "staff/call_form.html", {"form": form, "call": None})


@require_http_methods(["GET", "POST"])
@staff_view
def call_edit(request, pk):
    call = _call_for(request, pk)
    perms.require(perms.can_manage_calls(request.user, call.municipality_id))
    form = CallForm(request.POST or None, instance=call, municipality=call.municipality)
    saved = submit_to_service(
        request=request, form=form, service=lambda: _save(form, call, request)
    )
    if saved:
        messages.success(request, _("The call is saved."))
        return redirect("staff:call", pk=call.pk)
    return render(request, "staff/call_form.html", {"form": form, "call": call})


def _save(form, call, request):
    try:
        return services.save_call(
            call=call,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            changes=form.changes(),
        )
    except services.CallEditConflict as conflict:
        carry_stored_version(form, call)
        form.add_error(None, conflict)
        return None


@require_POST
@staff_view
def call_route(request, pk):
    call = _call_for(request, pk)
    perms.require(perms.can_manage_calls(request.user, call.municipality_id))
    form = RouteForm(request.POST, call=call)
    if form.is_valid():
        try:
            new = services.route_call(
                call=call,
                actor=request.user,
                departments=list(form.cleaned_data["departments"]),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Sent to %(departments)s. Their representatives get an e-mail.")
                % {"departments": ", ".join(str(r.department) for r in new)},
            )
            return redirect("staff:call", pk=call.pk)
    return _detail_page(request, call, route_form=form, status=200)


@require_http_methods(["GET", "POST"])
@staff_view
def call_answer(request, pk):
    """A department's answer to a call sent to it (pk: the routing)."""
    routing = get_object_or_404(
        Routing.objects.select_related("call__programme", "department").filter(
            call__municipality_id__in=perms.call_municipality_ids(request.user)
        ),
        pk=pk,
    )
    perms.require(perms.can_answer_call(request.user, routing))
    form = AnswerForm(request.POST or None)
    answered = submit_to_service(
        request=request,
        form=form,
        service=lambda: services.answer_call(
            routing=routing,
            actor=request.user,
            applying=form.cleaned_data["answer"] == Answer.APPLYING,
            reason=form.cleaned_data["reason"],
        ),
    )
    if answered and answered.project_id:
        messages.success(
            request,
            _(
                "A project idea is registered from the call. Complete it here: the call's "
                "identifier and last day are in its internal description."
            ),
        )
        return redirect("staff:project_edit", pk=answered.project_id, section="grunduppgifter")
    if answered:
        messages.success(request, _("Your answer is saved: you do not apply."))
        return redirect("staff:call", pk=routing.call_id)
    return render(
        request, "staff/call_answer.html", {"form": form, "routing": routing, "call": routing.call}
    )


@require_POST
@staff_view
def call_archive(request, pk):
    call = _call_for(request, pk)
    service = {"archive": services.archive_call, "restore": services.restore_call}.get(
        request.POST.get("action", "")
    )
    if service is None:
        raise Http404
    try:
        service(call=call, actor=request.user)  # it checks who may (the 403 page)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Archived.") if call.archived_at else _("Restored from the archive.")
        )
    return redirect("staff:call", pk=call.pk)


@require_http_methods(["GET", "POST"])
@staff_view
def call_import(request):
    """Upload, look at what would change, confirm. The preview carries what was read,
    signed (calls/imports.py), so confirming needs no second upload."""
    municipality = _coordinated_municipality(request.user)
    perms.require(perms.can_manage_calls(request.user, getattr(municipality, "pk", None)))
    form = CallImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "errors": [], "planned": None}
    if request.method == "POST" and "preview" in request.POST:
        try:
            rows, source = imports.unsign_rows(request.POST["preview"], municipality=municipality)
            result = imports.import_calls(
                actor=request.user, municipality=municipality, rows=rows, source=source
            )
        except imports.ImportRefused as refused:
            context["errors"] = refused.errors
            form = context["form"] = CallImportForm()
        else:
            messages.success(
                request,
                _("Import done: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.")
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            return redirect("staff:calls")
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        portal = upload.name.lower().endswith(".json")
        try:
            rows = (
                imports.read_funding_tenders(content)
                if portal
                else imports.read_csv(upload.name, content)
            )
            planned = imports.plan_import(municipality=municipality, rows=rows)
            imports.check_import(municipality=municipality, actor=request.user, planned=planned)
        except imports.ImportRefused as refused:
            context["errors"] = refused.errors
        else:
            context["planned"] = planned
            context["token"] = imports.sign_rows(
                rows, municipality=municipality, source=upload.name[:100]
            )
    return render(request, "staff/call_import.html", context)


@require_safe
@staff_view
def call_template(request):
    """The import's columns with one example row, for Excel with Swedish settings."""
    perms.require(perms.can_manage_calls(request.user))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="utlysningar-mall.csv"'
    writer = csv_writer(response)
    writer.writerow(imports.TEMPLATE_COLUMNS)
    writer.writerow(imports.TEMPLATE_EXAMPLE)
    return response


START_PAGE_ROUTINGS = 10


@dataclass(frozen=True)
class HomeCalls:
    rows: list[Routing]
    for_coordinator: bool  # every department's unanswered calls, not the user's own


def start_page_routings(user) -> HomeCalls:
    """For the staff start page: a representative's departments' calls that are still open
    or forthcoming, unanswered first, soonest deadline first; a coordinator's, every
    department's unanswered ones."""
    routings = (
        Routing.objects.filter(call__in=Call.objects.current().not_closed_at())
        .select_related("call__programme", "department", "project")
        .order_by(F("call__closes_on").asc(nulls_last=True), "call_id", "department__name")
    )
    departments = perms.represented_department_ids(user)
    coordinated = perms.coordinated_municipality_ids(user)
    if departments:
        routings = routings.filter(department_id__in=departments)
    elif coordinated:
        routings = routings.filter(call__municipality_id__in=coordinated).pending()
    else:
        return HomeCalls([], False)
    # Unanswered first (a stable sort keeps the deadlines' order within each part).
    rows = sorted(routings[:100], key=lambda r: r.answer != Answer.PENDING)
    return HomeCalls(rows[:START_PAGE_ROUTINGS], not departments)


def project_calls(project) -> list[Routing]:
    """The calls a project idea was registered from, for the project's staff page."""
    return list(project.call_routings.select_related("call__programme"))
