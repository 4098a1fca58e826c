"""Action plans and measures in the staff pages: the coordinator edits plans and
measures, evaluates and revises; departments update their own measures' progress, one
at a time or from a file."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from projektdatabas.accounts import permissions as perms
from projektdatabas.core.spreadsheets import INTEGER, Column, spreadsheet_response
from projektdatabas.planning import services
from projektdatabas.planning.calendar import governance_calendar
from projektdatabas.planning.imports import ImportRefused, import_progress, read_rows
from projektdatabas.planning.models import ActionPlan, Measure
from projektdatabas.planning.rollup import rollup
from projektdatabas.planning.terms import current_election, term_start
from projektdatabas.strategy.models import Strategy

from ..access import staff_view
from ..plan_forms import (
    ImportForm,
    MeasureForm,
    PlanAdoptionForm,
    PlanEvaluationForm,
    PlanForm,
    PlanRevisionForm,
    ProgressForm,
)
from ..shown import regional_choice, several, shown_municipality
from ..submitting import submit_to_service
from .strategy_review import strategies_with_reviews

# The start page lists a department's measures due within this many days, late ones first.
DUE_SOON_DAYS = 30
HOME_SHOWN = 10


def home_panel(user) -> dict | None:
    """The start page's action plan panel: a representative's own measures that are late
    or due soon, the coordinator's count of late measures."""
    today = timezone.localdate()
    measures = Measure.objects.in_force()
    own = list(
        measures.filter(responsible_department_id__in=perms.represented_department_ids(user))
        .due_by(today + dt.timedelta(days=DUE_SOON_DAYS))
        .select_related("responsible_department")
        .order_by("deadline", "number")[:HOME_SHOWN]
    )
    for measure in own:
        measure.late = measure.is_late(today)
    coordinated = perms.coordinated_municipality_ids(user)
    late = (
        measures.filter(plan__strategy__municipality_id__in=coordinated).late(today).count()
        if coordinated
        else 0
    )
    if not own and not late:
        return None
    return {"own": own, "late": late}


def _plan(request, pk):
    return get_object_or_404(
        ActionPlan.objects.select_related("strategy__municipality").filter(
            strategy__municipality_id__in=perms.readable_municipality_ids(request.user)
        ),
        pk=pk,
    )


def _coordinated_strategies(user):
    return Strategy.objects.filter(municipality_id__in=perms.coordinated_municipality_ids(user))


def _no_strategy(user) -> str:
    """Why a coordinator cannot create a plan yet, or "" for anyone else. Kungälv's
    coordinator was told that only the coordinator creates plans: she is it, and the
    municipality simply had no strategy registered."""
    if not perms.coordinated_municipality_ids(user):
        return ""
    return _(
        "An action plan carries out a strategy, and no strategy is registered for your "
        "municipality yet: ask the installation's administrator to register it, with its "
        "orientations."
    )


@require_safe
@staff_view
def plan_list(request):
    readable = perms.readable_municipality_ids(request.user)
    plans = (
        ActionPlan.objects.filter(strategy__municipality_id__in=readable)
        .select_related("strategy__municipality")
        .order_by("strategy__municipality__name", "-starts_on", "pk")
    )
    rows = [(plan, rollup(plan)[0]) for plan in plans]
    can_create = _coordinated_strategies(request.user).exists()
    no_strategy = "" if can_create else _no_strategy(request.user)
    return render(
        request,
        "staff/plan_list.html",
        # Several municipalities' plans (a regional coordinator's): each row names its own.
        {
            "rows": rows,
            "can_create": can_create,
            "no_strategy": no_strategy,
            "several": several(readable),
            "strategies": strategies_with_reviews(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_view
def plan_create(request):
    strategies = _coordinated_strategies(request.user)
    if not strategies.exists():
        refusal = perms.regional_reader_refusal(request.user, None)
        if refusal is None:
            reason = _no_strategy(request.user) or _("Only the coordinator creates action plans.")
        raise PermissionDenied(refusal.reason if refusal is not None else reason)
    form = PlanForm(request.POST or None, strategies=strategies)
    plan = submit_to_service(
        request=request,
        form=form,
        service=lambda: services.save_plan(plan=form.instance, actor=request.user),
    )
    if plan:
        messages.success(request, _("The plan is created. Add its measures."))
        return redirect("staff:plan", pk=plan.pk)
    return render(request, "staff/simple_form.html", {"form": form, "title": _("New action plan")})


@require_safe
@staff_view
def plan_detail(request, pk):
    plan = _plan(request, pk)
    whole, orientations = rollup(plan)
    user = request.user
    return render(
        request,
        "staff/plan_detail.html",
        {
            "plan": plan,
            "whole": whole,
            "orientations": orientations,
            "can_edit": perms.can_edit_plan(user, plan),
            "can_import": perms.can_update_any_progress(user),
            "own_departments": perms.represented_department_ids(user),
            "several": several(perms.readable_municipality_ids(user)),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_view
def plan_edit(request, pk):
    plan = _plan(request, pk)
    perms.require(perms.can_edit_plan(request.user, plan))
    form = PlanForm(
        request.POST or None, instance=plan, strategies=_coordinated_strategies(request.user)
    )
    if submit_to_service(
        request=request,
        form=form,
        service=lambda: services.save_plan(plan=form.instance, actor=request.user),
    ):
        messages.success(request, _("Saved."))
        return redirect("staff:plan", pk=plan.pk)
    return render(
        request, "staff/simple_form.html", {"form": form, "title": str(plan), "back": plan}
    )


@require_http_methods(["GET", "POST"])
@staff_view
def plan_adopt(request, pk):
    plan = _plan(request, pk)
    perms.require(perms.can_edit_plan(request.user, plan))
    form = PlanAdoptionForm(
        request.POST or None,
        initial={"adopted_on": timezone.localdate(), "decision_reference": plan.decision_reference},
    )
    if submit_to_service(
        request=request,
        form=form,
        service=lambda: services.adopt_plan(plan=plan, actor=request.user, **form.cleaned_data),
    ):
        messages.success(request, _("The plan is adopted."))
        return redirect("staff:plan", pk=plan.pk)
    return render(
        request,
        "staff/simple_form.html",
        {"form": form, "title": _("Adopt: %(plan)s") % {"plan": plan}, "back": plan},
    )


@require_http_methods(["GET", "POST"])
@staff_view
def plan_evaluate(request, pk):
    plan = _plan(request, pk)
    perms.require(perms.can_edit_plan(request.user, plan))
    form = PlanEvaluationForm(request.POST or None, initial={"evaluated_on": timezone.localdate()})
    if submit_to_service(
        request=request,
        form=form,
        service=lambda: services.evaluate_plan(
            plan=plan,
            rating=form.cleaned_data["rating"],
            summary=form.cleaned_data["summary"],
            on=form.cleaned_data["evaluated_on"],
            actor=request.user,
        ),
    ):
        messages.success(request, _("The evaluation is recorded."))
        return redirect("staff:plan", pk=plan.pk)
    return render(
        request,
        "staff/simple_form.html",
        {"form": form, "title": _("Evaluate: %(plan)s") % {"plan": plan}, "back": plan},
    )


@require_http_methods(["GET", "POST"])
@staff_view
def plan_revise(request, pk):
    """Revising ends the plan for good: the page says what it will do and asks first, with
    the next plan's title to check (it had kept the old one, years and all)."""
    plan = _plan(request, pk)
    perms.require(perms.can_edit_plan(request.user, plan))
    form = PlanRevisionForm(request.POST or None, initial={"title": services.next_title(plan)})
    new_plan = submit_to_service(
        request=request,
        form=form,
        service=lambda: services.revise_plan(
            plan=plan, actor=request.user, title=form.cleaned_data["title"]
        ),
    )
    if new_plan:
        messages.success(request, _("The next plan is created with the unfinished measures."))
        return redirect("staff:plan", pk=new_plan.pk)
    preview = services.revision_preview(plan)
    # Whole dates in the running text: "2028-12-" and "31" on two lines at 320 px.
    days = {
        name: format_html('<span class="nowrap">{}</span>', preview[name].isoformat())
        for name in ("starts_on", "ends_on")
    }
    return render(
        request, "staff/plan_revise.html", {"plan": plan, "form": form, **preview, **days}
    )


@require_http_methods(["GET", "POST"])
@staff_view
def plan_import(request, pk):
    plan = _plan(request, pk)
    perms.require(perms.can_update_any_progress(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_rows(upload.name, upload.read())
            count = import_progress(plan=plan, rows=rows, actor=request.user)
        except ImportRefused as refused:
            errors = refused.errors
        else:
            messages.success(
                request,
                ngettext("%(n)d measure updated.", "%(n)d measures updated.", count) % {"n": count},
            )
            return redirect("staff:plan", pk=plan.pk)
    return render(request, "staff/plan_import.html", {"plan": plan, "form": form, "errors": errors})


@require_safe
@staff_view
def plan_export(request, pk, format="csv"):
    """The measures' current progress, in the import's own format (Swedish Excel); the
    import reads either file back."""
    plan = _plan(request, pk)
    rows = (
        [m.number, m.progress, m.get_status_display(), m.description_sv, m.responsible_department]
        for m in plan.measures.select_related("responsible_department")
    )
    return spreadsheet_response(
        format,
        filename=f"handlingsplan-{plan.pk}-framsteg",
        title=_("Progress"),
        columns=PROGRESS_COLUMNS,
        rows=rows,
    )


# The import's own column names (planning/imports.py), so that the file can be sent back.
PROGRESS_COLUMNS = [
    Column("nummer", INTEGER),
    Column("framsteg", INTEGER),
    Column("status", width=16),
    Column("åtgärd", width=60),
    Column("ansvarig förvaltning", width=30),
]


@require_http_methods(["GET", "POST"])
@staff_view
def measure_create(request, pk):
    plan = _plan(request, pk)
    perms.require(perms.can_edit_plan(request.user, plan))
    next_number = (
        plan.measures.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    form = MeasureForm(request.POST or None, plan=plan, initial={"number": next_number})
    if _save_measure(request, form):
        messages.success(request, _("The measure is added."))
        return redirect("staff:plan", pk=plan.pk)
    return render(
        request, "staff/simple_form.html", {"form": form, "title": _("New measure"), "back": plan}
    )


def _save_measure(request, form):
    return submit_to_service(
        request=request,
        form=form,
        service=lambda: services.save_measure(
            measure=form.instance, projects=form.cleaned_data["projects"], actor=request.user
        ),
    )


def _measure(request, pk):
    return get_object_or_404(
        Measure.objects.select_related("plan__strategy__municipality").filter(
            plan__strategy__municipality_id__in=perms.readable_municipality_ids(request.user)
        ),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
@staff_view
def measure_edit(request, pk):
    measure = _measure(request, pk)
    perms.require(perms.can_edit_plan(request.user, measure.plan))
    form = MeasureForm(request.POST or None, instance=measure, plan=measure.plan)
    if _save_measure(request, form):
        messages.success(request, _("Saved."))
        return redirect("staff:plan", pk=measure.plan_id)
    return render(
        request,
        "staff/simple_form.html",
        {"form": form, "title": str(measure), "back": measure.plan, "lineage": measure.lineage()},
    )


@require_http_methods(["GET", "POST"])
@staff_view
def measure_progress(request, pk):
    measure = _measure(request, pk)
    perms.require(perms.can_update_progress(request.user, measure))
    # The form works on a copy: the lineage below shows the measure as stored.
    form = ProgressForm(request.POST or None, instance=Measure.objects.get(pk=measure.pk))
    if submit_to_service(
        request=request,
        form=form,
        service=lambda: services.update_progress(
            measure=measure,
            progress=form.cleaned_data["progress"],
            status=form.cleaned_data["status"],
            note=form.cleaned_data["progress_note"],
            actor=request.user,
        ),
    ):
        messages.success(request, _("Progress saved."))
        return redirect("staff:plan", pk=measure.plan_id)
    intro = _("Deadline %(date)s.") % {"date": measure.deadline.isoformat()}
    if measure.is_late(timezone.localdate()):
        intro += " " + _("The deadline has passed: say why in the comment.")
    return render(
        request,
        "staff/simple_form.html",
        {
            "form": form,
            "title": str(measure),
            "intro": intro,
            "back": measure.plan,
            "lineage": measure.lineage(),
        },
    )


@require_safe
@staff_view
def calendar_page(request):
    """The user's municipality's calendar; a regional coordinator's, one municipality of
    the region at a time (?kommun=), as the reports are: each has its own dates."""
    municipality = shown_municipality(request)
    today = timezone.localdate()
    recent = today - dt.timedelta(days=90)
    # Two years back, and at least to the start of the electoral term: the strategy's
    # review falls due in its first year and is late, on the start page too, until done.
    since = min(today - dt.timedelta(days=2 * 365), term_start(current_election(today)))
    events = [
        event
        for event in governance_calendar(municipality, since, today + dt.timedelta(days=2 * 365))
        # What is still undone stays however late it is: an answer due in August had left
        # the list by December, unanswered.
        if event.date >= recent or event.remind_when_overdue
    ]
    represented = perms.represented_department_ids(request.user)
    return render(
        request,
        "staff/calendar.html",
        {
            "events": events,
            # Where the user may act: a department's answer is its representatives' alone.
            "yours": {e.key for e in events if e.path and e.acting_department in represented},
            "today": today,
            "municipality": municipality,
            **regional_choice(request, municipality),
        },
    )
