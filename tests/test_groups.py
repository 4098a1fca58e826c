"""The groups' work: the management and coordination groups with their members, meetings
with attendance, minutes and follow-up points, and competence development. The coordinator
writes through the services (audited, with history); a group's members read its meetings;
an open follow-up point reaches its owner's start page and the reminders; a minutes file is
checked before it is kept."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projektdatabas.core.models import AuditEntry
from projektdatabas.groups import services
from projektdatabas.groups.models import (
    FollowUp,
    Group,
    GroupKind,
    GroupMember,
    Meeting,
    MinutesFile,
    Presence,
)
from projektdatabas.planning.calendar import governance_calendar
from projektdatabas.planning.reminders import send_due_reminders
from projektdatabas.projects.models import PublicRecordDeletion
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def docx_bytes(*, macros: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\0" * 10)
    return out.getvalue()


def odt_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


@pytest.fixture
def groups(world, municipality):
    """The management group (a commissioner with an address, the coordinator) and the
    coordination group (the representative of the first department, linked to their account)."""
    coordinator = world["users"]["coordinator"]
    management = services.save_group(
        group=Group(municipality=municipality, kind=GroupKind.MANAGEMENT, name="Ledningsgruppen"),
        actor=coordinator,
    )
    coordination = services.save_group(
        group=Group(
            municipality=municipality, kind=GroupKind.COORDINATION, name="Samordningsgruppen"
        ),
        actor=coordinator,
    )
    since = dt.date(2025, 1, 1)
    commissioner = services.save_member(
        member=GroupMember(
            group=management,
            name="Alva Kommunalråd",
            role="Kommunalråd",
            email="alva@example.org",
            starts_on=since,
        ),
        actor=coordinator,
    )
    rep = services.save_member(
        member=GroupMember(
            group=coordination,
            name="Rut Representant",
            role="Representant",
            user=world["users"]["rep"],
            department=world["department"],
            starts_on=since,
        ),
        actor=coordinator,
    )
    return {
        "management": management,
        "coordination": coordination,
        "commissioner": commissioner,
        "rep": rep,
    }


def test_a_meeting_with_attendance_and_follow_ups_is_saved_through_the_services_with_audit(
    world, groups
):
    coordinator = world["users"]["coordinator"]
    group, commissioner = groups["management"], groups["commissioner"]
    absent = services.save_member(
        member=GroupMember(group=group, name="Bo Direktör", role="Kommundirektör", starts_on=TODAY),
        actor=coordinator,
    )
    meeting = services.save_meeting(
        meeting=Meeting(group=group, date=TODAY, agenda="1. Halvårsrapporten"),
        actor=coordinator,
        attendance={commissioner.pk: Presence.PRESENT, absent.pk: Presence.ABSENT_WITH_NOTICE},
        minutes_upload=SimpleUploadedFile("Protokoll 3 mars.pdf", pdf_bytes()),
    )
    point = services.save_follow_up(
        follow_up=FollowUp(
            meeting=meeting,
            text="Skicka rapporten till förvaltningscheferna",
            owner_member=commissioner,
            due_on=TODAY + dt.timedelta(days=30),
        ),
        actor=coordinator,
    )
    services.mark_follow_up_done(follow_up=point, actor=coordinator, done_on=TODAY)

    assert dict(meeting.attendance.values_list("member__name", "presence")) == {
        "Alva Kommunalråd": "present",
        "Bo Direktör": "absent_with_notice",
    }
    assert meeting.minutes_file.name == "protokoll-3-mars.pdf"
    actions = set(AuditEntry.objects.filter(actor=coordinator).values_list("action", flat=True))
    assert {
        "groups.meeting_created",
        "groups.attendance_recorded",
        "groups.follow_up_created",
        "groups.follow_up_changed",
        "groups.member_created",
    } <= actions
    # The minutes and the follow-up keep their history, with who changed them.
    assert [h.history_user for h in FollowUp.history.filter(id=point.pk)] == [coordinator] * 2
    assert Meeting.history.filter(id=meeting.pk).count() == 1

    # Nobody else writes, whatever the service is called with; nothing is deleted.
    with pytest.raises(PermissionDenied):
        services.save_meeting(meeting=meeting, actor=world["users"]["reader"])
    with pytest.raises(PublicRecordDeletion):
        meeting.delete()
    with pytest.raises(ValidationError):
        services.save_meeting(
            meeting=meeting, actor=coordinator, attendance={groups["rep"].pk: Presence.PRESENT}
        )


def test_the_coordinator_records_a_meeting_on_the_page(world, groups, client):
    sign_in(client, world["users"]["coordinator"])
    group, commissioner = groups["management"], groups["commissioner"]
    page = client.get(f"/intern/grupper/{group.pk}/moten/nytt/").content.decode()
    assert "Alva Kommunalråd (Kommunalråd)</legend>" in page and "Anmält förhinder" in page
    response = client.post(
        f"/intern/grupper/{group.pk}/moten/nytt/",
        {
            "date": TODAY.isoformat(),
            "time": "13:00",
            "place": "Kommunhuset",
            "agenda": "1. Rapporten",
            "minutes_text": "§ 1 Rapporten godkändes.",
            f"attendance_{commissioner.pk}": "absent_with_notice",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/intern/moten/{meeting.pk}/")
    shown = client.get(response["Location"]).content.decode()
    assert "§ 1 Rapporten godkändes." in shown
    assert "Alva Kommunalråd (Kommunalråd): anmält förhinder" in shown
    assert AuditEntry.objects.filter(action="groups.meeting_created").count() == 1


def test_a_meeting_sent_twice_is_recorded_once(world, groups, client):
    """Back and "Spara" again had made the same meeting twice."""
    sign_in(client, world["users"]["coordinator"])
    url = f"/intern/grupper/{groups['management'].pk}/moten/nytt/"
    data = {"date": TODAY.isoformat(), "time": "13:00", "place": "Kommunhuset"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 200
    assert "Gruppen har redan ett möte den dagen och tiden" in again.content.decode()
    assert Meeting.objects.count() == 1
    assert client.post(url, {**data, "time": "15:00"}).status_code == 302
    assert Meeting.objects.count() == 2
    # Twins recorded before the rule still take their minutes.
    first = Meeting.objects.order_by("pk").first()
    twin = Meeting.objects.create(group=first.group, date=first.date, time=first.time)
    twin.minutes_text = "§ 1 Protokollet."
    services.save_meeting(meeting=twin, actor=world["users"]["coordinator"])
    assert Meeting.objects.get(pk=twin.pk).minutes_text == "§ 1 Protokollet."


def test_a_minutes_file_of_another_type_is_refused_and_nothing_is_kept(world, groups, client):
    sign_in(client, world["users"]["coordinator"])
    group = groups["management"]
    refused = [
        ("protokoll.pdf", b"MZ\x90\x00 this is a Windows program"),
        ("protokoll.docx", b"PK\x03\x04 not really a zip"),
        ("protokoll.docx", docx_bytes(macros=True)),  # a .docm renamed
        ("protokoll.txt", b"Protokoll i vanlig text"),
    ]
    for name, content in refused:
        response = client.post(
            f"/intern/grupper/{group.pk}/moten/nytt/",
            {"date": TODAY.isoformat(), "minutes_upload": SimpleUploadedFile(name, content)},
        )
        assert response.status_code == 200, name
        assert "kan laddas upp som PDF, Word (DOCX) eller OpenDocument (ODT)" in (
            response.content.decode()
        ), name
    assert not Meeting.objects.exists() and not MinutesFile.objects.exists()

    for days_ago, name, content in [(1, "a.docx", docx_bytes()), (2, "b.odt", odt_bytes())]:
        day = TODAY - dt.timedelta(days=days_ago)  # one meeting a day (save_meeting)
        response = client.post(
            f"/intern/grupper/{group.pk}/moten/nytt/",
            {"date": day.isoformat(), "minutes_upload": SimpleUploadedFile(name, content)},
        )
        assert response.status_code == 302, name
    assert sorted(MinutesFile.objects.values_list("content_type", flat=True)) == [
        "application/vnd.oasis.opendocument.text",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]


def test_minutes_are_served_to_the_groups_members_only(world, groups, client):
    meeting = services.save_meeting(
        meeting=Meeting(group=groups["coordination"], date=TODAY),
        actor=world["users"]["coordinator"],
        minutes_upload=SimpleUploadedFile("Protokoll.pdf", pdf_bytes()),
    )
    url = f"/intern/moten/{meeting.pk}/protokoll/"
    sign_in(client, world["users"]["rep"])  # a member of the coordination group
    response = client.get(url)
    assert response.status_code == 200 and response.content == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="protokoll.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    # Not a member of this group (nor the management group's reader role): refused.
    sign_in(client, world["users"]["other_rep"])
    assert client.get(url).status_code == 403
    # The member's group, but not the management group.
    sign_in(client, world["users"]["rep"])
    assert client.get(f"/intern/grupper/{groups['management'].pk}/").status_code == 403


def test_an_open_follow_up_is_on_its_owners_start_page_and_reminded_to_them(
    world, groups, client, django_capture_on_commit_callbacks
):
    coordinator = world["users"]["coordinator"]
    meeting = services.save_meeting(
        meeting=Meeting(group=groups["coordination"], date=TODAY), actor=coordinator
    )
    due = TODAY + dt.timedelta(days=14)
    point = services.save_follow_up(
        follow_up=FollowUp(
            meeting=meeting,
            text="Samla skolornas erfarenheter av Erasmus+",
            owner_member=groups["rep"],  # linked to the representative's account
            due_on=due,
        ),
        actor=coordinator,
    )
    sign_in(client, world["users"]["rep"])
    assert "Samla skolornas erfarenheter av Erasmus+" in client.get("/intern/").content.decode()
    sign_in(client, world["users"]["other_rep"])
    assert "Samla skolornas" not in client.get("/intern/").content.decode()

    events = [e for e in governance_calendar(meeting.group.municipality, TODAY, due) if e.key]
    event = next(e for e in events if e.key == f"follow-up-{point.pk}")
    assert event.internal and event.remind_when_overdue
    assert event.recipients == (world["users"]["rep"].email,)

    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(today=TODAY)  # two weeks before
    sent = [m for m in mail.outbox if "Samla skolornas" in m.body]
    assert len(sent) == 1 and world["users"]["rep"].email in sent[0].to

    # Internal: never in the public calendar feed.
    feed = client.get(reverse("public:calendar_feed")).content.decode()
    assert "BEGIN:VCALENDAR" in feed and "Samla skolornas" not in feed

    # A week late and still open: reminded again; once done, it leaves the calendar.
    late = due + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(today=late)
    assert len([m for m in mail.outbox if "Samla skolornas" in m.body]) == 2
    services.mark_follow_up_done(follow_up=point, actor=coordinator, done_on=late)
    assert not [
        e for e in governance_calendar(meeting.group.municipality, TODAY, late) if "follow" in e.key
    ]


def test_membership_history_is_kept_and_the_lacking_departments_are_named(world, groups, client):
    coordinator = world["users"]["coordinator"]
    rep = groups["rep"]
    # The convener represents no department: the others still show as lacking.
    services.save_member(
        member=GroupMember(
            group=groups["coordination"], name="Sammankallande", role="Samordnare", starts_on=TODAY
        ),
        actor=coordinator,
    )
    sign_in(client, coordinator)
    url = f"/intern/grupper/{groups['coordination'].pk}/"
    page = client.get(url).content.decode()
    # The school department has nobody; the first department has its representative.
    lacking = page[page.index("Förvaltningar utan representant") :]
    lacking = lacking[: lacking.index("</section>")]
    assert "Utbildningsförvaltningen" in lacking and "Kommunstyrelseförvaltningen" not in lacking

    rep.ends_on = TODAY - dt.timedelta(days=1)
    services.save_member(member=rep, actor=coordinator)
    page = client.get(url).content.decode()
    assert "Tidigare medlemmar" in page and "Rut Representant" in page
    lacking = page[page.index("Förvaltningar utan representant") :]
    assert "Kommunstyrelseförvaltningen" in lacking[: lacking.index("</section>")]
    # The member who left no longer reads the group.
    sign_in(client, world["users"]["rep"])
    assert client.get(url).status_code == 403
    with pytest.raises(PublicRecordDeletion):
        GroupMember.objects.filter(pk=rep.pk).delete()


def test_a_follow_up_needs_one_owner(world, groups, client):
    meeting = services.save_meeting(
        meeting=Meeting(group=groups["management"], date=TODAY),
        actor=world["users"]["coordinator"],
    )
    sign_in(client, world["users"]["coordinator"])
    response = client.post(
        f"/intern/moten/{meeting.pk}/uppfoljning/ny/",
        {"text": "Något", "due_on": TODAY.isoformat()},
    )
    assert "Välj en ansvarig: en medlem eller en medarbetare." in response.content.decode()
    assert not FollowUp.objects.exists()


def test_a_follow_up_is_not_due_before_its_meeting(world, groups, client):
    """Due a month before the meeting that asked for it, it was "försenat" at once."""
    meeting = services.save_meeting(
        meeting=Meeting(group=groups["management"], date=TODAY),
        actor=world["users"]["coordinator"],
    )
    sign_in(client, world["users"]["coordinator"])
    url = f"/intern/moten/{meeting.pk}/uppfoljning/ny/"
    data = {"text": "Skriv rapporten", "owner_user": world["users"]["coordinator"].pk}
    before = (TODAY - dt.timedelta(days=30)).isoformat()
    response = client.post(url, {**data, "due_on": before})
    assert f"Slutdatumet kan inte ligga före mötet, {TODAY.isoformat()}" in (
        response.content.decode()
    )
    assert not FollowUp.objects.exists()
    client.post(url, {**data, "due_on": (TODAY + dt.timedelta(days=14)).isoformat()})
    assert FollowUp.objects.count() == 1


def test_one_groups_entry_in_the_menu_for_those_who_read_the_groups(world, groups, client):
    """ "Grupper" replaces "Samordningsgrupp" in the menu; the departments' overview is in its
    sub-navigation. A group's member sees it; a representative outside every group does not."""
    menu = re.compile(r'<nav class="site-nav".*?</nav>', re.S)
    for role, shown in [
        ("coordinator", True),
        ("reader", True),
        ("rep", True),
        ("other_rep", False),
    ]:
        sign_in(client, world["users"][role])
        nav = menu.search(client.get("/intern/").content.decode()).group(0)
        assert ('href="/intern/grupper/">Grupper</a>' in nav) is shown, role
        assert "/intern/samordningsgrupp/" not in nav, role
    sign_in(client, world["users"]["coordinator"])
    page = client.get("/intern/grupper/").content.decode()
    assert 'href="/intern/samordningsgrupp/">Förvaltningarnas representanter</a>' in page
