"""The action plan: the governance calendar (electoral terms included), roll-up,
evaluation and revision with carry-over, reminders sent once, and the all-or-nothing
progress import."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from projektdatabas.organisations.models import Committee
from projektdatabas.planning import calendar as gc
from projektdatabas.planning import terms
from projektdatabas.planning.imports import ImportRefused, import_progress, read_rows
from projektdatabas.planning.models import ActionPlan, BoardMeeting, Measure, ReminderSent
from projektdatabas.planning.rollup import rollup
from projektdatabas.planning.services import evaluate_plan, revise_plan
from projektdatabas.strategy.models import Orientation, OrientationArea, Strategy
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def plan(world, municipality):
    # The shared world has a small plan of its own; these tests need the only one.
    world["measure"].delete()
    world["plan"].delete()
    strategy = Strategy.objects.create(
        municipality=municipality,
        title="Internationell strategi",
        status="adopted",
        adopted_on=dt.date(2023, 3, 1),
        electoral_term=2022,
    )
    area = OrientationArea.objects.create(strategy=strategy, position=1, name_sv="Internationellt")
    twin = OrientationArea.objects.create(strategy=strategy, position=2, name_sv="Vänorter")
    first = Orientation.objects.create(area=area, number=1, name_sv="Stödja samarbete")
    second = Orientation.objects.create(area=twin, number=1, name_sv="Relationer")
    plan = ActionPlan.objects.create(
        strategy=strategy,
        title="Handlingsplan",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        status="adopted",
    )
    rows = [
        (first, world["department"], "done", 100, "2025-06-30"),
        (first, world["department"], "ongoing", 50, "2026-06-30"),
        (first, world["school"], "cancelled", 10, "2026-03-31"),
        (second, world["school"], "not_started", 0, "2026-10-31"),
        (second, world["department"], "postponed", 30, "2025-12-31"),
    ]
    for number, (orientation, department, status, progress, deadline) in enumerate(rows, 1):
        Measure.objects.create(
            plan=plan,
            number=number,
            orientation=orientation,
            responsible_department=department,
            responsible_person=world["users"]["rep"] if number == 2 else None,
            status=status,
            progress=progress,
            deadline=deadline,
            description_sv=f"Åtgärd nummer {number}",
        )
    return plan


# --- the calendar -----------------------------------------------------------------


@pytest.mark.parametrize(
    "year, day",
    [
        (2018, dt.date(2018, 9, 9)),
        (2022, dt.date(2022, 9, 11)),
        (2026, dt.date(2026, 9, 13)),
        (2030, dt.date(2030, 9, 8)),
    ],
)
def test_election_day_is_the_second_sunday_of_september(year, day):
    assert terms.is_election_year(year)
    assert terms.election_day(year) == day
    assert day.weekday() == 6


def test_elections_come_every_fourth_year():
    years = [d.year for d in terms.elections_between(dt.date(2020, 1, 1), dt.date(2035, 12, 31))]
    assert years == [2022, 2026, 2030, 2034]
    assert not terms.is_election_year(2024)


def test_strategy_review_falls_in_the_first_year_of_the_term(municipality):
    Strategy.objects.create(
        municipality=municipality,
        title="Strategi",
        status="adopted",
        adopted_on=dt.date(2019, 1, 1),
    )
    assert terms.term_start(terms.election_day(2026)) == dt.date(2026, 10, 15)
    assert terms.strategy_review_due(terms.election_day(2026)) == dt.date(2027, 10, 14)
    events = gc.governance_calendar(municipality, dt.date(2026, 1, 1), dt.date(2031, 12, 31))
    reviews = [e.date for e in events if e.kind == gc.Kind.STRATEGY_REVIEW]
    assert reviews == [dt.date(2027, 10, 14), dt.date(2031, 10, 14)]


def test_reports_default_to_two_months_after_each_half_year(municipality):
    events = gc.governance_calendar(municipality, dt.date(2027, 1, 1), dt.date(2028, 12, 31))
    reports = [e.date for e in events if e.kind == gc.Kind.REPORT]
    assert reports == [
        dt.date(2027, 2, 28),
        dt.date(2027, 8, 31),
        dt.date(2028, 2, 29),
        dt.date(2028, 8, 31),
    ]


def test_board_meetings_marked_for_it_set_the_report_dates(municipality, board):
    BoardMeeting.objects.create(
        committee=board, date=dt.date(2027, 3, 15), takes_semiannual_report=True
    )
    BoardMeeting.objects.create(
        committee=board, date=dt.date(2027, 9, 20), takes_semiannual_report=True
    )
    BoardMeeting.objects.create(committee=board, date=dt.date(2027, 5, 2))
    other = Committee.objects.create(municipality=municipality, name="Utbildningsnämnden")
    BoardMeeting.objects.create(
        committee=other, date=dt.date(2027, 4, 1), takes_semiannual_report=True
    )
    events = gc.governance_calendar(municipality, dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert [e.date for e in events if e.kind == gc.Kind.REPORT] == [
        dt.date(2027, 3, 15),
        dt.date(2027, 9, 20),
    ]


def test_calendar_has_the_evaluation_and_open_deadlines(plan, municipality):
    events = gc.governance_calendar(municipality, dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    assert dt.date(2026, 12, 31) in [e.date for e in events if e.kind == gc.Kind.EVALUATION]
    deadlines = {e.date for e in events if e.kind == gc.Kind.DEADLINE}
    # done and cancelled measures have nothing left to be due
    assert deadlines == {dt.date(2026, 6, 30), dt.date(2026, 10, 31), dt.date(2025, 12, 31)}


def test_ical_feed_is_valid_and_names_no_person(plan, client, world):
    body = client.get("/styrningskalender.ics").content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == body.count("END:VEVENT") > 0
    assert "DTSTART;VALUE=DATE:" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert world["users"]["rep"].get_full_name() not in body


# --- roll-up, evaluation, revision ------------------------------------------------------


def test_progress_rolls_up_per_orientation_and_plan_without_cancelled(plan):
    whole, groups = rollup(plan)
    assert (whole.measures, whole.counted, whole.done) == (5, 4, 1)
    assert whole.percent == round((100 + 50 + 0 + 30) / 4)
    first, second = groups
    assert first.progress.percent == 75  # (100 + 50) / 2; the cancelled one is left out
    assert second.progress.percent == 15


def test_a_measure_past_its_deadline_and_not_done_or_cancelled_is_late(plan):
    whole, (first, second) = rollup(plan, today=dt.date(2026, 7, 1))
    late = {m.number for group in (first, second) for m in group.measures if m.late}
    # 2 ongoing past 2026-06-30 and 5 postponed past 2025-12-31 (postponing does not move
    # the deadline); 1 done, 3 cancelled: not late; 4 not yet due.
    assert late == {2, 5}
    assert (whole.late, first.progress.late, second.progress.late) == (2, 1, 1)
    whole, _groups = rollup(plan, today=dt.date(2026, 11, 1))
    assert whole.late == 3  # 4, not started, was due 2026-10-31
    assert rollup(plan, today=dt.date(2025, 12, 31))[0].late == 0  # the deadline day itself


def test_the_plan_pages_mark_late_measures_and_count_them(plan, world, client, monkeypatch):
    from django.utils import timezone

    moment = dt.datetime(2026, 7, 1, 10, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    html = client.get("/handlingsplan/").content.decode()
    assert "<dt>Försenade</dt><dd>2</dd>" in html
    for number in (2, 5):
        item = html[html.index(f"Åtgärd nummer {number}") :]
        assert 'class="tag tag-late">försenad</span>' in item[: item.index("</li>")], number
    for number in (1, 3, 4):
        item = html[html.index(f"Åtgärd nummer {number}") :]
        assert "tag-late" not in item[: item.index("</li>")], number
    # The cached page follows the day, not only edits: a day later, measure 4 is late too.
    moment = dt.datetime(2026, 11, 1, 10, tzinfo=dt.UTC)
    assert "<dt>Försenade</dt><dd>3</dd>" in client.get("/handlingsplan/").content.decode()
    sign_in(client, world["users"]["coordinator"])
    staff = client.get(f"/intern/handlingsplaner/{plan.pk}/").content.decode()
    assert "<dt>Försenade</dt><dd>3</dd>" in staff and staff.count("tag-late") == 3
    listing = client.get("/intern/handlingsplaner/").content.decode()
    assert '<span class="tag tag-late">3 försenade</span>' in listing


def test_revision_carries_over_what_is_unfinished(plan, world, english):
    coordinator = world["users"]["coordinator"]
    with pytest.raises(Exception, match="Evaluate"):
        revise_plan(plan=plan, actor=coordinator)
    evaluate_plan(
        plan=plan,
        rating="partly",
        summary="Hälften klart.",
        actor=coordinator,
        on=dt.date(2026, 12, 15),
    )
    new = revise_plan(plan=plan, actor=coordinator)

    assert (new.starts_on, new.ends_on, new.previous) == (
        dt.date(2027, 1, 1),
        dt.date(2028, 12, 31),
        plan,
    )
    carried = list(new.measures.order_by("number"))
    assert [m.carried_over_from.number for m in carried] == [2, 4, 5]
    assert [m.status for m in carried] == ["ongoing", "not_started", "postponed"]
    assert carried[0].progress == 50
    assert carried[2].deadline == new.ends_on  # its old deadline had passed
    assert carried[1].deadline == dt.date(2026, 10, 31) or carried[1].deadline >= new.starts_on
    assert [m.plan for m in carried[0].lineage()] == [plan, new]
    plan.refresh_from_db()
    assert plan.status == "superseded" and plan.measures.count() == 5
    with pytest.raises(Exception, match="already"):
        revise_plan(plan=plan, actor=coordinator)


def test_revising_asks_first_and_names_the_next_plan(plan, world, client):
    coordinator = world["users"]["coordinator"]
    plan.title = "Handlingsplan 2025–2026"
    plan.save()
    evaluate_plan(
        plan=plan, rating="partly", summary="x", actor=coordinator, on=dt.date(2026, 12, 1)
    )
    sign_in(client, coordinator)
    detail = client.get(f"/intern/handlingsplaner/{plan.pk}/").content.decode()
    url = f"/intern/handlingsplaner/{plan.pk}/revidera/"
    assert f'<a href="{url}">Revidera: skapa nästa plan</a>' in detail  # a link, no button
    page = client.get(url).content.decode()
    plan.refresh_from_db()
    assert plan.status == "evaluated" and not ActionPlan.objects.filter(previous=plan).exists()
    # Each date whole on its line: "2028-12-" and "31" had parted at 320 px.
    assert (
        'En ny plan skapas för <span class="nowrap">2027-01-01</span> till '
        '<span class="nowrap">2028-12-31</span>.'
    ) in page
    assert "3 åtgärder som inte är klara förs över" in page
    assert 'får den nya planens sista dag, <span class="nowrap">2028-12-31</span>' in page
    assert "Det går inte att ångra." in page
    assert 'value="Handlingsplan 2027–2028"' in page
    assert (
        "Tillbaka" not in page
        and f'<a href="/intern/handlingsplaner/{plan.pk}/">Avbryt</a>' in page
    )

    refused = client.post(url, {"title": ""}).content.decode()
    assert "Fältet måste fyllas i" in refused or "obligatoriskt" in refused.lower()
    assert not ActionPlan.objects.filter(previous=plan).exists()

    response = client.post(url, {"title": "Handlingsplan för 2027–2028"})
    new = ActionPlan.objects.get(previous=plan)
    assert response["Location"] == f"/intern/handlingsplaner/{new.pk}/"
    assert new.title == "Handlingsplan för 2027–2028" and new.measures.count() == 3
    # Opened again, the page says it is done and leads to the next plan.
    again = client.get(url).content.decode()
    assert "Planen är redan reviderad." in again and f"/intern/handlingsplaner/{new.pk}/" in again
    assert 'name="title"' not in again


def test_the_next_period_after_a_plan_ending_on_28_february_of_a_leap_year():
    from projektdatabas.planning.services import next_period

    plan = ActionPlan(starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2028, 2, 28))
    assert next_period(plan) == (dt.date(2028, 2, 29), dt.date(2030, 2, 28))


def test_revising_a_plan_not_yet_evaluated_says_so(plan, world, client):
    sign_in(client, world["users"]["coordinator"])
    page = client.get(f"/intern/handlingsplaner/{plan.pk}/revidera/").content.decode()
    assert "Utvärdera planen innan den revideras." in page
    assert 'name="title"' not in page and "Revidera: skapa nästa plan" not in page


def test_only_the_coordinator_revises(plan, world, english):
    with pytest.raises(Exception, match="coordinator"):
        evaluate_plan(
            plan=plan,
            rating="partly",
            summary="x",
            actor=world["users"]["rep"],
            on=dt.date(2026, 12, 1),
        )


def draft_with_a_measure(plan, world) -> ActionPlan:
    draft = ActionPlan.objects.create(
        strategy=plan.strategy,
        title="Nästa plan",
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2028, 12, 31),
    )
    Measure.objects.create(
        plan=draft,
        number=1,
        orientation=plan.measures.first().orientation,
        description_sv="Åtgärd",
        responsible_department=world["department"],
        deadline=dt.date(2028, 6, 30),
    )
    return draft


def test_an_adoption_decades_before_the_plan_is_refused_at_its_field(plan, world, client):
    draft = draft_with_a_measure(plan, world)
    sign_in(client, world["users"]["coordinator"])
    url = f"/intern/handlingsplaner/{draft.pk}/anta/"
    html = client.post(url, {"adopted_on": "1990-01-01"}).content.decode()
    assert "antas mellan 2025-01-01 och slutet av dess period" in html
    assert 'value="1990-01-01"' in html
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.adopted_on is None
    client.post(url, {"adopted_on": "2026-11-20"})
    draft.refresh_from_db()
    assert draft.status == "adopted" and draft.adopted_on == dt.date(2026, 11, 20)


def test_a_wrong_adoption_date_is_corrected_on_the_plan_and_logged(plan, world, client):
    from projektdatabas.core.models import AuditEntry

    draft = draft_with_a_measure(plan, world)
    sign_in(client, world["users"]["coordinator"])
    client.post(f"/intern/handlingsplaner/{draft.pk}/anta/", {"adopted_on": "2026-11-02"})
    edit = f"/intern/handlingsplaner/{draft.pk}/redigera/"
    assert 'name="adopted_on"' in client.get(edit).content.decode()
    form = {
        "strategy": draft.strategy_id,
        "title": draft.title,
        "starts_on": "2027-01-01",
        "ends_on": "2028-12-31",
        "adopted_on": "2026-11-20",
        "decision_reference": "KS 2026/42",
    }
    client.post(edit, form)
    draft.refresh_from_db()
    assert draft.adopted_on == dt.date(2026, 11, 20) and draft.status == "adopted"
    entry = AuditEntry.objects.filter(action="plan.changed").latest("pk")
    assert entry.data["adopted_on"] == ["2026-11-02", "2026-11-20"]
    # A draft's form has no adoption date: adopting is its own step.
    other = draft_with_a_measure(plan, world)
    assert (
        'name="adopted_on"'
        not in client.get(f"/intern/handlingsplaner/{other.pk}/redigera/").content.decode()
    )


def test_moving_an_evaluated_plans_adoption_past_its_evaluation_is_refused_not_a_500(
    plan, world, client
):
    """The plan's form has no evaluation date: the model's rule about it had made Django
    raise ValueError, a server error, on every save of such a plan."""
    ActionPlan.objects.filter(pk=plan.pk).update(
        status="evaluated",
        adopted_on=dt.date(2024, 12, 1),
        evaluated_on=dt.date(2026, 6, 1),
        evaluation_rating="partly",
    )
    sign_in(client, world["users"]["coordinator"])
    form = {
        "strategy": plan.strategy_id,
        "title": plan.title,
        "starts_on": "2025-01-01",
        "ends_on": "2026-12-31",
        "adopted_on": "2026-08-01",
        "decision_reference": "",
    }
    response = client.post(f"/intern/handlingsplaner/{plan.pk}/redigera/", form)
    assert response.status_code == 200
    assert "Planen utvärderas efter att den antogs: inte före 2026-08-01." in (
        response.content.decode()
    )
    plan.refresh_from_db()
    assert plan.adopted_on == dt.date(2024, 12, 1)


def test_an_evaluation_before_the_plan_began_is_refused_and_nothing_is_preselected(
    plan, world, client
):
    sign_in(client, world["users"]["coordinator"])
    url = f"/intern/handlingsplaner/{plan.pk}/utvardera/"
    page = client.get(url).content.decode()
    assert 'type="radio"' in page and "checked" not in page
    html = client.post(
        url, {"rating": "partly", "summary": "Hälften klart.", "evaluated_on": "1985-06-01"}
    ).content.decode()
    assert "inte före 2025-01-01" in html
    plan.refresh_from_db()
    assert plan.status == "adopted" and plan.evaluated_on is None


def test_a_measure_number_the_plan_has_is_refused_at_the_number(plan, world, client):
    """The constraint's message had stood above the form only, no field marked."""
    sign_in(client, world["users"]["coordinator"])
    existing = plan.measures.get(number=2)
    data = {
        "number": "2",
        "orientation": existing.orientation_id,
        "description_sv": "En åtgärd till",
        "responsible_department": world["department"].pk,
        "deadline": "2026-06-30",
        "status": "not_started",
        "progress": "0",
    }
    html = client.post(f"/intern/handlingsplaner/{plan.pk}/atgarder/ny/", data).content.decode()
    field = html[html.index('id="id_number"') - 600 : html.index('id="id_number"') + 200]
    assert "Planen har redan en åtgärd med det numret." in field
    assert 'aria-invalid="true"' in field
    assert plan.measures.filter(number=2).count() == 1


# --- reminders ----------------------------------------------------------------------------


def test_reminders_are_sent_once(plan, world, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", today="2026-06-20", stdout=out)
    sent = [m for m in mail.outbox if "Åtgärd nummer 2" in m.body]
    assert len(sent) == 1
    assert set(sent[0].to) == {world["users"]["rep"].email, world["users"]["coordinator"].email}
    assert "2026-06-30" in sent[0].subject
    first_round = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", today="2026-06-20", stdout=out)
        call_command("send_reminders", today="2026-06-21", stdout=out)
    assert len(mail.outbox) == first_round  # nothing twice

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", today="2026-07-08", stdout=out)  # a week overdue
    overdue = [m for m in mail.outbox[first_round:] if "Åtgärd nummer 2" in m.body]
    assert len(overdue) == 1
    assert ReminderSent.objects.filter(key__contains="measure-").count() >= 2


def test_a_done_measure_gets_no_overdue_reminder(plan, world, django_capture_on_commit_callbacks):
    Measure.objects.filter(number=2).update(status="done", progress=100)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", today="2026-07-08", stdout=io.StringIO())
    assert not [m for m in mail.outbox if "Åtgärd nummer 2" in m.body]


def test_the_daily_job_sends_the_reminders_and_goes_on_after_a_failure(
    plan, world, django_capture_on_commit_callbacks, monkeypatch
):
    """`manage.py daily`, which the systemd timer runs, runs every job even when one fails,
    and then fails itself so the operator sees it."""
    from projektdatabas.core.management.commands import daily

    monkeypatch.setattr(daily, "DAILY_COMMANDS", ("no_such_job", "send_reminders"))
    out, err = io.StringIO(), io.StringIO()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Exception, match="no_such_job"),
    ):
        call_command("daily", stdout=out, stderr=err)
    assert "no_such_job failed" in err.getvalue()
    assert "reminder(s) sent." in out.getvalue()


# --- the import -------------------------------------------------------------------------


def csv_file(text: str) -> list:
    return read_rows("framsteg.csv", text.encode("utf-8-sig"))


def test_import_writes_nothing_if_any_row_is_wrong(plan, world):
    rows = csv_file(
        "nummer;framsteg;status\n2;80;pågående\n4;120;pågående\n9;10;klar\n5;abc;okänd\n"
    )
    with pytest.raises(ImportRefused) as refused:
        import_progress(plan=plan, rows=rows, actor=world["users"]["coordinator"])
    errors = refused.value.errors
    assert any(e.startswith("Rad 3") and "0 till 100" in e for e in errors)
    assert any(e.startswith("Rad 4") and "9" in e for e in errors)
    assert any(e.startswith("Rad 5") for e in errors)
    assert (
        Measure.objects.get(plan=plan, number=2).progress == 50
    )  # row 2 was fine, still not written


def test_import_updates_every_row_when_all_are_right(plan, world):
    rows = csv_file("nummer;framsteg;status\n2;80;pågående\n4;10;Pågående\n5;100;klar\n")
    assert import_progress(plan=plan, rows=rows, actor=world["users"]["coordinator"]) == 3
    got = {m.number: (m.progress, m.status) for m in plan.measures.all()}
    assert got[2] == (80, "ongoing") and got[4] == (10, "ongoing") and got[5] == (100, "done")


def test_import_reads_excel_and_respects_departments(plan, world):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["nummer", "framsteg", "status"])
    book.active.append([2, 60, "pågående"])
    book.active.append([4, 20, "pågående"])  # the school's measure
    data = io.BytesIO()
    book.save(data)
    rows = read_rows("framsteg.xlsx", data.getvalue())
    with pytest.raises(ImportRefused) as refused:
        import_progress(plan=plan, rows=rows, actor=world["users"]["rep"])
    assert len(refused.value.errors) == 1 and refused.value.errors[0].startswith("Rad 3")
    assert Measure.objects.get(plan=plan, number=2).progress == 50


def test_import_page_lists_the_errors(plan, world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    sign_in(client, world["users"]["coordinator"])
    upload = SimpleUploadedFile("f.csv", "nummer;framsteg;status\n2;101;pågående\n".encode())
    html = client.post(
        f"/intern/handlingsplaner/{plan.pk}/import/", {"file": upload}
    ).content.decode()
    assert "Inget sparades" in html and "Rad 2" in html


def test_a_row_the_measure_itself_refuses_is_an_error_of_that_row(plan, world, client):
    """ "Inte påbörjad" at 20 % is refused by the measure's own rule: the import had let it
    through its checks and then failed with a server error while writing."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    sign_in(client, world["users"]["coordinator"])
    text = "nummer;framsteg;status\n2;80;pågående\n4;20;inte påbörjad\n"
    upload = SimpleUploadedFile("f.csv", text.encode("latin-1"))
    response = client.post(f"/intern/handlingsplaner/{plan.pk}/import/", {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Inget sparades" in html and "Rad 3: en åtgärd som inte har påbörjats" in html
    assert Measure.objects.get(plan=plan, number=2).progress == 50  # row 2 not written either


def test_the_import_counts_in_swedish_and_refuses_a_file_with_no_rows(plan, world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    sign_in(client, world["users"]["coordinator"])
    url = f"/intern/handlingsplaner/{plan.pk}/import/"
    one = SimpleUploadedFile("f.csv", "nummer;framsteg;status\n2;80;pågående\n".encode())
    assert "1 åtgärd uppdaterad." in client.post(url, {"file": one}, follow=True).content.decode()
    header_only = SimpleUploadedFile("f.csv", b"nummer;framsteg;status\n")
    html = client.post(url, {"file": header_only}).content.decode()
    assert "Inget sparades" in html and "Filen har inga rader" in html


# --- pages ------------------------------------------------------------------------------------


def test_public_plan_page_shows_promises_and_progress(plan, client, world):
    html = client.get("/handlingsplan/").content.decode()
    assert "Åtgärd nummer 2" in html and 'value="50"' in html
    assert "Stödja samarbete" in html and "Relationer" in html
    assert world["users"]["rep"].get_full_name() not in html  # the person stays internal
    assert client.get("/en/handlingsplan/").status_code == 200


def test_a_representative_updates_only_own_measures(plan, world, client):
    sign_in(client, world["users"]["rep"])
    own = plan.measures.get(number=2)
    other = plan.measures.get(number=4)
    response = client.post(
        f"/intern/atgarder/{own.pk}/framsteg/", {"status": "done", "progress": 60}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.status, own.progress) == ("done", 100)
    assert client.get(f"/intern/atgarder/{other.pk}/framsteg/").status_code == 403


def test_progress_may_be_written_with_its_per_cent_sign(plan, world, client):
    """ "40 %" was refused ("Skriv ett heltal med siffror"); "5,5" still is."""
    sign_in(client, world["users"]["rep"])
    own = plan.measures.get(number=2)
    url = f"/intern/atgarder/{own.pk}/framsteg/"
    assert client.post(url, {"status": "ongoing", "progress": "40 %"}).status_code == 302
    own.refresh_from_db()
    assert own.progress == 40
    response = client.post(url, {"status": "ongoing", "progress": "5,5 %"})
    assert "Skriv ett heltal med siffror" in response.content.decode()
    own.refresh_from_db()
    assert own.progress == 40


def test_strategy_term_must_be_an_election_year(municipality):
    from django.core.exceptions import ValidationError

    strategy = Strategy(municipality=municipality, title="S", electoral_term=2024)
    with pytest.raises(ValidationError):
        strategy.full_clean()


def test_public_plan_page_follows_a_progress_update(plan, world, client):
    from projektdatabas.planning.services import update_progress

    assert 'value="50"' in client.get("/handlingsplan/").content.decode()
    measure = plan.measures.get(number=2)
    update_progress(measure=measure, progress=75, status="ongoing", actor=world["users"]["rep"])
    assert 'value="75"' in client.get("/handlingsplan/").content.decode()


def test_an_orientation_whose_measures_are_all_cancelled_says_so(plan, client, world):
    """Not "– % av vägen" above a bar that reads 0 %."""
    plan.measures.filter(number__in=[4, 5]).update(status="cancelled")
    html = client.get("/handlingsplan/").content.decode()
    section = html[html.index(">Relationer</h2>") :]
    meta = section[: section.index("</p>")]
    assert "avbrutna åtgärder räknas inte" in meta and "– %" not in meta
    # The staff plan page and the report said "– % i genomsnitt" and "– %" as well.
    sign_in(client, world["users"]["coordinator"])
    staff = client.get(f"/intern/handlingsplaner/{plan.pk}/").content.decode()
    staff = staff[staff.index("Relationer</h2>") :]
    assert "avbrutna åtgärder räknas inte; 0 av 2 klara" in staff[: staff.index("</p>")]
    report = client.get("/intern/rapporter/2026/2/").content.decode()
    row = report[report.index("Relationer</th>") :]
    assert '<td class="number">–</td></tr>' in row[: row.index("</tr>") + 5]
    assert "– %" not in report


def test_the_start_page_lists_a_departments_late_and_coming_measures(
    plan, world, client, monkeypatch
):
    """The representative sees their department's measures that are late or due within a
    month; the coordinator, how many of the plan's measures are late."""
    from django.utils import timezone

    moment = dt.datetime(2026, 7, 1, 10, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    sign_in(client, world["users"]["rep"])
    home = client.get("/intern/").content.decode()
    panel = home[home.index('id="plan-home-heading"') :]
    panel = panel[: panel.index("</section>")]
    # Measures 2 (ongoing, due 2026-06-30) and 5 (postponed, due 2025-12-31) are late; 1 is
    # done, 3 and 4 are the school's.
    assert "Åtgärd nummer 2" in panel and "Åtgärd nummer 5" in panel and "tag-late" in panel
    for number in (1, 3, 4):
        assert f"Åtgärd nummer {number}<" not in panel
    measure = plan.measures.get(number=2)
    assert f'href="/intern/atgarder/{measure.pk}/framsteg/"' in panel

    sign_in(client, world["users"]["coordinator"])
    home = client.get("/intern/").content.decode()
    assert "2 åtgärder i handlingsplanen har passerat sitt slutdatum utan att vara klara." in home
    moment = dt.datetime(2026, 10, 15, 10, tzinfo=dt.UTC)  # measure 4 due in two weeks
    sign_in(client, world["users"]["rep"])
    assert "Åtgärd nummer 4" not in client.get("/intern/").content.decode()  # the school's
    plan.status = "draft"
    plan.save(update_fields=["status"])
    sign_in(client, world["users"]["coordinator"])
    assert 'id="plan-home-heading"' not in client.get("/intern/").content.decode()


def test_a_late_measure_carries_its_reason_to_every_page_the_board_reads(plan, world, client):
    """The board asks why a measure is late; the department had only status and per cent
    to answer with, and the form did not say the deadline had passed."""
    import io

    from docx import Document

    sign_in(client, world["users"]["rep"])
    url = f"/intern/atgarder/{plan.measures.get(number=2).pk}/framsteg/"
    form = client.get(url).content.decode()
    assert "Slutdatum 2026-06-30. Slutdatumet har passerat: skriv varför i kommentaren." in form
    reason = "Upphandlingen av utbildningen drog ut på tiden; kursen hålls i mars."
    answer = {"status": "ongoing", "progress": "60", "progress_note": f"  {reason} "}
    assert client.post(url, answer).status_code == 302
    assert reason in client.get(f"/intern/handlingsplaner/{plan.pk}/").content.decode()
    assert f"Kommentar: <span>{reason}</span>" in client.get("/handlingsplan/").content.decode()

    sign_in(client, world["users"]["coordinator"])
    report = client.get("/intern/rapporter/2026/2/").content.decode()
    department = world["department"].name
    line = f"2. Åtgärd nummer 2 – {department}, slutdatum 2026-06-30, 60 %. {reason}"
    assert line in report
    assert f"5. Åtgärd nummer 5 – {department}, slutdatum 2025-12-31, 30 %. Ingen kommentar" in (
        report
    )
    word = Document(io.BytesIO(client.get("/intern/rapporter/2026/2/rapport.docx").content))
    assert line in [p.text for p in word.paragraphs]


def test_an_adopted_plan_says_adopted_once_with_its_case_number(plan, world, client):
    """The plan's page read "Antagen · antagen 2025-02-10 KS 2025/0, exempel"."""
    type(plan).objects.filter(pk=plan.pk).update(
        adopted_on=dt.date(2025, 2, 10), decision_reference="KS 2025/14"
    )
    sign_in(client, world["users"]["coordinator"])
    page = client.get(f"/intern/handlingsplaner/{plan.pk}/").content.decode()
    lead = page.split('<p class="lead">')[1].split("</p>")[0]
    assert lead == "Antagen 2025-02-10, KS 2025/14"


def test_the_calendar_keeps_what_is_undone_and_marks_it_late(world, client, monkeypatch):
    """The calendar looked back 90 days: a measure due on 30 June, not done, had left it by
    December, and nothing past was marked late."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(2026, 12, 1))
    sign_in(client, world["users"]["coordinator"])
    page = client.get("/intern/kalender/").content.decode()
    start = page.index("Slutdatum: åtgärd 1")
    row = page[page.rindex("<tr", 0, start) : page.index("</tr>", start)]
    assert "2026-06-30" in row and 'class="tag tag-late">försenad</span>' in row
    measure = world["measure"]
    measure.status, measure.progress = "done", 100
    measure.save()
    assert "Slutdatum: åtgärd 1" not in client.get("/intern/kalender/").content.decode()
