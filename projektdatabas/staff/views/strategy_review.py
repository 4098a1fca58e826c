"""The strategy's review once every electoral term, in the staff pages: recorded by the
coordinator (the form), shown above the action plans and, when due or late, on the
coordinator's start page (planning/reviews.py says what is due)."""

import datetime as dt

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from projektdatabas.accounts import permissions as perms
from projektdatabas.organisations.models import Municipality
from projektdatabas.planning import services
from projektdatabas.planning.reviews import (
    current_review,
    municipality_reviews,
    strategy_in_force,
    this_term,
)
from projektdatabas.strategy.models import Strategy

from ..access import staff_view
from ..plan_forms import StrategyReviewForm
from ..submitting import submit_to_service

# The coordinator's start page names the strategy's review from this long before it is due.
REVIEW_SOON_DAYS = 120


def review_home_panel(user) -> dict | None:
    """The coordinator's start page: this term's review of the strategy, from four months
    before it is due until it is recorded."""
    municipality = perms.municipality_of(user)
    if municipality is None or municipality.pk not in perms.coordinated_municipality_ids(user):
        return None
    today = timezone.localdate()
    term = current_review(municipality, today)
    if term is None or term.done or term.due > today + dt.timedelta(days=REVIEW_SOON_DAYS):
        return None
    return {"term": term, "late": term.overdue(today), "municipality": municipality}


def strategies_with_reviews(user) -> list[dict]:
    """Each readable municipality's strategy in force, with this term's review and the
    reviews recorded before, for the action plans page."""
    today = timezone.localdate()
    rows = []
    readable = perms.readable_municipality_ids(user)
    for municipality in Municipality.objects.filter(pk__in=readable).order_by("name"):
        strategy = strategy_in_force(municipality)
        if strategy is None:
            continue
        term = this_term(municipality, today)
        rows.append(
            {
                "municipality": municipality,
                "strategy": strategy,
                "term": term,
                "late": term.overdue(today),
                "reviews": municipality_reviews(municipality)[:4],
                "can_review": perms.can_review_strategy(user, strategy).allowed,
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
@staff_view
def strategy_review(request, pk):
    strategy = get_object_or_404(
        Strategy.objects.filter(municipality_id__in=perms.readable_municipality_ids(request.user)),
        pk=pk,
    )
    perms.require(perms.can_review_strategy(request.user, strategy))
    # No date filled in: the day it was decided decides the term it counts for, and
    # today's date left standing had filed the old council's review as the new one's.
    form = StrategyReviewForm(request.POST or None)
    review = submit_to_service(
        request=request,
        form=form,
        service=lambda: services.record_strategy_review(
            strategy=strategy, actor=request.user, **form.cleaned_data
        ),
    )
    if review:
        messages.success(
            request,
            _("The strategy's review for the electoral term %(first)s–%(last)s is recorded.")
            % {"first": review.electoral_term, "last": review.electoral_term + 4},
        )
        return redirect("staff:plans")
    return render(
        request,
        "staff/simple_form.html",
        {
            "form": form,
            "title": _("Review of the international strategy"),
            "intro": _review_intro(strategy),
            "back_url": reverse("staff:plans"),
            "back_label": _("Action plans"),
        },
    )


def _review_intro(strategy) -> str:
    # The term a review decided today would count for (a strategy not in force is refused
    # by the service, with its reason, when the form is sent).
    term = this_term(strategy.municipality, timezone.localdate())
    values = {
        "strategy": strategy,
        "first": term.first_year,
        "last": term.last_year,
        "due": formats.date_format(term.due, "j F Y"),
    }
    if term.done:
        return (
            _(
                "The review for the electoral term %(first)s–%(last)s is done. A review "
                "recorded here counts for the term of the day it was decided: use this "
                "form for an earlier term's review."
            )
            % values
        )
    return (
        _(
            "%(strategy)s is reviewed once every electoral term. Record the decision that "
            "it stands, or that it is to be revised; the review for the term "
            "%(first)s–%(last)s is due by %(due)s. The day it was decided decides the "
            "term it counts for."
        )
        % values
    )
