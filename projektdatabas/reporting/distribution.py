"""Sending the finalised report to the distribution list the coordinator keeps: the PDF as
it was stored when the report was finalised (the file its checksum names), one message a
recipient, after the transaction has committed. A recipient the mail server refuses is
logged and reported back to the coordinator; every sending is in the audit trail with its
recipients."""

import hashlib
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from projektdatabas.accounts.permissions import can_keep_distribution_list, require
from projektdatabas.core.models import log_action
from projektdatabas.groups.models import GroupKind, GroupMember

from .language import in_report_language
from .models import Recipient, SemiAnnualReport

logger = logging.getLogger(__name__)


@dataclass
class Sending:
    """What became of a sending; filled in once the mail has gone (after commit)."""

    recipients: list[str]
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    done: bool = False


def _log_recipient(actor, action: str, recipient: Recipient) -> None:
    log_action(
        actor=actor,
        action=action,
        target=recipient,
        data={"name": recipient.name, "email": recipient.email},
    )


@transaction.atomic
def save_recipient(*, recipient: Recipient, actor) -> Recipient:
    """Someone added to the distribution list, or their name, address or role changed."""
    require(can_keep_distribution_list(actor, recipient.municipality_id))
    created = recipient.pk is None
    if not created:
        stored = Recipient.objects.get(pk=recipient.pk)
        require(can_keep_distribution_list(actor, stored.municipality_id))
    recipient.full_clean()
    recipient.save()
    _log_recipient(
        actor, "report.recipient_added" if created else "report.recipient_changed", recipient
    )
    return recipient


@transaction.atomic
def remove_recipient(*, recipient: Recipient, actor) -> None:
    require(can_keep_distribution_list(actor, recipient.municipality_id))
    _log_recipient(actor, "report.recipient_removed", recipient)
    recipient.delete()


def management_group_recipients(municipality, listed: list[Recipient]) -> list[Recipient]:
    """The management group (ledningsgrupp) receives the report with the executive board:
    its current members with an e-mail address, as recipients not stored on the list
    (membership is kept in the group; who leaves the group stops receiving it). An address
    already on the list, or shared by two members, gets the report once."""
    seen = {r.email.lower() for r in listed}
    found = []
    for member in management_group_members(municipality):
        address = member.address
        if address and address.lower() not in seen:
            seen.add(address.lower())
            role = f"{member.role}, {member.group.name}"
            found.append(
                Recipient(municipality=municipality, name=member.name, email=address, role=role)
            )
    return found


def management_group_members(municipality):
    return (
        GroupMember.objects.current()
        .filter(group__municipality=municipality, group__kind=GroupKind.MANAGEMENT)
        .select_related("group", "user")
        .order_by("name", "pk")
    )


@transaction.atomic
def send_report(*, report: SemiAnnualReport, actor) -> Sending:
    require(can_keep_distribution_list(actor, report.municipality_id))
    if not report.is_finalised:
        raise ValidationError(_("Only a finalised report is sent: finalise it first."))
    listed = list(Recipient.objects.filter(municipality_id=report.municipality_id))
    recipients = listed + management_group_recipients(report.municipality, listed)
    if not recipients:
        raise ValidationError(_("The distribution list is empty: add its recipients first."))
    messages = _messages(report, recipients, actor)
    sending = Sending(recipients=[r.email for r in recipients])
    pdf_checksum = hashlib.sha256(bytes(report.pdf)).hexdigest()

    def deliver():
        connection = get_connection()
        for recipient, message in zip(recipients, messages, strict=True):
            try:
                connection.send_messages([message])
            except OSError:  # smtplib's errors are OSErrors too
                logger.exception("Could not send report %s to %s", report, recipient.email)
                sending.failed.append(recipient.email)
            else:
                sending.sent.append(recipient.email)
        connection.close()
        sending.done = True
        log_action(
            actor=actor,
            action="report.sent" if not sending.failed else "report.sending_failed",
            target=report,
            data={
                "recipients": [f"{r.name} <{r.email}>" for r in recipients],
                "sent": sending.sent,
                "failed": sending.failed,
                "pdf_sha256": pdf_checksum,
            },
        )

    transaction.on_commit(deliver)
    return sending


@in_report_language
def _messages(report: SemiAnnualReport, recipients: list, actor) -> list[EmailMessage]:
    """The messages, in the report's language (Swedish), built before commit."""
    who = report.finalised_by
    context = {
        "municipality": report.municipality.name,
        "period": str(report.period),
        "finalised_at": report.finalised_at,
        "finalised_by": who.get_full_name() or who.username,
        "checksum": hashlib.sha256(bytes(report.pdf)).hexdigest(),
        "site_url": settings.SITE_URL,
    }
    subject = _("Semi-annual report %(period)s, %(municipality)s") % context
    name = f"halvarsrapport-{report.year}-{report.half}.pdf"
    messages = []
    for recipient in recipients:
        body = render_to_string("reporting/report_mail.txt", {**context, "recipient": recipient})
        message = EmailMessage(
            subject,
            body,
            to=[recipient.email],
            reply_to=[actor.email] if actor.email else None,
        )
        message.attach(name, bytes(report.pdf), "application/pdf")
        messages.append(message)
    return messages
