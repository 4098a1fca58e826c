"""Partner finding at a million operations ranks from precomputed figures: the
per-organisation figures without words, the participations' arrays in memory (figures.py)
with words, a programme or years. These tests hold both to the plain definition, the
grouping of the matching participations in SQL, on a file with many organisations, ties
and pages; and check that the page draws its long lists once and marks the chosen value."""

import csv
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projektdatabas.euprojects import figures
from projektdatabas.euprojects.imports import import_kohesio
from projektdatabas.euprojects.models import EUFigures, EUProgramme
from projektdatabas.euprojects.ranking import Filters, rank_organisations
from projektdatabas.projects.fulltext import parse_query
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

WORDS = ["energy", "school", "culture", "youth", "water", "energetic", "bridge", "museum"]
COUNTRIES = ["SE", "DE", "FI", "DK"]
FUNDS = ["ERDF", "ESF+", "JTF"]


def _kohesio_file(path, rows=400, organisations=60) -> str:
    """Operations with one to three of a few dozen beneficiaries, so that scores tie and
    the ranking runs over several pages."""
    rng = random.Random(7)  # noqa: S311 - test data, not secrets
    columns = [
        "Operation_Unique_Identifier",
        "Operation_Name_English",
        "CountryCode",
        "Operation_Start_Date",
        "Operation_End_Date",
        "Beneficiary_Name",
        "Fund_Code",
        "Programme_Name",
        "Category_Label",
    ]
    with open(path, "w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(columns)
        for n in range(rows):
            start = rng.randint(2008, 2026)
            end = start + rng.randint(0, 3)
            country = rng.choice(COUNTRIES)
            beneficiaries = {
                f"Organisation {int(organisations * rng.random() ** 2)}"
                for _ in range(rng.randint(1, 3))
            }
            out.writerow(
                [
                    f"https://linkedopendata.eu/entity/Q{n}",
                    " ".join(rng.sample(WORDS, 2)).capitalize() + f" {n}",
                    country,
                    f"01/02/{start}",
                    f"30/11/{end}" if rng.random() < 0.9 else "",
                    "|".join(sorted(beneficiaries)),
                    rng.choice(FUNDS),
                    f"{country} programme {rng.randint(1, 2)}",
                    rng.choice(["Water management", "Cultural heritage", ""]),
                ]
            )
    return str(path)


@pytest.fixture
def many(tmp_path):
    import_kohesio(paths=[_kohesio_file(tmp_path / "kohesio.csv")])


def _rows(ranked):
    return [
        (r.organisation.pk, r.project_count, r.recent_count, r.latest_year, r.score) for r in ranked
    ]


def test_the_figures_rank_as_the_plain_definition(many):
    programme = EUProgramme.objects.get(name="DE programme 1").pk
    questions = [
        Filters(),
        Filters(country="SE"),
        Filters(fund="ESF+", country="DE"),
        Filters(programme_id=programme),
        Filters(year_from=2020),
        Filters(year_to=2012),
        Filters(year_from=2014, year_to=2016, fund="ERDF"),
        Filters(words=parse_query("energy")),  # a prefix: "energetic" is not "energy…"
        Filters(words=parse_query("ener")),  # …but both are "ener…"
        Filters(words=parse_query("water school")),
        Filters(words=parse_query("heritage"), country="FI"),  # a theme's word
        Filters(words=parse_query('"youth museum"')),
        Filters(words=parse_query("museum"), year_from=2022, programme_id=programme),
        Filters(words=parse_query("nothingmatches")),
        Filters(country="NO"),
    ]
    assert figures.current() is not None
    for filters in questions:
        for offset in (0, 10, 25):
            plain = _rows(rank_organisations(filters, limit=11, offset=offset, use_figures=False))
            assert _rows(rank_organisations(filters, limit=11, offset=offset)) == plain, (
                filters,
                offset,
            )
    # The fixture is what the comparison needs: several pages, and ties within a page.
    everyone = _rows(rank_organisations(Filters(), limit=100, use_figures=False))
    assert len(everyone) > 36
    scores = [row[4] for row in everyone[:36]]
    assert len(set(scores)) < len(scores)


def test_words_are_ranked_without_grouping_the_participations_in_sql(many):
    figures.current()  # loaded once per import and worker
    with CaptureQueriesContext(connection) as queries:
        ranked = rank_organisations(Filters(words=parse_query("school"), year_from=2015))
    assert ranked
    sql = " ".join(query["sql"].lower() for query in queries)
    assert "euparticipation" not in sql and "group by" not in sql


def test_each_import_that_changes_something_replaces_the_figures(tmp_path, many):
    first = EUFigures.objects.get()
    before = rank_organisations(Filters(words=parse_query("zeppelin")))
    assert before == []
    with open(tmp_path / "more.csv", "w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(["Operation_Unique_Identifier", "Operation_Name_English", "Beneficiary_Name"])
        out.writerow(["https://linkedopendata.eu/entity/Z1", "Zeppelin hangar", "Airship AB"])
    import_kohesio(paths=[str(tmp_path / "more.csv")])
    assert EUFigures.objects.get().pk != first.pk  # only the newest is kept
    after = rank_organisations(Filters(words=parse_query("zeppelin")))
    assert [row.organisation.name for row in after] == ["Airship AB"]
    # Importing the same file again changes nothing, and writes no new figures.
    stored = EUFigures.objects.get().pk
    import_kohesio(paths=[str(tmp_path / "more.csv")])
    assert EUFigures.objects.get().pk == stored


def test_the_page_marks_the_chosen_country_fund_and_programme(many, world, client):
    sign_in(client, world["users"]["coordinator"])
    programme = EUProgramme.objects.get(name="SE programme 2")
    url = reverse("staff:eu_partners")
    page = client.get(url, {"land": "SE", "fond": "ESF+", "program": programme.pk}).content
    page = page.decode()
    assert page.count(" selected>") == 3
    assert '<option value="SE" selected>Sverige</option>' in page
    assert '<option value="ESF+" selected>ESF+</option>' in page
    assert f'<option value="{programme.pk}" selected>SE programme 2</option>' in page
    # Another question, drawn from the same lists: only its own choice marked.
    page = client.get(url, {"land": "DE"}).content.decode()
    assert page.count(" selected>") == 1
    assert '<option value="DE" selected>Tyskland</option>' in page
    assert '<option value="SE">Sverige</option>' in page
