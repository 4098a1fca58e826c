"""Electoral terms. Swedish general elections (and with them the municipal ones) are held
on the second Sunday of September every fourth year (1994, 1998, …, 2026, 2030); the new
council's term starts on 15 October of the election year (Kommunallagen 5 kap. 5 §), and
the strategy is reviewed in the first year of each term."""

import datetime as dt

FIRST_ELECTION = 1994  # the first of the current four-year rhythm
TERM_STARTS = (10, 15)  # 15 October


def is_election_year(year: int) -> bool:
    return year >= FIRST_ELECTION and (year - FIRST_ELECTION) % 4 == 0


def election_day(year: int) -> dt.date:
    """The second Sunday of September."""
    first = dt.date(year, 9, 1)
    first_sunday = first + dt.timedelta(days=(6 - first.weekday()) % 7)
    return first_sunday + dt.timedelta(days=7)


def elections_between(start: dt.date, end: dt.date) -> list[dt.date]:
    return [
        election_day(year)
        for year in range(start.year, end.year + 1)
        if is_election_year(year) and start <= election_day(year) <= end
    ]


def term_start(election: dt.date) -> dt.date:
    return dt.date(election.year, *TERM_STARTS)


def strategy_review_due(election: dt.date) -> dt.date:
    """The last day of the first year of the term that the election begins."""
    return dt.date(election.year + 1, TERM_STARTS[0], TERM_STARTS[1] - 1)


def current_election(day: dt.date) -> dt.date:
    """The election whose term `day` falls in (a term runs from its 15 October to the day
    before the next one's)."""
    year = day.year - (day.year - FIRST_ELECTION) % 4
    if day < term_start(election_day(year)):
        year -= 4
    return election_day(year)
