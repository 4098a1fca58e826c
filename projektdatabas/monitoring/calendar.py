"""EU monitoring's dates in the governance calendar (planning/calendar.py calls this).

All of them are staff information (`internal`): the register is not on the public site,
and who is to answer what by when is the staff's own work. The dates of an open item that
matter ahead (a consultation closing, a directive's transposition deadline, the day an act
applies) remind the coordinator two weeks before. Each department that has not answered
is an event of its own on its answer date, reminding its representatives before and, a
week after, again: an answered department, or a closed item, leaves the calendar, so
nobody is reminded of what is done."""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from projektdatabas.accounts.models import Membership
from projektdatabas.planning.calendar import Event, Kind

from .models import Concern, EUItem


def calendar_events(municipality, start: dt.date, end: dt.date) -> list[Event]:
    events = []
    dates = (
        ("consultation_closes", "eu-consultation", _("EU consultation closes: %(title)s")),
        ("transposition_deadline", "eu-transposition", _("EU transposition deadline: %(title)s")),
        ("applies_from", "eu-applies", _("EU act applies: %(title)s")),
    )
    in_range = Q()
    for field, _key, _title in dates:
        in_range |= Q(**{f"{field}__range": (start, end)})
    for item in EUItem.objects.for_municipality(municipality).open().filter(in_range):
        for field, key, title in dates:
            day = getattr(item, field)
            if day and start <= day <= end:
                events.append(
                    Event(
                        day,
                        Kind.EU_ITEM,
                        title % {"title": item.short_title},
                        item.reference,
                        f"{key}-{item.pk}",
                        internal=True,
                    )
                )
    concerns = (
        Concern.objects.awaiting()
        .filter(item__municipality=municipality, answer_due__range=(start, end))
        .select_related("item", "department")
    )
    for concern in concerns:
        events.append(
            Event(
                concern.answer_due,
                Kind.EU_ITEM,
                _("%(department)s answers on the EU item: %(title)s")
                % {"department": concern.department, "title": concern.item.short_title},
                _("Does it concern you, what does it mean, what do you do?"),
                f"eu-answer-{concern.pk}",
                recipients=tuple(
                    Membership.objects.representatives(concern.department).recipients()
                ),
                remind_when_overdue=True,
                internal=True,
                path=f"/intern/eu-bevakning/svar/{concern.pk}/",
                acting_department=concern.department_id,
            )
        )
    return events
