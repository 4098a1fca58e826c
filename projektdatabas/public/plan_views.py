"""The action plan and the statistics as residents see them, and the governance
calendar as a feed."""

import datetime as dt

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from projektdatabas.planning.calendar import governance_calendar
from projektdatabas.planning.ical import to_ics
from projektdatabas.planning.models import ActionPlan, PlanStatus
from projektdatabas.planning.reviews import strategy_in_force, this_term
from projektdatabas.planning.rollup import rollup
from projektdatabas.reporting.tables import key_figures_json, statistics_context, table_file

from .caching import public_page
from .views import site_municipality


@require_safe
@public_page
def action_plan(request):
    municipality = site_municipality(request)
    plans = ActionPlan.objects.for_municipality(municipality).exclude(status=PlanStatus.DRAFT)
    plan = plans.current(timezone.localdate()).first() or plans.first()
    strategy = strategy_in_force(municipality)
    context = {
        "municipality": municipality,
        "plan": plan,
        "earlier": plans.exclude(pk=getattr(plan, "pk", None)),
        "strategy": strategy,
        # Reviewed once every electoral term: residents see when it last was, and with
        # what, and whether this term's is still to come (a strategy adopted in the term
        # is its review: its date is shown).
        "last_review": strategy.reviews.first() if strategy else None,
        "term": this_term(municipality, timezone.localdate()) if strategy else None,
    }
    if plan is not None:
        measures = plan.measures.select_related(
            "orientation__area", "responsible_department"
        ).prefetch_related("projects")
        context["whole"], context["orientations"] = rollup(plan, measures)
    return render(request, "public/action_plan.html", context)


@require_safe
@public_page
def calendar_feed(request):
    """Public dates only: no person is named in the feed."""
    municipality = site_municipality(request)
    today = timezone.localdate()
    events = governance_calendar(
        municipality, today - dt.timedelta(days=365), today + dt.timedelta(days=5 * 365)
    )
    events = [event for event in events if not event.internal]
    body = to_ics(
        events,
        name=_("%(name)s: international work, governance calendar") % {"name": municipality},
        domain=settings.SITE_URL.split("//")[-1],
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="styrningskalender.ics"'
    return response


@require_safe
@public_page
def statistics_page(request):
    municipality = site_municipality(request)
    context = statistics_context(municipality, public=True)
    context |= {"municipality": municipality, "csv_base": reverse("public:statistics")}
    return render(request, "public/statistics.html", context)


@require_safe
@public_page
def statistics_csv(request, slug, format="csv"):
    return table_file(site_municipality(request), slug, public=True, format=format)


@require_safe
@public_page
def statistics_json(request):
    return key_figures_json(site_municipality(request), public=True)
