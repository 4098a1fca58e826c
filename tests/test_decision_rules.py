"""The strategy's decision rules, computed from each project's own data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from projektdatabas.finance.models import Funding, FundingSource
from projektdatabas.governance.lifecycle import TransitionRefused, can_move, change_status
from projektdatabas.governance.models import Decision, Delegation
from projektdatabas.governance.rules import (
    decision_need,
    decision_needs,
    projects_lacking_decision,
)
from projektdatabas.governance.services import record_decision
from projektdatabas.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    # The reasons are asserted in the code's language; the Swedish ones are tested
    # through the pages.
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def delegation(world):
    return Delegation.objects.create(
        committee=world["board"],
        delegate_title="Kommundirektör",
        max_amount_sek=Decimal("250000"),
        valid_from=dt.date(2020, 1, 1),
    )


def decide(project, actor, **fields):
    values = {
        "project": project,
        "committee": project.lead_department.committee,
        "kind": "committee",
        "decided_on": dt.date(2025, 2, 1),
        "case_number": "KS 2025/12",
        "paragraph": "34",
        "outcome": "approved",
        "approved_cofinancing_sek": Decimal("100000"),
    }
    values.update(fields)
    return record_decision(decision=Decision(**values), actor=actor)


def approved(project, actor):
    """Submitted and approved by the funder: ready to start but for the decision."""
    from projektdatabas.projects.services import submit_project

    if project.submitted_at is None:
        submit_project(project=project, actor=actor)
    return change_status(project=Project.objects.get(pk=project.pk), to="approved", actor=actor)


def test_municipal_money_needs_a_decision_before_start(world, delegation):
    rep = world["users"]["rep"]
    project = approved(world["project"], rep)
    need = decision_need(project)
    assert need.required and need.missing
    assert "Kommunstyrelsen" in need.reason and "Kommundirektör" in need.reason
    with pytest.raises(TransitionRefused) as refusal:
        change_status(project=project, to="ongoing", actor=rep)
    assert "Kommunstyrelsen" in refusal.value.messages[0]

    decide(project, world["users"]["secretary"], kind="delegated", delegation=delegation)
    project = change_status(project=Project.objects.get(pk=project.pk), to="ongoing", actor=rep)
    assert project.status == "ongoing"


def test_own_staff_time_counts_as_cofinancing(world, make_project):
    project = make_project(title_sv="Bara arbetstid")
    assert not decision_need(project).required
    Funding.objects.create(
        project=project,
        source=FundingSource.MUNICIPAL_STAFF_TIME,
        amount=Decimal("40000"),
        staff_hours=Decimal("80"),
    )
    assert decision_need(project).missing


def test_no_cofinancing_and_not_owner_needs_no_decision(world, make_project):
    rep = world["users"]["rep"]
    project = make_project(title_sv="Studieresa utan kommunala pengar")
    Funding.objects.create(project=project, source=FundingSource.EU_GRANT, amount=Decimal("5000"))
    project = approved(project, rep)
    assert not decision_need(project).required
    assert change_status(project=project, to="ongoing", actor=rep).status == "ongoing"


def test_owned_project_needs_the_committee_itself(world, make_project, delegation):
    rep, secretary = world["users"]["rep"], world["users"]["secretary"]
    project = approved(make_project(title_sv="Vårt eget EU-projekt", municipal_role="owner"), rep)
    need = decision_need(project)
    assert need.missing and need.committee_only
    assert "delegated decision is not enough" in need.reason

    with pytest.raises(ValidationError) as refused:
        decide(
            project, secretary, kind="delegated", delegation=delegation, approved_cofinancing_sek=0
        )
    assert "kind" in refused.value.error_dict
    assert not can_move(project, "ongoing")

    decide(project, secretary, approved_cofinancing_sek=0)
    assert change_status(project=project, to="ongoing", actor=rep).status == "ongoing"


def test_raising_cofinancing_needs_a_new_decision(world):
    project = world["project"]
    decide(project, world["users"]["secretary"])
    assert decision_need(project).met
    Funding.objects.create(
        project=project, source=FundingSource.MUNICIPAL_MONEY, amount=Decimal("50000")
    )
    need = decision_need(project)
    assert need.missing
    assert "a new decision is needed" in need.reason


def test_rejection_does_not_meet_the_need(world):
    decide(world["project"], world["users"]["secretary"], outcome="rejected")
    need = decision_need(world["project"])
    assert need.missing and "rejected" in need.reason


def test_delegate_cannot_approve_above_the_limit(world, delegation):
    with pytest.raises(ValidationError) as refused:
        decide(
            world["project"],
            world["users"]["secretary"],
            kind="delegated",
            delegation=delegation,
            approved_cofinancing_sek=Decimal("300000"),
        )
    assert "approved_cofinancing_sek" in refused.value.error_dict


def test_expired_delegation_is_refused(world, delegation):
    delegation.valid_until = dt.date(2024, 12, 31)
    delegation.save()
    with pytest.raises(ValidationError) as refused:
        decide(
            world["project"], world["users"]["secretary"], kind="delegated", delegation=delegation
        )
    assert "delegation" in refused.value.error_dict


def test_only_the_responsible_committee_decides(world):
    with pytest.raises(ValidationError) as refused:
        decide(world["project"], world["users"]["coordinator"], committee=world["school_board"])
    assert "committee" in refused.value.error_dict


def test_a_secretary_records_only_their_committee(world):
    with pytest.raises(PermissionDenied, match="Kommunstyrelsen"):
        decide(world["project"], world["users"]["other_secretary"])
    assert not Decision.objects.exists()


def test_compliance_lists_exactly_the_projects_lacking_a_decision(world, make_project, client):
    owned = make_project(title_sv="Ägt utan beslut", municipal_role="owner")
    covered = make_project(title_sv="Medfinansierat med beslut")
    Funding.objects.create(
        project=covered, source=FundingSource.MUNICIPAL_MONEY, amount=Decimal("1000")
    )
    decide(covered, world["users"]["secretary"], approved_cofinancing_sek=Decimal("1000"))
    lacking = {p.title_sv for p, _ in projects_lacking_decision(Project.objects.all())}
    assert lacking == {"Vänortsutbyte med medfinansiering", owned.title_sv}

    from tests.conftest import sign_in

    sign_in(client, world["users"]["coordinator"])
    html = client.get("/intern/efterlevnad/").content.decode()
    assert owned.title_sv in html and "Vänortsutbyte med medfinansiering" in html
    assert "Medfinansierat med beslut" not in html and "Skolprojekt" not in html


def test_project_page_says_what_decision_is_needed(world, client):
    from tests.conftest import sign_in

    sign_in(client, world["users"]["rep"])
    html = client.get(f"/intern/projekt/{world['project'].pk}/").content.decode()
    assert "Kommunstyrelsen" in html and "100" in html


def test_the_batched_rule_agrees_with_the_single_one(
    world, make_project, delegation, django_assert_max_num_queries
):
    """The report and the compliance list ask about thousands of projects at once; they must
    reach the same verdict, with the same reason, as the project page."""
    secretary = world["users"]["secretary"]
    owned = make_project(title_sv="Eget", municipal_role="owner")
    # Recorded before the project became the municipality's own: it no longer suffices.
    Decision.objects.create(
        project=owned,
        committee=owned.lead_department.committee,
        kind="delegated",
        delegation=delegation,
        decided_on=dt.date(2025, 1, 10),
        case_number="KS 2025/1",
        outcome="approved",
        approved_cofinancing_sek=0,
    )
    raised = make_project(title_sv="Höjd medfinansiering")
    Funding.objects.create(
        project=raised, source=FundingSource.MUNICIPAL_MONEY, amount=Decimal("300000")
    )
    decide(raised, secretary, approved_cofinancing_sek=Decimal("200000"))
    rejected = make_project(title_sv="Avslaget")
    Funding.objects.create(
        project=rejected, source=FundingSource.MUNICIPAL_MONEY, amount=Decimal("1000")
    )
    decide(rejected, secretary, outcome="rejected", approved_cofinancing_sek=0)
    make_project(title_sv="Utan medfinansiering")

    projects = Project.objects.order_by("pk")
    with django_assert_max_num_queries(4):
        batched = decision_needs(projects)
    assert len(batched) == projects.count() >= 6
    for project, need in batched:
        single = decision_need(project)
        assert (need.required, need.met, need.reason) == (
            single.required,
            single.met,
            single.reason,
        )
        assert need.delegates == single.delegates
    reasons = {p.title_sv: need.reason for p, need in batched}
    assert "delegated decision is not enough" in reasons["Eget"]
    assert "raised" in reasons["Höjd medfinansiering"]
    assert "rejected" in reasons["Avslaget"]


# Own staff time: "även egen tid". Hours count as co-financing whatever their value.


def staff_time(project, hours, amount=None):
    return Funding.objects.create(
        project=project,
        source=FundingSource.MUNICIPAL_STAFF_TIME,
        staff_hours=Decimal(hours),
        amount=None if amount is None else Decimal(amount),
    )


def rate(world, year, sek):
    from projektdatabas.finance.models import StaffTimeRate

    return StaffTimeRate.objects.create(
        municipality=world["project"].municipality, year=year, hourly_rate_sek=Decimal(sek)
    )


def test_hours_valued_at_nothing_still_need_a_decision(world, make_project, delegation):
    """The issue's case: 40 hours at 0 SEK were told no decision was needed, and started."""
    rep = world["users"]["rep"]
    project = make_project(title_sv="Fyrtio timmar")
    staff_time(project, "40", amount="0")
    project = approved(project, rep)
    need = decision_need(project)
    assert need.required and need.missing and not need.committee_only
    assert "40 hours of own staff time" in need.reason
    assert "Kommundirektör" in need.reason  # a delegate may decide: the value is known
    with pytest.raises(TransitionRefused):
        change_status(project=project, to="ongoing", actor=rep)
    decide(
        project,
        world["users"]["secretary"],
        kind="delegated",
        delegation=delegation,
        approved_cofinancing_sek=0,
    )
    project = Project.objects.get(pk=project.pk)
    assert change_status(project=project, to="ongoing", actor=rep).status == "ongoing"


def test_hours_without_an_amount_or_a_rate_need_the_committee_itself(
    world, make_project, delegation
):
    secretary = world["users"]["secretary"]
    project = approved(make_project(title_sv="Timmar utan värde"), world["users"]["rep"])
    line = staff_time(project, "40")  # refused before: "Belopp: Detta fält måste fyllas i"
    assert line.amount_sek is None and line.is_unvalued_staff_time
    need = decision_need(project)
    assert need.missing and need.committee_only and need.delegates == []
    assert need.unvalued_hours == Decimal("40")
    assert "no hourly rate for 2025" in need.reason
    assert "a delegated decision is not enough" in need.reason

    with pytest.raises(ValidationError) as refused:
        decide(project, secretary, kind="delegated", delegation=delegation)
    assert "kind" in refused.value.error_dict
    decide(project, secretary, approved_cofinancing_sek=0)  # the committee itself
    assert decision_need(project).met


def test_the_rate_valued_amount_is_held_against_the_delegates_limit(
    world, make_project, delegation
):
    rate(world, 2025, "450")  # the projects start in 2025
    within = make_project(title_sv="Inom delegationen")
    staff_time(within, "500")  # 500 h × 450 kr = 225 000 kr ≤ 250 000 kr
    beyond = make_project(title_sv="Över delegationen")
    staff_time(beyond, "600")  # 270 000 kr > 250 000 kr

    need = decision_need(within)
    assert need.cofinancing_sek == Decimal("225000.00")
    assert [d.delegate_title for d in need.delegates] == ["Kommundirektör"]
    # The delegate in brackets: "… or Kommundirektör" read as a list of names.
    assert "needs a decision by Kommunstyrelsen or a delegate (Kommundirektör)." in need.reason
    need = decision_need(beyond)
    assert need.cofinancing_sek == Decimal("270000.00") and need.delegates == []
    assert "270,000 SEK, all of it own staff time (600 hours)" in need.reason
    with pytest.raises(ValidationError) as refused:
        decide(
            beyond,
            world["users"]["secretary"],
            kind="delegated",
            delegation=delegation,
            approved_cofinancing_sek=Decimal("270000"),
        )
    assert "approved_cofinancing_sek" in refused.value.error_dict


def test_the_batched_rule_agrees_on_staff_time(world, make_project, delegation):
    rate(world, 2026, "500")
    cases = {
        "zero": ("40", "0", None),
        "unvalued": ("40", None, None),
        "valued": ("100", None, dt.date(2026, 3, 1)),  # 2026's rate: 50 000 kr
        "too much": ("600", None, dt.date(2026, 3, 1)),  # 300 000 kr
    }
    for title, (hours, amount, start) in cases.items():
        project = make_project(title_sv=title, **({"start_date": start} if start else {}))
        staff_time(project, hours, amount)
    batched = decision_needs(Project.objects.filter(title_sv__in=cases).order_by("pk"))
    assert len(batched) == len(cases)
    for project, need in batched:
        single = decision_need(project)
        assert need.required and single.required
        assert (need.met, need.committee_only, need.cofinancing_sek, need.reason) == (
            single.met,
            single.committee_only,
            single.cofinancing_sek,
            single.reason,
        )
        assert need.delegates == single.delegates
    by_title = {p.title_sv: need for p, need in batched}
    assert by_title["valued"].cofinancing_sek == Decimal("50000.00")
    assert by_title["valued"].delegates and not by_title["too much"].delegates
    assert by_title["unvalued"].committee_only and not by_title["zero"].committee_only


def test_hours_only_projects_are_on_the_compliance_list(world, make_project):
    project = make_project(title_sv="Bara timmar, inget beslut", status="ongoing")
    staff_time(project, "12", amount="0")
    lacking = {p.title_sv for p, _ in projects_lacking_decision(Project.objects.all())}
    assert "Bara timmar, inget beslut" in lacking


def test_the_department_is_told_whom_to_ask_and_the_decision_before_the_dates(world, client):
    """A teacher read "kräver beslut av Utbildningsnämnden", met a refusal at the decision
    form, and was told at "Starta projektet" only that the period starts later, with an
    invitation to give an earlier start date: she back-dated before learning of the
    decision. Now the page names who records it, and the start names the decision first."""
    from django.utils import translation

    from tests.conftest import sign_in

    rep, secretary = world["users"]["rep"], world["users"]["secretary"]
    project = approved(world["project"], rep)
    Project.objects.filter(pk=project.pk).update(
        start_date=dt.date(2099, 1, 1), end_date=dt.date(2099, 12, 31)
    )
    sign_in(client, rep)
    with translation.override("sv"):
        html = client.get(f"/intern/projekt/{project.pk}/").content.decode()
    panel = html.split('id="decision-heading"')[1].split("</section>")[0]
    assert f"Be om beslutet hos: {secretary.get_full_name()}" in panel
    assert f'href="mailto:{secretary.email}"' in panel
    refusal = html.split('id="why-ongoing"')[1].split("</p>")[0]
    assert "Projektet kan inte starta än" in refusal and "2099" not in refusal
    coordinator = world["users"]["coordinator"]
    assert "registreras av samordnaren: skicka underlaget till" in html
    assert coordinator.get_full_name() in html.split("registreras av samordnaren")[1]

    Project.objects.filter(pk=project.pk).update(status="final_report_done")
    html = client.get(f"/intern/projekt/{project.pk}/").content.decode()
    steps = html.split('id="steps-heading"')[1].split("</section>")[0]
    assert "Inga fler steg: slutrapporterat." in steps


def test_cofinancing_reads_in_kronor_first_then_the_hours(world, make_project):
    """ "72 000 kr, varav 60 timmar egen tid" set kronor against hours."""
    rate(world, 2025, "450")
    project = make_project(title_sv="Pengar och tid")
    Funding.objects.create(
        project=project, source=FundingSource.MUNICIPAL_MONEY, amount=Decimal("54000")
    )
    staff_time(project, "40")  # 40 h × 450 kr
    assert "72,000 SEK, of which 18,000 SEK (40 hours) is own staff time" in (
        decision_need(project).reason
    )
