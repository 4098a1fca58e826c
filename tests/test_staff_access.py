"""Every staff URL, as anonymous and as each role: the expected answer and no other.

A new staff URL without a row here fails the test, so nothing is added unguarded."""

import pytest
from django.urls import get_resolver

from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "coordinator",
    "rep",
    "other_rep",
    "secretary",
    "other_secretary",
    "reader",
    "administrator",
    "no_role",
]

# (url name, method): status per role, in ROLES order. 302 for the anonymous is the way to
# the sign-in page; for a POST it is "done, back to the project".
OK, GO, NO, NA = 200, 302, 403, 405
MATRIX = {
    ("home", "GET"): [GO, OK, OK, OK, OK, OK, OK, OK, NO],
    ("sign_in", "GET"): [OK] * 9,
    ("sign_out", "GET"): [NA] * 9,
    ("sign_out", "POST"): [GO] * 9,
    ("second_factor", "GET"): [GO, OK, OK, OK, OK, OK, OK, GO, OK],
    # Seconds until the idle sign-out (0 for the signed out), for the warning; no refusal.
    ("session_status", "GET"): [OK] * 9,
    ("session_status", "POST"): [OK] * 9,
    ("projects", "GET"): [GO, OK, OK, OK, OK, OK, OK, OK, NO],
    ("project_create", "GET"): [GO, OK, OK, OK, NO, NO, NO, NO, NO],
    # Projects from a spreadsheet: the coordinator's alone.
    ("project_import", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("project_import_template", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("project_import_template_xlsx", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("project", "GET"): [GO, OK, OK, NO, OK, OK, OK, NO, NO],
    ("project_edit", "GET"): [GO, OK, OK, NO, NO, NO, NO, NO, NO],
    ("project_row", "GET"): [GO, OK, OK, NO, NO, NO, NO, NO, NO],
    ("project_preview", "GET"): [GO, OK, OK, NO, OK, OK, OK, NO, NO],
    ("project_history", "GET"): [GO, OK, OK, NO, OK, OK, OK, NO, NO],
    ("project_as_of", "GET"): [GO, OK, OK, NO, OK, OK, OK, NO, NO],
    ("project_submit", "GET"): [NA] * 9,
    ("project_submit", "POST"): [GO, GO, GO, NO, NO, NO, NO, NO, NO],
    ("project_status", "GET"): [NA] * 9,
    ("project_status", "POST"): [GO, GO, GO, NO, NO, NO, NO, NO, NO],
    ("project_publication", "GET"): [NA] * 9,
    ("project_publication", "POST"): [GO, GO, GO, NO, NO, NO, NO, NO, NO],
    ("decision_create", "GET"): [GO, OK, NO, NO, OK, NO, NO, NO, NO],
    ("decisions", "GET"): [GO, OK, NO, NO, OK, OK, OK, NO, NO],
    ("compliance", "GET"): [GO, OK, NO, NO, OK, OK, OK, NO, NO],
    ("coordination_group", "GET"): [GO, OK, NO, NO, NO, NO, OK, NO, NO],
    ("plans", "GET"): [GO, OK, OK, OK, OK, OK, OK, OK, NO],
    ("plan_create", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("plan", "GET"): [GO, OK, OK, OK, OK, OK, OK, OK, NO],
    ("plan_edit", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("plan_adopt", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("plan_evaluate", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    # The strategy's review once a term: the coordinator records it.
    ("strategy_review", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("plan_revise", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    # Posted without the next plan's title: the form again, with the error.
    ("plan_revise", "POST"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("plan_import", "GET"): [GO, OK, OK, OK, NO, NO, NO, NO, NO],
    ("plan_export", "GET"): [GO, OK, OK, OK, OK, OK, OK, OK, NO],
    ("plan_export_xlsx", "GET"): [GO, OK, OK, OK, OK, OK, OK, OK, NO],
    ("measure_create", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("measure_edit", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("measure_progress", "GET"): [GO, OK, OK, NO, NO, NO, NO, NO, NO],
    ("calendar", "GET"): [GO, OK, OK, OK, OK, OK, OK, OK, NO],
    ("reports", "GET"): [GO, OK, NO, NO, NO, NO, OK, NO, NO],
    ("report", "GET"): [GO, OK, NO, NO, NO, NO, OK, NO, NO],
    ("report_file", "GET"): [GO, OK, NO, NO, NO, NO, OK, NO, NO],
    ("report_finalise", "GET"): [NA] * 9,
    ("report_finalise", "POST"): [GO, GO, NO, NO, NO, NO, NO, NO, NO],
    # After the finalising above: the coordinator sends it to the list and is sent back.
    ("report_send", "GET"): [NA] * 9,
    ("report_send", "POST"): [GO, GO, NO, NO, NO, NO, NO, NO, NO],
    ("distribution_list", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("recipient_edit", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("recipient_remove", "GET"): [NA] * 9,
    ("recipient_remove", "POST"): [GO, GO, NO, NO, NO, NO, NO, NO, NO],
    # The regional report: the regional coordinator's alone (test_staff_access_region.py).
    ("regional_reports", "GET"): [GO, NO, NO, NO, NO, NO, NO, NO, NO],
    ("regional_report", "GET"): [GO, NO, NO, NO, NO, NO, NO, NO, NO],
    ("regional_report_finalise", "GET"): [NA] * 9,
    ("regional_report_finalise", "POST"): [GO, NO, NO, NO, NO, NO, NO, NO, NO],
    ("regional_report_publish", "GET"): [NA] * 9,
    ("regional_report_publish", "POST"): [GO, NO, NO, NO, NO, NO, NO, NO, NO],
    ("statistics", "GET"): [GO, OK, NO, NO, NO, NO, OK, NO, NO],
    ("statistics_csv", "GET"): [GO, OK, NO, NO, NO, NO, OK, NO, NO],
    ("statistics_xlsx", "GET"): [GO, OK, NO, NO, NO, NO, OK, NO, NO],
    ("statistics_json", "GET"): [GO, OK, NO, NO, NO, NO, OK, NO, NO],
    # News: the coordinator and every department representative of the municipality write
    # and publish; the other roles read the list (the administrator's is empty: no content).
    ("news", "GET"): [GO, OK, OK, OK, OK, OK, OK, OK, NO],
    ("news_create", "GET"): [GO, OK, OK, OK, NO, NO, NO, NO, NO],
    ("news_edit", "GET"): [GO, OK, OK, OK, NO, NO, NO, NO, NO],
    ("news_status", "GET"): [NA] * 9,
    ("news_status", "POST"): [GO, GO, GO, GO, NO, NO, NO, NO, NO],
    # Everyone who sees the item in the staff list; the administrator sees no news (404).
    ("news_image", "GET"): [GO, OK, OK, OK, OK, OK, OK, 404, NO],
    # Funding calls: everyone with a content role reads the register; the coordinator keeps
    # it and sends calls out; the department it was sent to answers (or the coordinator for
    # it). The administrator's list is empty, and a call is not found for them (404). An
    # empty routing form is the call's page again, with the error.
    ("calls", "GET"): [GO, OK, OK, OK, OK, OK, OK, OK, NO],
    ("call_create", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("call_import", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("call_template", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("call", "GET"): [GO, OK, OK, OK, OK, OK, OK, 404, NO],
    ("call_edit", "GET"): [GO, OK, NO, NO, NO, NO, NO, 404, NO],
    ("call_route", "GET"): [NA] * 9,
    ("call_route", "POST"): [GO, OK, NO, NO, NO, NO, NO, 404, NO],
    ("call_archive", "GET"): [NA] * 9,
    ("call_archive", "POST"): [GO, GO, NO, NO, NO, NO, NO, 404, NO],
    ("call_answer", "GET"): [GO, OK, OK, NO, NO, NO, NO, 404, NO],
    # EU monitoring: everyone with a role in the municipality reads the register (the
    # administrator's list is empty and an item is not found); the coordinator registers,
    # imports and routes; a department's answer is its own representatives' alone.
    ("eu_items", "GET"): [GO, OK, OK, OK, OK, OK, OK, OK, NO],
    ("eu_item_create", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("eu_item_import", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("eu_item_template", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("eu_item", "GET"): [GO, OK, OK, OK, OK, OK, OK, 404, NO],
    ("eu_item_edit", "GET"): [GO, OK, NO, NO, NO, NO, NO, 404, NO],
    ("eu_item_route", "GET"): [GO, OK, NO, NO, NO, NO, NO, 404, NO],
    ("eu_item_answer", "GET"): [GO, NO, OK, NO, NO, NO, NO, 404, NO],
    ("eu_item_status", "GET"): [NA] * 9,
    ("eu_item_status", "POST"): [GO, GO, NO, NO, NO, NO, NO, 404, NO],
    # Residents' registrations of interest: everyone who sees the project's internal fields
    # reads them (the list holds only those); those who may change the project handle them.
    ("interest", "GET"): [GO, OK, OK, OK, OK, OK, OK, OK, NO],
    ("interest_status", "GET"): [NA] * 9,
    ("interest_status", "POST"): [GO, GO, GO, 404, NO, NO, NO, 404, NO],
    # The groups: the coordinator keeps them; readers read everything; a member whose account
    # is linked (world["rep"], in the coordination group) reads their group, its meetings
    # and minutes, and the competence development; nobody else sees them.
    ("groups", "GET"): [GO, OK, OK, NO, NO, NO, OK, NO, NO],
    ("group_create", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("group", "GET"): [GO, OK, OK, NO, NO, NO, OK, NO, NO],
    ("group_edit", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("group_member_create", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("group_member_edit", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("group_meeting_create", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("group_meeting", "GET"): [GO, OK, OK, NO, NO, NO, OK, NO, NO],
    ("group_meeting_edit", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("group_minutes", "GET"): [GO, OK, OK, NO, NO, NO, OK, NO, NO],
    ("group_follow_up_create", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("group_follow_up_edit", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("trainings", "GET"): [GO, OK, OK, NO, NO, NO, OK, NO, NO],
    ("training_create", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("training_edit", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("users", "GET"): [GO, NO, NO, NO, NO, NO, NO, OK, NO],
    ("user_create", "GET"): [GO, NO, NO, NO, NO, NO, NO, OK, NO],
    ("user_edit", "GET"): [GO, NO, NO, NO, NO, NO, NO, OK, NO],
    ("user_active", "GET"): [NA] * 9,
    ("user_active", "POST"): [GO, NO, NO, NO, NO, NO, NO, GO, NO],
    # Money: the coordinator writes, readers read. A void POST without a reason is the
    # coordinator's form again, with the error (nothing is voided by the walk).
    ("receipts", "GET"): [GO, OK, NO, NO, NO, NO, OK, NO, NO],
    ("receipt_create", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("receipt", "GET"): [GO, OK, NO, NO, NO, NO, OK, NO, NO],
    ("receipt_edit", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("receipt_void", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("receipt_void", "POST"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("allocations", "GET"): [GO, OK, NO, NO, NO, NO, OK, NO, NO],
    ("allocation_create", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("allocation", "GET"): [GO, OK, NO, NO, NO, NO, OK, NO, NO],
    ("allocation_edit", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("spending_create", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("spending_edit", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("spending_void", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("spending_void", "POST"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("staff_time_rates", "GET"): [GO, OK, NO, NO, NO, NO, OK, NO, NO],
    ("staff_time_rate_create", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("staff_time_rate_edit", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    # Partners in EU projects (shared public data): the coordinator, department
    # representatives and readers search it; only the coordinator links it to the register.
    ("eu_partners", "GET"): [GO, OK, OK, OK, NO, NO, OK, NO, NO],
    ("eu_organisation", "GET"): [GO, OK, OK, OK, NO, NO, OK, NO, NO],
    ("eu_organisation_link", "GET"): [GO, GO, NO, NO, NO, NO, NO, NO, NO],
    ("eu_organisation_link", "POST"): [GO, GO, NO, NO, NO, NO, NO, NO, NO],
    ("partner", "GET"): [GO, OK, OK, OK, NO, NO, OK, NO, NO],
    # Uploading keep.eu or Kohesio exports changes what everyone finds: the coordinator's.
    ("eu_import", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
    ("eu_import", "POST"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],  # no file: the form again
    ("eu_import_detail", "GET"): [GO, OK, NO, NO, NO, NO, NO, NO, NO],
}

POST_DATA = {
    "project_status": {"to": "application"},
    "project_publication": {"action": "publish"},
    "user_active": {"action": "deactivate"},
    "news_status": {"action": "publish"},
    "call_archive": {"action": "restore"},  # refused with a message: it is not archived
    "eu_item_status": {"action": "close"},
    "interest_status": {"action": "handled"},
    "eu_organisation_link": {"action": "unlink"},  # not linked: nothing to undo
}


@pytest.fixture
def world(world, municipality):
    """The shared world with one of each money record, for the money pages' rows."""
    import datetime as dt
    from decimal import Decimal

    from projektdatabas.finance.models import (
        AllocationSpending,
        AnnualAllocation,
        Receipt,
        StaffTimeRate,
    )
    from projektdatabas.monitoring.models import Concern, EUItem
    from projektdatabas.news.models import NewsImage, NewsItem
    from projektdatabas.participation.models import InterestRegistration

    allocation = AnnualAllocation.objects.create(
        municipality=municipality, year=2026, purpose="twinning", amount=Decimal("100000")
    )
    return {
        **world,
        "receipt": Receipt.objects.create(
            project=world["project"], received_on=dt.date(2026, 3, 1), amount=Decimal("5000")
        ),
        "allocation": allocation,
        "spending": AllocationSpending.objects.create(
            allocation=allocation,
            spent_on=dt.date(2026, 4, 1),
            amount=Decimal("1000"),
            description="Resa",
        ),
        # A resident's registration of interest in the department's project.
        "interest": InterestRegistration.objects.create(
            project=world["project"], name="Invånare", phone="0303-33 00 00", kinds=["participant"]
        ),
        # An EU item asking the first department (world["rep"]'s) for its answer.
        "eu_concern": Concern.objects.create(
            item=EUItem.objects.create(
                municipality=municipality, kind="legislation", title="Direktiv", channel="gr"
            ),
            department=world["department"],
            reason="Berör förvaltningen.",
            answer_due=dt.date(2026, 12, 31),
        ),
        # A draft with a picture, for the staff address of its picture.
        "news": NewsItem.objects.create(
            municipality=municipality,
            title_sv="Nyhet",
            slug="nyhet",
            body_sv="Text.",
            image=NewsImage.objects.create(
                data=b"\x89PNG", content_type="image/png", width=1, height=1, sha256="0" * 64
            ),
            image_alt_sv="En bild",
        ),
        # An open funding call sent to the first department (world["rep"]'s).
        **_call_world(municipality, world["department"]),
        **_groups(world, municipality),
        # A year no project in the world starts in: the rate values nothing here.
        "rate": StaffTimeRate.objects.create(
            municipality=municipality, year=2031, hourly_rate_sek=Decimal("450")
        ),
    }


def _call_world(municipality, department) -> dict:
    import datetime as dt

    from django.utils import timezone

    from projektdatabas.calls.models import Call, Routing

    call = Call.objects.create(
        municipality=municipality,
        programme_name="Erasmus+",
        identifier="ERASMUS-YOUTH-2027",
        title_sv="Ungdomsutbyten",
        closes_on=timezone.localdate() + dt.timedelta(days=60),
    )
    return {"call": call, "routing": Routing.objects.create(call=call, department=department)}


def _groups(world, municipality) -> dict:
    """The coordination group with world["rep"] as its member, a meeting with minutes as a
    file and a follow-up point, and a training."""
    import datetime as dt

    from projektdatabas.groups.models import (
        FollowUp,
        Group,
        GroupMember,
        Meeting,
        MinutesFile,
        Training,
    )

    group = Group.objects.create(municipality=municipality, kind="coordination", name="Gruppen")
    member = GroupMember.objects.create(
        group=group,
        name="Rep",
        role="Representant",
        user=world["users"]["rep"],
        starts_on=dt.date(2025, 1, 1),
    )
    minutes = MinutesFile.objects.create(
        data=b"%PDF-1.4", name="p.pdf", content_type="application/pdf", size=8, sha256="0" * 64
    )
    meeting = Meeting.objects.create(group=group, date=dt.date(2026, 3, 1), minutes_file=minutes)
    return {
        "group": group,
        "group_member": member,
        "group_meeting": meeting,
        "follow_up": FollowUp.objects.create(
            meeting=meeting, text="Gör", owner_member=member, due_on=dt.date(2026, 4, 1)
        ),
        "training": Training.objects.create(
            municipality=municipality, title="Kurs", kind="training", starts_on=dt.date(2026, 2, 1)
        ),
    }


def staff_url_names() -> set[str]:
    resolver = get_resolver()
    staff = resolver.namespace_dict["staff"][1]
    return {pattern.name for pattern in staff.url_patterns}


def test_every_staff_url_is_in_the_matrix():
    assert staff_url_names() == {name for name, _ in MATRIX}


def _recipient(world):
    """One on the distribution list (again, if a walk removed it)."""
    from projektdatabas.reporting.models import Recipient

    recipient, _created = Recipient.objects.get_or_create(
        municipality=world["board"].municipality,
        email="sekreterare@example.org",
        defaults={"name": "Kim Sekreterare", "role": "Kommunstyrelsens sekreterare"},
    )
    return recipient


def _eu_organisation():
    """An organisation in the EU project data, and a partner in the register."""
    from projektdatabas.euprojects.models import EUOrganisation
    from projektdatabas.organisations.models import Organisation

    organisation, _created = EUOrganisation.objects.get_or_create(
        normalised_name="bertinoro", country="IT", defaults={"name": "Comune di Bertinoro"}
    )
    organisation.partner_candidate, _created = Organisation.objects.get_or_create(
        name="Bertinoro", country="IT", defaults={"kind": "municipality"}
    )
    return organisation


def _eu_upload():
    """An upload of EU project data, imported."""
    from django.contrib.auth import get_user_model

    from projektdatabas.euprojects.models import EUUpload

    return EUUpload.objects.create(
        source="kohesio",
        names=["SE-latest.csv"],
        status="done",
        language="sv",
        actor=get_user_model().objects.order_by("pk").first(),
        result={"rows": 1, "projects": {}, "participations": {}},
    )


def _url(name, world):
    from django.urls import reverse

    kwargs = {}
    if (
        name.startswith("project_")
        and name != "project_create"
        and not name.startswith("project_import")
        or name
        in (
            "project",
            "decision_create",
        )
    ):
        kwargs["pk"] = world["project"].pk
    if name == "project_edit":
        kwargs["section"] = "grunduppgifter"
    if name == "project_row":
        kwargs["section"] = "pengar"
    if name in ("user_edit", "user_active"):
        kwargs["pk"] = world["users"]["rep"].pk
    if name.startswith("plan_") and name != "plan_create" or name in ("plan", "measure_create"):
        kwargs["pk"] = world["plan"].pk
    if name == "strategy_review":
        kwargs["pk"] = world["plan"].strategy_id
    if name in ("recipient_edit", "recipient_remove"):
        kwargs["pk"] = _recipient(world).pk
    if name in (
        "report",
        "report_finalise",
        "report_file",
        "report_send",
        "regional_report",
        "regional_report_finalise",
        "regional_report_publish",
    ):
        kwargs.update(year=2026, half=1)
    if name in ("statistics_csv", "statistics_xlsx"):
        kwargs["slug"] = "eu-per-ar"
    if name == "report_file":
        kwargs["extension"] = "docx"
    if name in ("measure_edit", "measure_progress"):
        kwargs["pk"] = world["measure"].pk
    money = {
        "receipt_create": world["project"],
        "receipt": world["receipt"],
        "receipt_edit": world["receipt"],
        "receipt_void": world["receipt"],
        "allocation": world["allocation"],
        "allocation_edit": world["allocation"],
        "spending_create": world["allocation"],
        "spending_edit": world["spending"],
        "spending_void": world["spending"],
        "staff_time_rate_edit": world["rate"],
    }
    if name == "interest_status":
        kwargs["pk"] = world["interest"].pk
    if name in ("eu_item", "eu_item_edit", "eu_item_route", "eu_item_status"):
        kwargs["pk"] = world["eu_concern"].item_id
    if name == "eu_item_answer":
        kwargs["pk"] = world["eu_concern"].pk
    if name in ("call", "call_edit", "call_route", "call_archive"):
        kwargs["pk"] = world["call"].pk
    if name == "call_answer":
        kwargs["pk"] = world["routing"].pk
    if name in ("news_edit", "news_status", "news_image"):
        kwargs["pk"] = world["news"].pk
    groups = {
        "group": "group",
        "group_edit": "group",
        "group_member_create": "group",
        "group_meeting_create": "group",
        "group_member_edit": "group_member",
        "group_meeting": "group_meeting",
        "group_meeting_edit": "group_meeting",
        "group_minutes": "group_meeting",
        "group_follow_up_create": "group_meeting",
        "group_follow_up_edit": "follow_up",
        "training_edit": "training",
    }
    if name in groups:
        kwargs["pk"] = world[groups[name]].pk
    if name in money:
        kwargs["pk"] = money[name].pk
    if name in ("eu_organisation", "eu_organisation_link"):
        kwargs["pk"] = _eu_organisation().pk
    if name == "partner":
        kwargs["pk"] = _eu_organisation().partner_candidate.pk
    if name == "eu_import_detail":
        kwargs["pk"] = _eu_upload().pk
    return reverse(f"staff:{name}", kwargs=kwargs)


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(role, world, client):
    if role != "anonymous":
        sign_in(client, world["users"][role])
    failures = []
    for (name, method), expected in MATRIX.items():
        if name == "sign_out":
            continue  # signing out would end the walk; checked on its own below
        url = _url(name, world)
        send = client.get if method == "GET" else client.post
        response = send(url, POST_DATA.get(name, {}))
        wanted = expected[ROLES.index(role)]
        if response.status_code != wanted:
            failures.append(f"{method} {url}: {response.status_code}, expected {wanted}")
        if role == "anonymous" and response.status_code == 302 and method == "GET":
            assert response["Location"].startswith("/intern/logga-in/"), url
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_sign_out(role, world, client):
    if role != "anonymous":
        sign_in(client, world["users"][role])
    expected = MATRIX[("sign_out", "POST")][ROLES.index(role)]
    assert client.post("/intern/logga-ut/").status_code == expected
    assert client.get("/intern/").status_code == 302  # signed out now


def test_a_refusal_says_why(world, client):
    sign_in(client, world["users"]["other_rep"])
    response = client.get(f"/intern/projekt/{world['project'].pk}/redigera/grunduppgifter/")
    assert response.status_code == 403
    assert (
        "Only the coordinator and the lead department can change a project."
        in (response.content.decode())
        or "Bara samordnaren och den ansvariga förvaltningen" in response.content.decode()
    )
