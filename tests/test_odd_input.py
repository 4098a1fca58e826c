"""Well-formed nonsense in query strings (days not in the calendar, years past 9999, page
numbers past any list, NUL characters) gets a clear message or is left out: never a 500."""

import pytest
from django.test import Client

from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(world):
    client = Client(raise_request_exception=False)
    return sign_in(client, world["users"]["coordinator"])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9999-99-99", "Det datumet finns inte."),
        ("2025-02-30", "Det datumet finns inte."),
        ("0000-01-01", "Det datumet finns inte."),
        ("10000-01-01", "Ange datumet som ÅÅÅÅ-MM-DD"),
        ("0001-01-01", "Projektet fanns inte ännu den 0001-01-01."),
    ],
)
def test_a_day_that_cannot_be_shown_is_explained(staff, world, value, message):
    url = f"/intern/projekt/{world['project'].pk}/per-datum/"
    response = staff.get(url, {"datum": value})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'aria-invalid="true"' in html


def test_the_last_day_of_the_calendar_shows_the_project(staff, world):
    url = f"/intern/projekt/{world['project'].pk}/per-datum/"
    html = staff.get(url, {"datum": "9999-12-31"}).content.decode()
    assert "Vänortsutbyte med medfinansiering" in html.split('<dl class="facts">')[1]


def test_a_nul_character_in_the_staff_search_is_ignored(staff):
    # PostgreSQL refuses NUL in any string; SQLite would look for it and find nothing.
    response = staff.get("/intern/projekt/", {"q": "Skol\x00projekt"})
    assert response.status_code == 200
    assert [project.title_sv for project in response.context["page"]] == ["Skolprojekt"]


@pytest.mark.parametrize(
    "query",
    [
        {"sida": "9" * 30},
        {"sida": "0"},
        {"sida": "-1"},
        {"status": "\x00"},
    ],
)
def test_staff_lists_take_any_page_number(staff, query):
    for url in ("/intern/projekt/", "/intern/beslut/"):
        assert staff.get(url, query).status_code == 200, url


@pytest.mark.parametrize(
    "query",
    [
        {"sida": "9" * 30},
        {"sida": "0"},
        {"fran": "10000"},
        {"till": "0000"},
        {"fran": "1e309"},
        {"partner": "9" * 30},
        {"program": "9223372036854775808"},
        {"tema": "a\x00b"},
        {"malgrupp": "\x00"},
        {"land": "\x00"},
        {"q": "\x00"},
    ],
)
def test_public_search_leaves_out_what_it_cannot_use(client, make_project, publish, query):
    publish(make_project(title_sv="Ett publicerat projekt"))
    for url in ("/projekt/", "/projekt.json", "/en/projekt/"):
        assert client.get(url, query).status_code == 200, url
