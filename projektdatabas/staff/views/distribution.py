"""The semi-annual report's distribution list, kept by the coordinator, and sending a
finalised report to it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from projektdatabas.accounts import permissions as perms
from projektdatabas.reporting.distribution import (
    management_group_members,
    management_group_recipients,
    remove_recipient,
    save_recipient,
    send_report,
)
from projektdatabas.reporting.models import Recipient, SemiAnnualReport

from ..access import staff_view
from ..report_forms import RecipientForm
from ..submitting import submit_to_service


def _keeper_municipality(request):
    """The user's municipality, when they keep its distribution list (a refusal if not)."""
    municipality = perms.municipality_of(request.user)
    perms.require(
        perms.can_keep_distribution_list(request.user, municipality.pk if municipality else None)
    )
    return municipality


@require_http_methods(["GET", "POST"])
@staff_view
def distribution_list(request):
    municipality = _keeper_municipality(request)
    form = RecipientForm(request.POST or None, instance=Recipient(municipality=municipality))
    recipient = submit_to_service(
        request=request,
        form=form,
        service=lambda: save_recipient(recipient=form.instance, actor=request.user),
    )
    if recipient:
        messages.success(request, _("%(name)s is on the list.") % {"name": recipient.name})
        return redirect("staff:distribution_list")
    recipients = list(Recipient.objects.filter(municipality=municipality))
    return render(
        request,
        "staff/distribution_list.html",
        {
            "form": form,
            "recipients": recipients,
            # Sent the report too, without being on the list (reporting/distribution.py).
            "management_group": management_group_recipients(municipality, recipients),
            "management_group_members": management_group_members(municipality),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_view
def recipient_edit(request, pk):
    municipality = _keeper_municipality(request)
    recipient = get_object_or_404(Recipient, pk=pk, municipality=municipality)
    form = RecipientForm(request.POST or None, instance=recipient)
    if submit_to_service(
        request=request,
        form=form,
        service=lambda: save_recipient(recipient=form.instance, actor=request.user),
    ):
        messages.success(request, _("Saved."))
        return redirect("staff:distribution_list")
    return render(request, "staff/recipient_form.html", {"form": form, "recipient": recipient})


@require_POST
@staff_view
def recipient_remove(request, pk):
    municipality = _keeper_municipality(request)
    recipient = get_object_or_404(Recipient, pk=pk, municipality=municipality)
    remove_recipient(recipient=recipient, actor=request.user)
    messages.success(request, _("%(name)s is no longer on the list.") % {"name": recipient.name})
    return redirect("staff:distribution_list")


@require_POST
@staff_view
def report_send(request, year, half):
    municipality = _keeper_municipality(request)
    report = get_object_or_404(
        SemiAnnualReport.objects.finalised(), municipality=municipality, year=year, half=half
    )
    send_and_tell(request, report)
    return redirect("staff:report", year=year, half=half)


def send_and_tell(request, report) -> None:
    """Sends the report to the list and tells the coordinator how it went (also right
    after finalising, when they ticked the box)."""
    try:
        sending = send_report(report=report, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return
    if sending.failed:
        messages.error(
            request,
            _(
                "The mail server did not accept the report for %(addresses)s. Try again "
                "later, or send them the PDF yourself."
            )
            % {"addresses": ", ".join(sending.failed)},
        )
    if sending.sent:
        messages.success(
            request,
            _("The report was sent as a PDF to %(count)s recipients: %(addresses)s.")
            % {"count": len(sending.sent), "addresses": ", ".join(sending.sent)},
        )
