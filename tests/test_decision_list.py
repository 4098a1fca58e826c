"""The decisions list (/intern/beslut/) narrowed as a secretary looks a decision up: by
case number or project, year, committee and outcome. Before, it was fifty decisions a page,
newest first, and nothing to find one by."""

import datetime as dt

import pytest

from projektdatabas.governance.models import Decision
from projektdatabas.organisations.models import Committee, Department, Municipality

from .conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def decisions(make_project, board, municipality):
    education = Committee.objects.create(
        municipality=municipality, name="Utbildningsnämnden", short_name="UN"
    )
    school = Department.objects.create(
        municipality=municipality, name="Sektor utbildning", committee=education
    )

    def decide(title, committee, department, decided_on, case_number, outcome):
        project = make_project(title_sv=title, lead_department=department)
        return Decision.objects.create(
            project=project,
            committee=committee,
            kind="committee",
            decided_on=decided_on,
            case_number=case_number,
            paragraph="12",
            outcome=outcome,
            approved_cofinancing_sek=0,
        )

    department = board.departments.get()
    return {
        "vänort": decide(
            "Vänortsutbyte Kaufungen",
            board,
            department,
            dt.date(2025, 3, 4),
            "KS 2025/40",
            "approved",
        ),
        "elevutbyte": decide(
            "Elevutbyte Bertinoro",
            education,
            school,
            dt.date(2026, 5, 6),
            "UN 2026/103",
            "approved_with_conditions",
        ),
        "avslag": decide(
            "Klimatnätverk", board, department, dt.date(2026, 9, 1), "KS 2026/7", "rejected"
        ),
    }


def _listed(client, **params):
    response = client.get("/intern/beslut/", params)
    assert response.status_code == 200
    return {d.case_number for d in response.context["page"]}, response


def test_decisions_are_found_by_case_number_title_year_committee_and_outcome(
    client, make_user, decisions
):
    sign_in(client, make_user("coordinator"))
    assert _listed(client)[0] == {"KS 2025/40", "UN 2026/103", "KS 2026/7"}
    assert _listed(client, q="un 2026/103")[0] == {"UN 2026/103"}
    assert _listed(client, q="kaufungen")[0] == {"KS 2025/40"}
    assert _listed(client, ar="2026")[0] == {"UN 2026/103", "KS 2026/7"}
    education = decisions["elevutbyte"].committee
    assert _listed(client, namnd=str(education.pk))[0] == {"UN 2026/103"}
    assert _listed(client, utfall="rejected")[0] == {"KS 2026/7"}
    assert _listed(client, ar="2026", namnd=str(decisions["avslag"].committee_id))[0] == {
        "KS 2026/7"
    }

    found, response = _listed(client, ar="2026")
    page = response.content.decode()
    assert "2 beslut" in page
    assert '<option value="2026" selected>' in page
    assert "Visa alla beslut" in page


def test_a_filter_that_names_nothing_shows_every_decision_and_no_match_says_so(
    client, make_user, decisions
):
    sign_in(client, make_user("coordinator"))
    # A bookmark from another year's list, or a hand-edited address: not an error.
    listed, response = _listed(client, ar="1999", namnd="abc", utfall="maybe")
    assert listed == {"KS 2025/40", "UN 2026/103", "KS 2026/7"}
    assert "Visa alla beslut" not in response.content.decode()

    listed, response = _listed(client, q="KS 2030/1\x00")
    assert listed == set()
    assert "Inget beslut matchar." in response.content.decode()


def test_another_municipalitys_decisions_and_committees_are_not_offered(
    client, make_user, make_project, decisions
):
    other = Municipality.objects.create(name="Kungälvs kommun", slug="kungalv")
    board = Committee.objects.create(municipality=other, name="Kommunstyrelsen", short_name="KS")
    department = Department.objects.create(
        municipality=other, name="Kommunstyrelseförvaltningen", committee=board
    )
    project = make_project(municipality=other, lead_department=department, title_sv="Kungälv")
    Decision.objects.create(
        project=project,
        committee=board,
        kind="committee",
        decided_on=dt.date(2024, 1, 2),
        case_number="KS 2024/1",
        outcome="approved",
        approved_cofinancing_sek=0,
    )
    sign_in(client, make_user("coordinator"))
    listed, response = _listed(client)
    assert "KS 2024/1" not in listed
    assert 2024 not in response.context["filters"].years
    assert board not in response.context["filters"].committees
    # Refused as a filter too: the list does not narrow to another municipality's board.
    assert _listed(client, namnd=str(board.pk))[0] == listed
