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
    plan, measure = _plan(municipality, department)
    return {
        "plan": plan,
        "measure": measure,
        "project": project,
        "school_project": school_project,
        "board": board,
        "school_board": school_board,
        "department": department,
        "school": school,
        "users": users,
    }


def _plan(municipality, department):
    import datetime as dt

    from projektdatabas.planning.models import ActionPlan, Measure
    from projektdatabas.strategy.models import Orientation, OrientationArea, Strategy

    strategy = Strategy.objects.create(municipality=municipality, title="Strategi")
    area = OrientationArea.objects.create(strategy=strategy, name_sv="Internationellt")
    orientation = Orientation.objects.create(area=area, number=1, name_sv="Samarbete")
    plan = ActionPlan.objects.create(
        strategy=strategy,
        title="Handlingsplan",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        status="adopted",
    )
    measure = Measure.objects.create(
        plan=plan,
        number=1,
        orientation=orientation,
        responsible_department=department,
        deadline=dt.date(2026, 6, 30),
        description_sv="En åtgärd",
    )
    return plan, measure
