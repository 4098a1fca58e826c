"""Reminder e-mails before and after due dates, meant for a daily cron job or systemd
timer (`manage.py send_reminders`). Each reminder is recorded under a key naming what
was due, when, and which reminder it is; a key already recorded is never sent again, so
running the command twice, or daily, sends each reminder once."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from projektdatabas.accounts.models import Membership
from projektdatabas.core.notify import notify
from projektdatabas.organisations.models import Municipality

from .calendar import Event, Kind, governance_calendar
from .models import ReminderSent

# (stage, days relative to the due date): two weeks before, and a week after if it is
# still open (the calendar lists only open measures and unevaluated plans, so what is
# done gets no reminder after its date).
STAGES = (("before", -14), ("overdue", 7))


@dataclass
class Reminder:
    key: str
    event: Event
    stage: str
    recipients: list[str]


def _recipients(municipality, event: Event) -> list[str]:
    people = list(Membership.objects.coordinators(municipality).recipients())
    if municipality.coordinator_email:
        people.append(municipality.coordinator_email)
    people += event.recipients
    return sorted(set(people))


def due_reminders(municipality: Municipality, today: dt.date) -> list[Reminder]:
    # Every event whose "before" or "overdue" day is today or has passed within the week
    # (a missed daily run is caught up, never repeated).
    window_start = today - dt.timedelta(days=7)
    reminders = []
    for stage, offset in STAGES:
        start = window_start - dt.timedelta(days=offset)
        end = today - dt.timedelta(days=offset)
        for event in governance_calendar(municipality, start, end):
            if event.kind == Kind.ELECTION:
                continue
            if stage == "overdue" and not event.remind_when_overdue:
                continue  # only what is known to be still open
            key = f"{municipality.slug}:{event.key}:{event.date:%Y%m%d}:{stage}"
            reminders.append(Reminder(key, event, stage, _recipients(municipality, event)))
    return reminders


def send_due_reminders(*, today: dt.date, dry_run: bool = False) -> list[Reminder]:
    sent = []
    for municipality in Municipality.objects.all():
        for reminder in due_reminders(municipality, today):
            if not reminder.recipients or ReminderSent.objects.filter(key=reminder.key).exists():
                continue
            if dry_run:
                sent.append(reminder)
                continue
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(
                        key=reminder.key, recipients=", ".join(reminder.recipients)
                    )
                    _send(reminder)
            except IntegrityError:
                continue  # another run recorded it first
            sent.append(reminder)
    return sent


def _send(reminder: Reminder) -> None:
    event = reminder.event
    subject = (
        _("Coming up on %(date)s: %(title)s")
        if reminder.stage == "before"
        else _("Overdue since %(date)s: %(title)s")
    ) % {"date": f"{event.date:%Y-%m-%d}", "title": event.title}
    notify(
        recipients=reminder.recipients,
        subject=subject,
        template="planning/mail/reminder.txt",
        context={"event": event, "stage": reminder.stage},
    )
