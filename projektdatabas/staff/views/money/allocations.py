"""The yearly allocations for twin-town work and project preparation: what the budget
sets aside, what it was spent on (corrected or voided, never deleted) and what remains."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from projektdatabas.accounts import permissions as perms
from projektdatabas.finance import services
from projektdatabas.finance.models import AllocationSpending, AnnualAllocation
from projektdatabas.projects.models import Project

from ...access import staff_view
from ...history import timeline
from ...money_forms import AllocationForm, SpendingForm, VoidForm
from ...submitting import submit_to_service
from .shared import coordinated_municipality, form_page, money_view


def _allocation(request, pk):
    return get_object_or_404(
        AnnualAllocation.objects.filter(
            municipality_id__in=perms.money_municipality_ids(request.user)
        ).with_spending(),
        pk=pk,
    )


def _spending(request, pk):
    return get_object_or_404(
        AllocationSpending.all_objects.select_related("allocation").filter(
            allocation__municipality_id__in=perms.money_municipality_ids(request.user)
        ),
        pk=pk,
    )


def _projects_of_the_year(allocation, current=None):
    """The projects money from the allocation can have gone to: the municipality's, running
    some time in the allocation's year (a bounded list, where all projects would not be)."""
    year = allocation.year
    running = Q(start_date__year__lte=year) & (
        Q(end_date__isnull=True) | Q(end_date__year__gte=year)
    )
    if current is not None:
        running |= Q(pk=current)
    return Project.objects.filter(
        running, municipality_id=allocation.municipality_id, archived_at__isnull=True
    ).order_by("title_sv")


@require_safe
@staff_view
@money_view
def allocation_list(request):
    allocations = AnnualAllocation.objects.filter(
        municipality_id__in=perms.money_municipality_ids(request.user)
    ).with_spending()
    return render(
        request,
        "staff/money_allocations.html",
        {"allocations": allocations, "can_manage": perms.can_manage_money(request.user)},
    )


@require_http_methods(["GET", "POST"])
@staff_view
def allocation_create(request):
    perms.require(perms.can_manage_money(request.user))
    allocation = AnnualAllocation(municipality_id=coordinated_municipality(request.user))
    form = AllocationForm(request.POST or None, instance=allocation)
    if submit_to_service(
        request=request,
        form=form,
        service=lambda: services.save_allocation(
            allocation=form.save(commit=False), actor=request.user
        ),
    ):
        messages.success(request, _("The allocation is saved."))
        return redirect("staff:allocation", pk=allocation.pk)
    return form_page(
        request,
        form,
        title=_("New allocation"),
        back_url=reverse("staff:allocations"),
        back_label=_("Allocations"),
        intro=_("What the budget sets aside for the year, with the decision's case number."),
    )


@require_safe
@staff_view
@money_view
def allocation_detail(request, pk):
    allocation = _allocation(request, pk)
    spendings = AllocationSpending.all_objects.filter(allocation=allocation).select_related(
        "project", "voided_by"
    )
    return render(
        request,
        "staff/money_allocation.html",
        {
            "allocation": allocation,
            "spendings": spendings,
            "can_manage": perms.can_manage_money(request.user, allocation.municipality_id),
            "entries": timeline(
                (
                    AnnualAllocation.history.filter(id=allocation.pk),
                    AnnualAllocation,
                    lambda r: _("The allocation"),
                ),
                (
                    AllocationSpending.history.filter(allocation_id=allocation.pk),
                    AllocationSpending,
                    lambda r: _("Spending: %(what)s") % {"what": r.description},
                ),
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_view
@money_view
def allocation_edit(request, pk):
    allocation = _allocation(request, pk)
    perms.require(perms.can_manage_money(request.user, allocation.municipality_id))
    form = AllocationForm(request.POST or None, instance=allocation)
    if submit_to_service(
        request=request,
        form=form,
        service=lambda: services.save_allocation(
            allocation=form.save(commit=False), actor=request.user
        ),
    ):
        messages.success(request, _("The allocation is saved."))
        return redirect("staff:allocation", pk=allocation.pk)
    return form_page(
        request,
        form,
        title=_("Change the allocation"),
        back_url=reverse("staff:allocation", args=[allocation.pk]),
        back_label=str(allocation),
    )


@require_http_methods(["GET", "POST"])
@staff_view
@money_view
def spending_create(request, pk):
    allocation = _allocation(request, pk)
    perms.require(perms.can_manage_money(request.user, allocation.municipality_id))
    form = SpendingForm(
        request.POST or None,
        instance=AllocationSpending(allocation=allocation),
        projects=_projects_of_the_year(allocation),
    )
    if submit_to_service(
        request=request,
        form=form,
        service=lambda: services.save_spending(
            spending=form.save(commit=False), actor=request.user
        ),
    ):
        messages.success(request, _("The spending is recorded."))
        return redirect("staff:allocation", pk=allocation.pk)
    return form_page(
        request,
        form,
        title=_("Record spending from %(allocation)s") % {"allocation": allocation},
        back_url=reverse("staff:allocation", args=[allocation.pk]),
        back_label=str(allocation),
    )


@require_http_methods(["GET", "POST"])
@staff_view
@money_view
def spending_edit(request, pk):
    spending = _spending(request, pk)
    allocation = spending.allocation
    perms.require(perms.can_manage_money(request.user, allocation.municipality_id))
    if spending.is_voided:
        raise PermissionDenied(_("A voided line cannot be changed."))
    form = SpendingForm(
        request.POST or None,
        instance=spending,
        projects=_projects_of_the_year(allocation, current=spending.project_id),
    )
    if submit_to_service(
        request=request,
        form=form,
        service=lambda: services.save_spending(
            spending=form.save(commit=False), actor=request.user
        ),
    ):
        messages.success(request, _("The spending is corrected."))
        return redirect("staff:allocation", pk=allocation.pk)
    return form_page(
        request,
        form,
        title=_("Correct the spending"),
        back_url=reverse("staff:allocation", args=[allocation.pk]),
        back_label=str(allocation),
        intro=_("The history keeps what the line said before."),
    )


@require_http_methods(["GET", "POST"])
@staff_view
@money_view
def spending_void(request, pk):
    spending = _spending(request, pk)
    allocation = spending.allocation
    perms.require(perms.can_manage_money(request.user, allocation.municipality_id))
    if spending.is_voided:  # said before a reason is asked for, not after
        messages.info(request, _("It is already voided."))
        return redirect("staff:allocation", pk=allocation.pk)
    form = VoidForm(request.POST or None)
    if submit_to_service(
        request=request,
        form=form,
        service=lambda: services.void_spending(
            spending=spending, reason=form.cleaned_data["void_reason"], actor=request.user
        ),
    ):
        messages.success(request, _("The line is voided; it stays in the records."))
        return redirect("staff:allocation", pk=allocation.pk)
    return form_page(
        request,
        form,
        title=_("Void the spending: %(what)s") % {"what": spending.description},
        back_url=reverse("staff:allocation", args=[allocation.pk]),
        back_label=str(allocation),
        intro=_("For a line entered by mistake. A wrong date or amount is corrected instead."),
        button=_("Void the line"),
    )
