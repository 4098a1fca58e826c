"""The report's account of keeping everyone informed (issue 14): news published in the
period, EU items handled (answered on time or not), funding calls routed and the
applications made from them, and competence development (trainings held, people trained,
their cost). Each app counts its own (monitoring.figures, calls.figures, groups.figures);
this module turns their counts into the report's labelled, JSON-able rows, so a finalised
report keeps what it said.

The EU and calls figures are dataclasses; each field the report prints has its label here.
A field without one is left out rather than printed under a code name
(tests/test_groups_report.py checks that every field has its label)."""

import dataclasses
import datetime as dt

from django.utils.translation import gettext_lazy as _

from projektdatabas.calls.figures import half_year_figures as call_figures
from projektdatabas.groups.figures import half_year_figures as training_figures
from projektdatabas.monitoring.figures import half_year_figures as eu_figures
from projektdatabas.news.models import NewsItem

EU_LABELS = {
    "items_registered": _("EU items registered"),
    "concerns_routed": _("Departments asked whether an item concerns them"),
    "answered_on_time": _("Answers due in the period given on time"),
    "answered_late": _("Answers due in the period given late"),
    "unanswered_past_due": _("Answers due in the period still missing"),
    "not_yet_due": _("Answers due later in the period, not yet given"),
}
CALLS_LABELS = {
    "calls_registered": _("Funding calls registered"),
    "calls_routed": _("Calls sent to departments"),
    "departments_reached": _("Departments that were sent calls"),
    "applying_answers": _("Answers “we are applying”"),
    "project_ideas": _("Project ideas registered from calls"),
}
TRAINING_LABELS = {
    "events": _("Trainings, study visits and conferences"),
    "staff": _("Staff taking part"),
    "elected": _("Elected members taking part"),
    "people": _("People trained (places taken)"),
    "cost_sek": _("Cost (SEK)"),
}


def news_published(municipality, start: dt.date, end: dt.date) -> list[dict]:
    """Items first published in the period (public and internal), whatever they are now:
    an item published and later archived was still news in its half-year."""
    items = (
        NewsItem.objects.for_municipality(municipality)
        .filter(published_at__date__range=(start, end))
        .order_by("published_at", "pk")
    )
    return [
        {
            "date": item.published_at.date().isoformat(),
            "title": item.title_sv,
            "kind": item.get_kind_display(),
        }
        for item in items
    ]


def labelled(figures, labels: dict) -> list[dict]:
    """The dataclass's fields that have a label, in the dataclass's order."""
    return [
        {"label": str(labels[f.name]), "value": getattr(figures, f.name)}
        for f in dataclasses.fields(figures)
        if f.name in labels
    ]


def compute(municipality, start: dt.date, end: dt.date) -> dict:
    trainings = training_figures(municipality, start, end)
    figures = {
        "news_published": news_published(municipality, start, end),
        "trainings": {
            "totals": [
                {"label": str(TRAINING_LABELS[name]), "value": getattr(trainings, name)}
                for name in TRAINING_LABELS
            ],
            "events": trainings.trainings,
        },
        "eu_items": labelled(eu_figures(municipality, start, end), EU_LABELS),
        "calls": labelled(call_figures(municipality, start, end), CALLS_LABELS),
    }
    return figures
