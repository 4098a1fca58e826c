"""The strategy's review, once every electoral term (terms.py): whether a term's review is
done, and by what. A review recorded for the term (StrategyReview) does it, and so does a
strategy adopted during the term: adopting a new one is the review's most thorough outcome."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from projektdatabas.organisations.models import Municipality
from projektdatabas.strategy.models import Strategy, StrategyStatus

from .models import StrategyReview
from .terms import current_election, strategy_review_due, term_start


@dataclass(frozen=True)
class TermReview:
    election: dt.date
    review: StrategyReview | None
    adopted: Strategy | None  # a strategy adopted during the term

    @property
    def first_year(self) -> int:
        return self.election.year

    @property
    def last_year(self) -> int:
        return self.election.year + 4

    @property
    def due(self) -> dt.date:
        return strategy_review_due(self.election)

    @property
    def done(self) -> bool:
        return self.review is not None or self.adopted is not None

    def overdue(self, today: dt.date) -> bool:
        return not self.done and today > self.due


def municipality_reviews(municipality: Municipality):
    """Every review recorded for the municipality, newest first, whichever strategy was
    in force then."""
    return StrategyReview.objects.filter(strategy__municipality=municipality).select_related(
        "strategy"
    )


def review_of_term(municipality: Municipality, election: dt.date) -> TermReview:
    review = municipality_reviews(municipality).filter(electoral_term=election.year).first()
    next_term = term_start(election.replace(year=election.year + 4))
    # The strategy's own term where it is given: a date known only to the month ("oktober
    # 2022", stored as the 1st) would otherwise fall in the term before.
    in_term = Q(electoral_term=election.year) | Q(
        electoral_term__isnull=True,
        adopted_on__gte=term_start(election),
        adopted_on__lt=next_term,
    )
    adopted = (
        Strategy.objects.filter(
            in_term,
            municipality=municipality,
            status__in=[StrategyStatus.ADOPTED, StrategyStatus.SUPERSEDED],
        )
        .order_by("adopted_on")
        .first()
    )
    return TermReview(election, review, adopted)


def strategy_in_force(municipality: Municipality) -> Strategy | None:
    return (
        Strategy.objects.filter(municipality=municipality, status=StrategyStatus.ADOPTED)
        .order_by("-adopted_on", "-pk")
        .first()
    )


def this_term(municipality: Municipality, today: dt.date) -> TermReview:
    """The review of the term `today` falls in."""
    return review_of_term(municipality, current_election(today))


def current_review(municipality: Municipality, today: dt.date) -> TermReview | None:
    """This term's review, or None where no strategy is in force to review (callers that
    hold the strategy in force already ask `this_term`)."""
    if strategy_in_force(municipality) is None:
        return None
    return this_term(municipality, today)
