"""Payments received: the list with EU money per year, recording one on a project, and
correcting or voiding one (a public record is never deleted)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from projektdatabas.accounts import permissions as perms
from projektdatabas.finance import services
from projektdatabas.finance.models import Receipt, every_year
from projektdatabas.projects.models import Project

from ...access import staff_view
from ...history import timeline
from ...money_forms import ReceiptForm, VoidForm
from ...submitting import submit_to_service
from .shared import form_page, money_view


def _receipt(request, pk):
    return get_object_or_404(
        Receipt.all_objects.select_related("project", "programme", "voided_by").filter(
            project__municipality_id__in=perms.money_municipality_ids(request.user)
        ),
        pk=pk,
    )


@require_safe
@staff_view
@money_view
def receipt_list(request):
    ids = perms.money_municipality_ids(request.user)
    receipts = (
        Receipt.all_objects.filter(project__municipality_id__in=ids)
        .select_related("project", "programme")
        .order_by("-received_on", "-id")
    )
    # One year's payments, from the table of years: the list alone was every payment
    # ever, fifty a page, with nothing to narrow it by.
    year = request.GET.get("ar", "")
    year = int(year) if year.isdigit() and 1900 <= int(year) <= 2100 else None
    if year is not None:
        receipts = receipts.filter(received_on__year=year)
    page = Paginator(receipts, 50).get_page(request.GET.get("sida"))
    per_year = Receipt.objects.filter(project__municipality_id__in=ids).eu().per_year()
    return render(
        request,
        "staff/money_receipts.html",
        {
            "page": page,
            "year": year,
            "per_year": every_year(per_year, until=timezone.localdate().year)[::-1],
            "can_manage": perms.can_manage_money(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_view
def receipt_create(request, pk):
    project = get_object_or_404(Project, pk=pk)
    perms.require(perms.can_manage_money(request.user, project.municipality_id))
    form = ReceiptForm(request.POST or None, instance=Receipt(project=project))
    receipt = submit_to_service(
        request=request,
        form=form,
        service=lambda: services.save_receipt(receipt=form.save(commit=False), actor=request.user),
    )
    if receipt:
        messages.success(request, _("The payment is recorded."))
        return redirect("staff:receipt", pk=receipt.pk)
    return form_page(
        request,
        form,
        title=_("Record a payment received: %(project)s") % {"project": project},
        back_url=reverse("staff:project", args=[project.pk]),
        back_label=project.title_sv,
        intro=_("Money actually paid out to the municipality, on the day it arrived."),
    )


@require_safe
@staff_view
@money_view
def receipt_detail(request, pk):
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
@money_view
def receipt_edit(request, pk):
    receipt = _receipt(request, pk)
    perms.require(perms.can_manage_money(request.user, receipt.project.municipality_id))
    if receipt.is_voided:
        raise PermissionDenied(_("A voided payment cannot be changed."))
    form = ReceiptForm(request.POST or None, instance=receipt)
    if submit_to_service(
        request=request,
        form=form,
        service=lambda: services.save_receipt(receipt=form.save(commit=False), actor=request.user),
    ):
        messages.success(request, _("The payment is corrected."))
        return redirect("staff:receipt", pk=receipt.pk)
    return form_page(
        request,
        form,
        title=_("Correct the payment"),
        back_url=reverse("staff:receipt", args=[receipt.pk]),
        back_label=str(receipt),
        intro=_("The history keeps what the payment said before."),
    )


@require_http_methods(["GET", "POST"])
@staff_view
@money_view
def receipt_void(request, pk):
    receipt = _receipt(request, pk)
    perms.require(perms.can_manage_money(request.user, receipt.project.municipality_id))
    if receipt.is_voided:  # said before a reason is asked for, not after
        messages.info(request, _("It is already voided."))
        return redirect("staff:receipt", pk=receipt.pk)
    form = VoidForm(request.POST or None)
    if submit_to_service(
        request=request,
        form=form,
        service=lambda: services.void_receipt(
            receipt=receipt, reason=form.cleaned_data["void_reason"], actor=request.user
        ),
    ):
        messages.success(request, _("The payment is voided; it stays in the records."))
        return redirect("staff:receipt", pk=receipt.pk)
    return form_page(
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
