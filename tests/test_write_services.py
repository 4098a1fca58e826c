"""Every write a named service (issue 13): each checks its permission itself and refuses
with one exception carrying the reason, runs in one transaction, and leaves an audit entry.
The one 403 page shows the reason, in Swedish and under /en/ in English."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from projektdatabas.accounts import services as accounts
from projektdatabas.accounts.models import Membership
from projektdatabas.core.models import AuditEntry
from projektdatabas.governance.lifecycle import change_status
from projektdatabas.organisations.models import Municipality
from projektdatabas.planning import services as planning
from projektdatabas.planning.imports import Row, import_progress
from projektdatabas.planning.models import ActionPlan, Measure
from projektdatabas.projects import services as projects
from projektdatabas.reporting import distribution
from projektdatabas.reporting.models import Recipient
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


User = get_user_model()


def draft_plan(world):
    return ActionPlan(
        strategy=world["plan"].strategy,
        title="Nästa handlingsplan",
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2028, 12, 31),
    )


def new_measure(world, plan=None, **fields):
    plan = plan or world["plan"]
    return Measure(
        plan=plan,
        number=fields.pop("number", 2),
        orientation=world["measure"].orientation,
        responsible_department=world["department"],
        # Within the plan's period (2025–2026 for the world's plan).
        deadline=min(dt.date(2026, 9, 30), plan.ends_on)
        if plan.starts_on <= dt.date(2026, 9, 30)
        else plan.ends_on,
        description_sv="Ny åtgärd",
        **fields,
    )


def saved_draft(world):
    plan = planning.save_plan(plan=draft_plan(world), actor=world["users"]["coordinator"])
    planning.save_measure(
        measure=new_measure(world, plan=plan, number=1), actor=world["users"]["coordinator"]
    )
    return plan


def recipient(world):
    return Recipient(municipality=world["board"].municipality, name="Kim", email="kim@example.org")


# (service call, the role that must be refused, the action logged when the right role calls)
CALLS = {
    "save_plan (create)": (
        lambda w, u: planning.save_plan(plan=draft_plan(w), actor=u),
        "reader",
        "coordinator",
        "plan.created",
    ),
    "adopt_plan": (
        lambda w, u: planning.adopt_plan(plan=saved_draft(w), adopted_on=dt.date.today(), actor=u),
        "rep",
        "coordinator",
        "plan.adopted",
    ),
    "evaluate_plan": (
        lambda w, u: planning.evaluate_plan(
            plan=w["plan"], rating="partly", summary="Hälften.", on=dt.date(2026, 12, 1), actor=u
        ),
        "secretary",
        "coordinator",
        "plan.evaluated",
    ),
    "save_measure (create)": (
        lambda w, u: planning.save_measure(measure=new_measure(w), actor=u),
        "rep",
        "coordinator",
        "measure.created",
    ),
    "update_progress": (
        lambda w, u: planning.update_progress(
            measure=w["measure"], progress=40, status="ongoing", actor=u
        ),
        "other_rep",
        "rep",
        "measure.progress",
    ),
    "import_progress": (
        lambda w, u: import_progress(plan=w["plan"], rows=[Row(2, "1", "60", "ongoing")], actor=u),
        "reader",
        "rep",
        "plan.progress_imported",
    ),
    "create_user": (
        lambda w, u: accounts.create_user(account=User(username="ny-person"), actor=u),
        "coordinator",
        "administrator",
        "user.created",
    ),
    "save_user": (
        lambda w, u: accounts.save_user(account=w["users"]["reader"], actor=u),
        "coordinator",
        "administrator",
        "user.changed",
    ),
    "deactivate_user": (
        lambda w, u: accounts.deactivate_user(account=w["users"]["reader"], actor=u),
        "coordinator",
        "administrator",
        "user.deactivated",
    ),
    "save_recipient": (
        lambda w, u: distribution.save_recipient(recipient=recipient(w), actor=u),
        "reader",
        "coordinator",
        "report.recipient_added",
    ),
    "publish_project": (
        lambda w, u: projects.publish_project(project=w["project"], actor=u),
        "other_rep",
        "rep",
        "project.published",
    ),
    "archive_project": (
        lambda w, u: projects.archive_project(project=w["project"], actor=u),
        "rep",
        "coordinator",
        "project.archived",
    ),
    "change_status": (
        lambda w, u: change_status(project=w["project"], to="application", actor=u),
        "reader",
        "rep",
        "project.status_changed",
    ),
}


@pytest.mark.parametrize("name", CALLS)
def test_the_wrong_role_is_refused_with_the_reason_and_nothing_is_logged(world, name):
    call, wrong, _right, action = CALLS[name]
    world["project"].public_summary_sv = "Ett utbyte."
    world["project"].save()
    with translation.override("en"), pytest.raises(PermissionDenied) as refused:
        call(world, world["users"][wrong])
    assert str(refused.value).startswith("Only ") or "read everything" in str(refused.value)
    assert not AuditEntry.objects.filter(action=action).exists()


@pytest.mark.parametrize("name", CALLS)
def test_the_right_role_writes_and_leaves_an_audit_entry(world, name):
    call, _wrong, right, action = CALLS[name]
    world["project"].public_summary_sv = "Ett utbyte."
    world["project"].save()
    actor = world["users"][right]
    call(world, actor)
    entry = AuditEntry.objects.get(action=action)
    assert entry.actor == actor


def test_removing_a_recipient_is_logged_and_refused_to_others(world):
    kept = distribution.save_recipient(
        recipient=recipient(world), actor=world["users"]["coordinator"]
    )
    with pytest.raises(PermissionDenied):
        distribution.remove_recipient(recipient=kept, actor=world["users"]["reader"])
    distribution.remove_recipient(recipient=kept, actor=world["users"]["coordinator"])
    assert not Recipient.objects.exists()
    assert AuditEntry.objects.filter(action="report.recipient_removed").exists()


# --- one transaction: a failure leaves nothing behind --------------------------------------


def test_a_measure_refused_half_way_is_not_kept(world, municipality):
    elsewhere = Municipality.objects.create(name="Grannkommun", slug="granne")
    foreign = world["project"].__class__.objects.create(
        municipality=elsewhere,
        kind=world["project"].kind,
        title_sv="Grannens projekt",
        slug="grannens",
        lead_department=world["department"],
    )
    with pytest.raises(ValidationError):
        planning.save_measure(
            measure=new_measure(world), projects=[foreign], actor=world["users"]["coordinator"]
        )
    # The measure was saved before its projects were checked: the rollback took it away.
    assert not Measure.objects.filter(number=2).exists()
    assert not AuditEntry.objects.exists()


def test_a_role_refused_half_way_leaves_the_account_as_it_was(world, department):
    account = world["users"]["reader"]
    reader_role = Membership.objects.get(user=account)
    role_id = reader_role.pk
    account.first_name = "Nytt namn"
    broken = Membership(user=account, municipality=department.municipality, role="department_rep")
    with pytest.raises(ValidationError):  # a representative needs a department
        accounts.save_user(
            account=account,
            roles=[broken],
            withdrawn=[reader_role],
            actor=world["users"]["administrator"],
        )
    account.refresh_from_db()
    assert account.first_name != "Nytt namn"
    assert Membership.objects.filter(pk=role_id).exists()  # its withdrawal undone


def test_an_administrator_cannot_give_a_role_in_another_municipality(world):
    elsewhere = Municipality.objects.create(name="Grannkommun", slug="granne")
    account = world["users"]["no_role"]
    with pytest.raises(PermissionDenied):
        accounts.save_user(
            account=account,
            roles=[Membership(user=account, municipality=elsewhere, role="reader")],
            actor=world["users"]["administrator"],
        )
    assert not Membership.objects.filter(user=account).exists()


def test_nobody_deactivates_their_own_account(world):
    admin = world["users"]["administrator"]
    with pytest.raises(ValidationError):
        accounts.deactivate_user(account=admin, actor=admin)


# --- plans: adopting is its own step; "done" is 100 % everywhere ---------------------------


def test_a_new_plan_is_a_draft_until_adopted_by_its_own_step(world, client):
    coordinator = world["users"]["coordinator"]
    sign_in(client, coordinator)
    page = client.get("/intern/handlingsplaner/ny/").content.decode()
    assert 'name="status"' not in page and 'name="adopted_on"' not in page
    plan = saved_draft(world)
    assert plan.status == "draft"
    response = client.post(
        f"/intern/handlingsplaner/{plan.pk}/anta/",
        {"adopted_on": "2026-11-20", "decision_reference": "KS 2026/42"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.adopted_on, plan.decision_reference) == (
        "adopted",
        dt.date(2026, 11, 20),
        "KS 2026/42",
    )
    with pytest.raises(ValidationError):
        planning.adopt_plan(plan=plan, adopted_on=dt.date(2026, 12, 21), actor=coordinator)


def test_editing_a_plan_does_not_move_its_status(world):
    plan = world["plan"]
    plan.status = "draft"  # as a tampered form would set it
    plan.title = "Nytt namn"
    planning.save_plan(plan=plan, actor=world["users"]["coordinator"])
    plan.refresh_from_db()
    assert (plan.title, plan.status) == ("Nytt namn", "adopted")


def test_an_adopted_plans_period_is_changed_by_revising_it_not_by_editing(world, client):
    """The public plan said "2025–2030, antagen 10 februari 2025" of a plan adopted for
    2025–2026, after an edit no one could see."""
    plan = world["plan"]  # adopted for 2025–2026
    sign_in(client, world["users"]["coordinator"])
    data = {
        "strategy": plan.strategy_id,
        "title": plan.title,
        "starts_on": "2025-01-01",
        "ends_on": "2030-12-31",
        "decision_reference": "",
    }
    url = f"/intern/handlingsplaner/{plan.pk}/redigera/"
    with translation.override("sv"):
        page = client.post(url, data).content.decode()
    assert "Planen är antagen för 2025-01-01 till 2026-12-31" in page
    plan.refresh_from_db()
    assert plan.ends_on == dt.date(2026, 12, 31)
    # A slip in its name, or its case number, is corrected as before.
    data.update(ends_on="2026-12-31", title="Handlingsplan 2025–2026", decision_reference="KS 1")
    assert client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.decision_reference) == ("Handlingsplan 2025–2026", "KS 1")


def test_a_measures_deadline_lies_within_its_plans_period(world):
    measure = world["measure"]  # in a plan for 2025–2026
    measure.deadline = dt.date(2060, 1, 1)
    with translation.override("sv"), pytest.raises(ValidationError) as refusal:
        measure.full_clean()
    assert refusal.value.message_dict["deadline"] == [
        "Tidpunkten ligger utanför planens period, 2025-01-01 till 2026-12-31: en åtgärd för "
        "senare hör till nästa plan."
    ]
    measure.deadline = dt.date(2026, 12, 31)
    measure.full_clean()


def test_done_means_100_from_the_form_the_service_and_the_file(world, client):
    measure = world["measure"]
    sign_in(client, world["users"]["coordinator"])
    response = client.post(
        f"/intern/atgarder/{measure.pk}/framsteg/", {"status": "done", "progress": "40"}
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == ("done", 100)

    import_progress(
        plan=world["plan"], rows=[Row(2, "1", "20", "ongoing")], actor=world["users"]["rep"]
    )
    import_progress(
        plan=world["plan"], rows=[Row(2, "1", "20", "klar")], actor=world["users"]["rep"]
    )
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == ("done", 100)


# --- the one 403 page ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "reason", "heading"),
    [
        ("", "Bara samordnaren skapar handlingsplaner.", "Inte tillgängligt för dig"),
        ("/en", "Only the coordinator creates action plans.", "Not available to you"),
    ],
)
def test_the_403_page_shows_the_reason_in_the_page_language(world, client, prefix, reason, heading):
    sign_in(client, world["users"]["rep"])
    response = client.get(f"{prefix}/intern/handlingsplaner/ny/")
    assert response.status_code == 403
    html = response.content.decode()
    assert reason in html and heading in html


@pytest.mark.parametrize(
    ("prefix", "reason"),
    [
        ("", "Bara samordnaren ändrar handlingsplaner och deras åtgärder."),
        ("/en", "Only the coordinator edits action plans and their measures."),
    ],
)
def test_a_refusal_raised_by_a_service_reaches_the_same_page(world, client, prefix, reason):
    sign_in(client, world["users"]["rep"])
    response = client.post(f"{prefix}/intern/handlingsplaner/{world['plan'].pk}/revidera/")
    assert response.status_code == 403
    assert reason in response.content.decode()


@pytest.mark.urls("tests.error_urls")
@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/intern/nekad/", "Bara samordnaren skapar handlingsplaner."),
        ("/en/intern/nekad/", "Only the coordinator creates action plans."),
    ],
)
def test_any_permission_denied_with_a_reason_shows_it(world, client, path, reason):
    sign_in(client, world["users"]["rep"])
    response = client.get(path)
    assert response.status_code == 403
    assert f'<p class="notice">{reason}</p>' in response.content.decode()


def test_deactivating_is_its_own_button_and_is_logged(world, client):
    admin, account = world["users"]["administrator"], world["users"]["reader"]
    sign_in(client, admin)
    page = client.get(f"/intern/anvandare/{account.pk}/").content.decode()
    assert 'name="is_active"' not in page and 'value="deactivate"' in page
    response = client.post(f"/intern/anvandare/{account.pk}/aktiv/", {"action": "deactivate"})
    assert response.status_code == 302
    account.refresh_from_db()
    assert not account.is_active
    assert AuditEntry.objects.get(action="user.deactivated").actor == admin
    page = client.get(f"/intern/anvandare/{account.pk}/").content.decode()
    assert "Kontot är inaktiverat." in page and 'value="reactivate"' in page
