"""The semi-annual report's distribution list, kept by the coordinator, and sending a
finalised report to it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from projektdatabas.accounts import permissions as perms
from projektdatabas.core.models import log_action
from projektdatabas.reporting.distribution import send_report
from projektdatabas.reporting.models import Recipient, SemiAnnualReport

from ..access import refuse, staff_view
from ..report_forms import RecipientForm


def _keeper_municipality(request):
    """(the user's municipality, None) when they keep its distribution list, else
    (None, the page that says why not)."""
    municipality = perms.municipality_of(request.user)
    allowed = perms.can_keep_distribution_list(request.user, municipality.pk)
    return (municipality, None) if allowed else (None, refuse(request, allowed))


def _log_recipient(request, action: str, recipient) -> None:
    log_action(
        actor=request.user,
        action=action,
        target=recipient,
        data={"name": recipient.name, "email": recipient.email},
    )


@require_http_methods(["GET", "POST"])
@staff_view
def distribution_list(request):
    municipality, refusal = _keeper_municipality(request)
    if refusal:
        return refusal
    form = RecipientForm(request.POST or None, instance=Recipient(municipality=municipality))
    if request.method == "POST" and form.is_valid():
        recipient = form.save()
        _log_recipient(request, "report.recipient_added", recipient)
        messages.success(request, _("%(name)s is on the list.") % {"name": recipient.name})
        return redirect("staff:distribution_list")
    recipients = Recipient.objects.filter(municipality=municipality)
    return render(request, "staff/distribution_list.html", {"form": form, "recipients": recipients})


@require_http_methods(["GET", "POST"])
@staff_view
def recipient_edit(request, pk):
    municipality, refusal = _keeper_municipality(request)
    if refusal:
        return refusal
    recipient = get_object_or_404(Recipient, pk=pk, municipality=municipality)
    form = RecipientForm(request.POST or None, instance=recipient)
    if request.method == "POST" and form.is_valid():
        form.save()
        _log_recipient(request, "report.recipient_changed", recipient)
        messages.success(request, _("Saved."))
        return redirect("staff:distribution_list")
    return render(request, "staff/recipient_form.html", {"form": form, "recipient": recipient})


@require_POST
@staff_view
def recipient_remove(request, pk):
    municipality, refusal = _keeper_municipality(request)
    if refusal:
        return refusal
    recipient = get_object_or_404(Recipient, pk=pk, municipality=municipality)
    _log_recipient(request, "report.recipient_removed", recipient)
    recipient.delete()
    messages.success(request, _("%(name)s is no longer on the list.") % {"name": recipient.name})
    return redirect("staff:distribution_list")


@require_POST
@staff_view
def report_send(request, year, half):
    municipality, refusal = _keeper_municipality(request)
    if refusal:
        return refusal
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
