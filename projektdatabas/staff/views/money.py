"""Money kept by the coordinator: EU payments received, the yearly allocations for
twin-town work and project preparation with what they were spent on, and the hourly
rate that values own staff time. Readers see it all; only the coordinator writes, and
every write goes through finance/services.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from projektdatabas.accounts import permissions as perms
from projektdatabas.finance import services
from projektdatabas.finance.models import (
    AllocationSpending,
    AnnualAllocation,
    Funding,
    FundingSource,
    Receipt,
    StaffTimeRate,
)
from projektdatabas.projects.models import Project

from ..access import refuse, staff_view
from ..history import timeline
from ..money_forms import AllocationForm, ReceiptForm, SpendingForm, StaffTimeRateForm, VoidForm


def _may_view(request):
    """None if the user may see the money pages, else the refusal to answer with."""
    allowed = perms.can_view_money(request.user)
    return None if allowed else refuse(request, allowed)


def _attach(form, error: ValidationError) -> None:
    """A service's refusal onto the form, so it shows beside what was typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _form_page(request, form, *, title, back_url, back_label, intro="", button=None):
    return render(
        request,
        "staff/money_form.html",
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "back_label": back_label,
            "intro": intro,
            "button": button or _("Save"),
        },
    )


def _coordinated_municipality(user):
    ids = perms.coordinated_municipality_ids(user)
    return min(ids) if ids else None


# Payments received


def _receipt(request, pk):
    return get_object_or_404(
        Receipt.all_objects.select_related("project", "programme", "voided_by").filter(
            project__municipality_id__in=perms.money_municipality_ids(request.user)
        ),
        pk=pk,
    )


@require_safe
@staff_view
def receipt_list(request):
    refusal = _may_view(request)
    if refusal:
        return refusal
    ids = perms.money_municipality_ids(request.user)
    receipts = (
        Receipt.all_objects.filter(project__municipality_id__in=ids)
        .select_related("project", "programme")
        .order_by("-received_on", "-id")
    )
    page = Paginator(receipts, 50).get_page(request.GET.get("sida"))
    per_year = Receipt.objects.filter(project__municipality_id__in=ids).eu().per_year()
    return render(
        request,
        "staff/money_receipts.html",
        {
            "page": page,
            "per_year": list(per_year)[::-1],
            "can_manage": perms.can_manage_money(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_view
def receipt_create(request, pk):
    project = get_object_or_404(Project, pk=pk)
    allowed = perms.can_manage_money(request.user, project.municipality_id)
    if not allowed:
        return refuse(request, allowed)
    form = ReceiptForm(request.POST or None, instance=Receipt(project=project))
    if request.method == "POST" and form.is_valid():
        try:
            receipt = services.save_receipt(receipt=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("The payment is recorded."))
            return redirect("staff:receipt", pk=receipt.pk)
    return _form_page(
        request,
        form,
        title=_("Record a payment received: %(project)s") % {"project": project},
        back_url=reverse("staff:project", args=[project.pk]),
        back_label=project.title_sv,
        intro=_("Money actually paid out to the municipality, on the day it arrived."),
    )


@require_safe
@staff_view
def receipt_detail(request, pk):
    refusal = _may_view(request)
    if refusal:
        return refusal
    receipt = _receipt(request, pk)
    return render(
        request,
        "staff/money_receipt.html",
        {
            "receipt": receipt,
            "can_manage": perms.can_manage_money(request.user, receipt.project.municipality_id),
            "entries": timeline(
                (Receipt.history.filter(id=receipt.pk), Receipt, lambda r: _("The payment"))
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_view
def receipt_edit(request, pk):
    refusal = _may_view(request)
    if refusal:
        return refusal
    receipt = _receipt(request, pk)
    allowed = perms.can_manage_money(request.user, receipt.project.municipality_id)
    if not allowed:
        return refuse(request, allowed)
    if receipt.is_voided:
        return refuse(request, perms.Verdict(False, _("A voided payment cannot be changed.")))
    form = ReceiptForm(request.POST or None, instance=receipt)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_receipt(receipt=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("The payment is corrected."))
            return redirect("staff:receipt", pk=receipt.pk)
    return _form_page(
        request,
        form,
        title=_("Correct the payment"),
        back_url=reverse("staff:receipt", args=[receipt.pk]),
        back_label=str(receipt),
        intro=_("The history keeps what the payment said before."),
    )


@require_http_methods(["GET", "POST"])
@staff_view
def receipt_void(request, pk):
    refusal = _may_view(request)
    if refusal:
        return refusal
    receipt = _receipt(request, pk)
    allowed = perms.can_manage_money(request.user, receipt.project.municipality_id)
    if not allowed:
        return refuse(request, allowed)
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.void_receipt(
                receipt=receipt, reason=form.cleaned_data["void_reason"], actor=request.user
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("The payment is voided; it stays in the records."))
            return redirect("staff:receipt", pk=receipt.pk)
    return _form_page(
        request,
        form,
        title=_("Void the payment of %(receipt)s") % {"receipt": receipt},
        back_url=reverse("staff:receipt", args=[receipt.pk]),
        back_label=str(receipt),
        intro=_(
            "For a payment that was entered by mistake. A wrong date or amount is corrected "
            "instead."
        ),
        button=_("Void the payment"),
    )


# Yearly allocations


def _allocation(request, pk):
    return get_object_or_404(
        AnnualAllocation.objects.filter(
            municipality_id__in=perms.money_municipality_ids(request.user)
        ).with_spending(),
        pk=pk,
    )


@require_safe
@staff_view
def allocation_list(request):
    refusal = _may_view(request)
    if refusal:
        return refusal
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
    allowed = perms.can_manage_money(request.user)
    if not allowed:
        return refuse(request, allowed)
    allocation = AnnualAllocation(municipality_id=_coordinated_municipality(request.user))
    form = AllocationForm(request.POST or None, instance=allocation)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_allocation(allocation=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("The allocation is saved."))
            return redirect("staff:allocation", pk=allocation.pk)
    return _form_page(
        request,
        form,
        title=_("New allocation"),
        back_url=reverse("staff:allocations"),
        back_label=_("Allocations"),
        intro=_("What the budget sets aside for the year, with the decision's case number."),
    )


@require_safe
@staff_view
def allocation_detail(request, pk):
    refusal = _may_view(request)
    if refusal:
        return refusal
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
def allocation_edit(request, pk):
    refusal = _may_view(request)
    if refusal:
        return refusal
    allocation = _allocation(request, pk)
    allowed = perms.can_manage_money(request.user, allocation.municipality_id)
    if not allowed:
        return refuse(request, allowed)
    form = AllocationForm(request.POST or None, instance=allocation)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_allocation(allocation=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("The allocation is saved."))
            return redirect("staff:allocation", pk=allocation.pk)
    return _form_page(
        request,
        form,
        title=_("Change the allocation"),
        back_url=reverse("staff:allocation", args=[allocation.pk]),
        back_label=str(allocation),
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


@require_http_methods(["GET", "POST"])
@staff_view
def spending_create(request, pk):
    refusal = _may_view(request)
    if refusal:
        return refusal
    allocation = _allocation(request, pk)
    allowed = perms.can_manage_money(request.user, allocation.municipality_id)
    if not allowed:
        return refuse(request, allowed)
    form = SpendingForm(
        request.POST or None,
        instance=AllocationSpending(allocation=allocation),
        projects=_projects_of_the_year(allocation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_spending(spending=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("The spending is recorded."))
            return redirect("staff:allocation", pk=allocation.pk)
    return _form_page(
        request,
        form,
        title=_("Record spending from %(allocation)s") % {"allocation": allocation},
        back_url=reverse("staff:allocation", args=[allocation.pk]),
        back_label=str(allocation),
    )


def _spending(request, pk):
    return get_object_or_404(
        AllocationSpending.all_objects.select_related("allocation").filter(
            allocation__municipality_id__in=perms.money_municipality_ids(request.user)
        ),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
@staff_view
def spending_edit(request, pk):
    refusal = _may_view(request)
    if refusal:
        return refusal
    spending = _spending(request, pk)
    allocation = spending.allocation
    allowed = perms.can_manage_money(request.user, allocation.municipality_id)
    if not allowed:
        return refuse(request, allowed)
    if spending.is_voided:
        return refuse(request, perms.Verdict(False, _("A voided line cannot be changed.")))
    form = SpendingForm(
        request.POST or None,
        instance=spending,
        projects=_projects_of_the_year(allocation, current=spending.project_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_spending(spending=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("The spending is corrected."))
            return redirect("staff:allocation", pk=allocation.pk)
    return _form_page(
        request,
        form,
        title=_("Correct the spending"),
        back_url=reverse("staff:allocation", args=[allocation.pk]),
        back_label=str(allocation),
        intro=_("The history keeps what the line said before."),
    )


@require_http_methods(["GET", "POST"])
@staff_view
def spending_void(request, pk):
    refusal = _may_view(request)
    if refusal:
        return refusal
    spending = _spending(request, pk)
    allocation = spending.allocation
    allowed = perms.can_manage_money(request.user, allocation.municipality_id)
    if not allowed:
        return refuse(request, allowed)
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.void_spending(
                spending=spending, reason=form.cleaned_data["void_reason"], actor=request.user
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("The line is voided; it stays in the records."))
            return redirect("staff:allocation", pk=allocation.pk)
    return _form_page(
        request,
        form,
        title=_("Void the spending: %(what)s") % {"what": spending.description},
        back_url=reverse("staff:allocation", args=[allocation.pk]),
        back_label=str(allocation),
        intro=_("For a line entered by mistake. A wrong date or amount is corrected instead."),
        button=_("Void the line"),
    )


# Hourly rates for own staff time


@require_safe
@staff_view
def rate_list(request):
    refusal = _may_view(request)
    if refusal:
        return refusal
    ids = perms.money_municipality_ids(request.user)
    rates = (
        StaffTimeRate.objects.filter(municipality_id__in=ids)
        .annotate(lines=Count("fundings"))
        .order_by("-year")  # a grouped query ignores Meta.ordering
    )
    unvalued = Funding.objects.filter(
        project__municipality_id__in=ids,
        source=FundingSource.MUNICIPAL_STAFF_TIME,
        amount_sek__isnull=True,
    ).count()
    entries = timeline(
        (
            StaffTimeRate.history.filter(municipality_id__in=ids),
            StaffTimeRate,
            lambda r: _("Hourly rate %(year)s") % {"year": r.year},
        )
    )
    return render(
        request,
        "staff/money_rates.html",
        {
            "rates": rates,
            "unvalued": unvalued,
            "can_manage": perms.can_manage_money(request.user),
            # A rate for every year adds up; the latest changes are what is looked for.
            "entries": entries[:HISTORY_SHOWN],
            "history_cut": len(entries) > HISTORY_SHOWN,
        },
    )


HISTORY_SHOWN = 30


def _rate_saved(request, rate, changed: int):
    if changed:
        messages.success(
            request,
            ngettext(
                "The hourly rate for %(year)s is saved; %(n)d staff-time line was valued again.",
                "The hourly rate for %(year)s is saved; %(n)d staff-time lines were valued again.",
                changed,
            )
            % {"year": rate.year, "n": changed},
        )
    else:
        messages.success(request, _("The hourly rate for %(year)s is saved.") % {"year": rate.year})
    return redirect("staff:staff_time_rates")


RATE_INTRO = gettext_lazy(
    "Own staff time given in hours without an amount is valued at the hourly rate of the "
    "year the project starts (or, with no start date, the year it was registered)."
)


@require_http_methods(["GET", "POST"])
@staff_view
def rate_create(request):
    allowed = perms.can_manage_money(request.user)
    if not allowed:
        return refuse(request, allowed)
    rate = StaffTimeRate(municipality_id=_coordinated_municipality(request.user))
    form = StaffTimeRateForm(request.POST or None, instance=rate)
    if request.method == "POST" and form.is_valid():
        try:
            rate, changed = services.save_staff_time_rate(
                rate=form.save(commit=False), actor=request.user
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            return _rate_saved(request, rate, changed)
    return _form_page(
        request,
        form,
        title=_("New hourly rate"),
        back_url=reverse("staff:staff_time_rates"),
        back_label=_("Hourly rates"),
        intro=RATE_INTRO,
    )


@require_http_methods(["GET", "POST"])
@staff_view
def rate_edit(request, pk):
    refusal = _may_view(request)
    if refusal:
        return refusal
    rate = get_object_or_404(
        StaffTimeRate.objects.filter(
            municipality_id__in=perms.money_municipality_ids(request.user)
        ),
        pk=pk,
    )
    allowed = perms.can_manage_money(request.user, rate.municipality_id)
    if not allowed:
        return refuse(request, allowed)
    form = StaffTimeRateForm(request.POST or None, instance=rate)
    if request.method == "POST" and form.is_valid():
        try:
            rate, changed = services.save_staff_time_rate(
                rate=form.save(commit=False), actor=request.user
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            return _rate_saved(request, rate, changed)
    return _form_page(
        request,
        form,
        title=_("Change the hourly rate for %(year)s") % {"year": rate.year},
        back_url=reverse("staff:staff_time_rates"),
        back_label=_("Hourly rates"),
        intro=RATE_INTRO,
    )
