"""A small organisation for staff tests: two committees with a department each, a
project in each department, and one user per role (plus one with no role)."""

from decimal import Decimal

import pytest

from projektdatabas.finance.models import Funding, FundingSource
from projektdatabas.organisations.models import Committee, Department


@pytest.fixture
def world(municipality, board, department, make_project, make_user):
    school_board = Committee.objects.create(
        municipality=municipality, name="Utbildningsnämnden", short_name="UN"
    )
    school = Department.objects.create(
        municipality=municipality, name="Utbildningsförvaltningen", committee=school_board
    )
    project = make_project(title_sv="Vänortsutbyte med medfinansiering", submitted_at=None)
    Funding.objects.create(
        project=project, source=FundingSource.MUNICIPAL_MONEY, amount=Decimal("100000")
    )
    school_project = make_project(title_sv="Skolprojekt", lead_department=school)
    users = {
        "coordinator": make_user("coordinator"),
        "rep": make_user("department_rep", department=department),
        "other_rep": make_user("department_rep", department=school),
        "secretary": make_user("committee_secretary", committee=board),
        "other_secretary": make_user("committee_secretary", committee=school_board),
        "reader": make_user("reader"),
        "administrator": make_user("administrator"),
    }
    from django.contrib.auth import get_user_model

    users["no_role"] = get_user_model().objects.create_user(
        username="utan-roll", password="ett-långt-lösenord-2026"
    )
    return {
        "project": project,
        "school_project": school_project,
        "board": board,
        "school_board": school_board,
        "department": department,
        "school": school,
        "users": users,
    }
