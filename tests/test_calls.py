"""Funding calls: routing to departments (e-mail, the start page), "vi söker" turning a call
into a project idea, the calendar and its reminders, the public page of open calls, and the
half-year figures."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats, timezone, translation

from projektdatabas.calls import services
from projektdatabas.calls.figures import half_year_figures
from projektdatabas.calls.models import Answer, Call, CallStatus, Routing
from projektdatabas.planning.calendar import Kind, governance_calendar
from projektdatabas.planning.reminders import due_reminders
from projektdatabas.projects.models import Programme, ProjectStatus, Theme
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def erasmus(db):
    return Programme.objects.create(name="Erasmus+", is_eu=True, first_year=2014)


@pytest.fixture
def make_call(municipality, erasmus):
    def make(**fields):
        values = {
            "municipality": municipality,
            "programme": erasmus,
            "identifier": f"ERASMUS-YOUTH-{Call.objects.count() + 1}",
            "title_sv": "Ungdomsutbyten",
            "opens_on": TODAY - dt.timedelta(days=30),
            "closes_on": TODAY + dt.timedelta(days=40),
            "closes_at_time": dt.time(17, 0),
            "link": "https://erasmus-plus.ec.europa.eu/",
        }
        values.update(fields)
        return Call.objects.create(**values)

    return make


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator")


@pytest.fixture
def rep(make_user, department):
    return make_user("department_rep", department=department, email="rep@example.org")


def test_status_follows_the_dates_and_the_closing_time(make_call):
    call = make_call(closes_on=dt.date(2026, 9, 17), opens_on=dt.date(2026, 6, 1))
    stockholm = timezone.get_default_timezone()
    at = lambda *args: dt.datetime(*args, tzinfo=stockholm)  # noqa: E731
    assert call.status_at(at(2026, 5, 31, 12)) == CallStatus.FORTHCOMING
    assert call.status_at(at(2026, 9, 17, 16, 59)) == CallStatus.OPEN
    assert call.status_at(at(2026, 9, 17, 17, 0)) == CallStatus.CLOSED
    # The same, asked of the database, as the lists ask it.
    assert list(Call.objects.open_at(at(2026, 9, 17, 16, 59))) == [call]
    assert not Call.objects.open_at(at(2026, 9, 17, 17, 0)).exists()
    assert list(Call.objects.closed_at(at(2026, 9, 17, 17, 0))) == [call]
    assert list(Call.objects.forthcoming_at(at(2026, 5, 31, 12))) == [call]
    # A day alone closes at the end of the day; no day at all is open until further notice.
    call.closes_at_time = None
    call.save()
    assert call.status_at(at(2026, 9, 17, 23, 59)) == CallStatus.OPEN
    assert list(Call.objects.open_at(at(2026, 9, 17, 23, 59))) == [call]
    rolling = make_call(closes_on=None, closes_at_time=None)
    assert rolling.status_at(at(2030, 1, 1, 12)) == CallStatus.OPEN


def test_a_call_is_never_deleted(make_call):
    call = make_call()
    with pytest.raises(ValidationError):
        call.delete()
    with pytest.raises(ValidationError):
        Call.objects.all().delete()
    assert Call.objects.count() == 1


def test_coordinator_routes_a_call_the_rep_is_emailed_and_sees_it_on_the_start_page(
    client, make_call, coordinator, rep, department, mailoutbox, django_capture_on_commit_callbacks
):
    call = make_call(title_sv="Ungdomsutbyten 2027")
    sign_in(client, coordinator)
    page = client.get(f"/intern/utlysningar/{call.pk}/").content.decode()
    assert f'name="departments" value="{department.pk}"' in page  # a box to tick
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/intern/utlysningar/{call.pk}/skicka/",
            {"departments": [department.pk], "note": "Passar gymnasiets utbyten."},
        )
    assert response.status_code == 302
    routing = Routing.objects.get(call=call)
    assert routing.department == department and routing.answer == Answer.PENDING
    assert [m.to for m in mailoutbox] == [["rep@example.org"]]
    mail = mailoutbox[0]
    assert "Ungdomsutbyten 2027" in mail.subject
    assert "Passar gymnasiets utbyten." in mail.body
    assert call.identifier in mail.body
    assert f"/intern/utlysningar/{call.pk}/" in mail.body

    # The coordinator's start page lists what waits for an answer.
    page = client.get("/intern/").content.decode()
    assert "Utlysningar som väntar på svar" in page and "Ungdomsutbyten 2027" in page

    sign_in(client, rep)
    page = client.get("/intern/").content.decode()
    assert "Utlysningar till er" in page
    assert "Ungdomsutbyten 2027" in page
    assert f"/intern/utlysningar/svar/{routing.pk}/" in page
    # Sending again reaches no one twice.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.route_call(call=call, actor=coordinator, departments=[department])
    assert mailoutbox == []
    assert Routing.objects.count() == 1


def test_a_title_with_a_line_break_is_mailed_on_one_line(
    make_call, coordinator, rep, department, mailoutbox, django_capture_on_commit_callbacks
):
    # A CSV cell may hold a line break; the subject quotes the title, and a header with a
    # line break was refused by the mail library after the routing was saved (a 500).
    call = make_call(title_sv="Ungdomsutbyten\r\nBcc: someone@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.route_call(call=call, actor=coordinator, departments=[department])
    (message,) = mailoutbox
    assert message.to == ["rep@example.org"] and message.bcc == []
    assert message.subject.endswith("Ungdomsutbyten Bcc: someone@example.org")


def test_only_the_coordinator_routes(make_call, rep, department):
    with pytest.raises(PermissionDenied):
        services.route_call(call=make_call(), actor=rep, departments=[department])


def test_a_closed_call_is_not_routed(make_call, coordinator, department):
    call = make_call(opens_on=None, closes_on=TODAY - dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.route_call(call=call, actor=coordinator, departments=[department])


def test_we_apply_creates_a_project_idea_prefilled_from_the_call(
    client, make_call, coordinator, rep, department, erasmus
):
    theme = Theme.objects.create(slug="barn-unga", name_sv="Barn och unga")
    call = make_call(
        identifier="ERASMUS-YOUTH-2027-YOU-EX",
        title_sv="Ungdomsutbyten 2027",
        title_en="Youth exchanges 2027",
    )
    call.themes.set([theme])
    (routing,) = services.route_call(call=call, actor=coordinator, departments=[department])
    sign_in(client, rep)
    assert client.get(f"/intern/utlysningar/svar/{routing.pk}/").status_code == 200
    response = client.post(f"/intern/utlysningar/svar/{routing.pk}/", {"answer": "applying"})

    routing.refresh_from_db()
    project = routing.project
    assert routing.answer == Answer.APPLYING and routing.answered_by == rep
    assert response.status_code == 302
    assert response["Location"] == f"/intern/projekt/{project.pk}/redigera/grunduppgifter/"
    assert project.status == ProjectStatus.IDEA
    assert project.title_sv == "Ungdomsutbyten 2027"
    assert project.title_en == "Youth exchanges 2027"
    assert project.lead_department == department
    assert project.kind == "eu_project"
    assert list(project.programmes.all()) == [erasmus]
    assert list(project.themes.all()) == [theme]
    with translation.override("sv"):
        deadline = formats.date_format(call.closes_on, "j F Y")
    assert "ERASMUS-YOUTH-2027-YOU-EX" in project.internal_description_sv
    assert f"{deadline} kl. 17.00" in project.internal_description_sv
    # The project's staff page names the call and its last day.
    page = client.get(f"/intern/projekt/{project.pk}/").content.decode()
    assert "Utlysning" in page and "ERASMUS-YOUTH-2027-YOU-EX" in page
    assert f"/intern/utlysningar/{call.pk}/" in page
    # A second "vi söker" makes no second project.
    with pytest.raises(ValidationError):
        services.answer_call(routing=routing, actor=rep, applying=True)
    assert project.call_routings.count() == 1


def test_we_do_not_apply_keeps_the_reason_and_makes_no_project(
    client,
    make_call,
    coordinator,
    rep,
    department,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    call = make_call()
    (routing,) = services.route_call(call=call, actor=coordinator, departments=[department])
    sign_in(client, rep)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/intern/utlysningar/svar/{routing.pk}/",
            {"answer": "not_applying", "reason": "Inga utbyten planerade i år."},
        )
    assert response.status_code == 302
    # The coordinator is told.
    (mail,) = [m for m in mailoutbox if coordinator.email in m.to]
    assert mail.subject == (
        "Kommunstyrelseförvaltningen har svarat på utlysningen Ungdomsutbyten: vi söker inte"
    )
    assert "Inga utbyten planerade i år." in mail.body
    routing.refresh_from_db()
    assert routing.answer == Answer.NOT_APPLYING
    assert routing.reason == "Inga utbyten planerade i år."
    assert routing.project is None
    assert (
        "Inga utbyten planerade i år."
        in client.get(f"/intern/utlysningar/{call.pk}/").content.decode()
    )


def test_another_department_cannot_answer(make_call, coordinator, department, world):
    (routing,) = services.route_call(call=make_call(), actor=coordinator, departments=[department])
    with pytest.raises(PermissionDenied):
        services.answer_call(routing=routing, actor=world["users"]["other_rep"], applying=True)


def test_closing_days_enter_the_calendar_and_the_reminders(
    make_call, coordinator, rep, department, municipality
):
    routed = make_call(title_sv="Skickad", closes_on=TODAY + dt.timedelta(days=14))
    make_call(title_sv="Offentlig", is_public=True, audience_sv="Föreningar")
    make_call(title_sv="Bara registrerad")
    make_call(title_sv="Arkiverad", is_public=True, archived_at=timezone.now())
    services.route_call(call=routed, actor=coordinator, departments=[department])

    events = {
        e.title: e
        for e in governance_calendar(municipality, TODAY, TODAY + dt.timedelta(days=60))
        if e.kind == Kind.CALL
    }
    assert set(events) == {"Utlysningen stänger: Skickad", "Utlysningen stänger: Offentlig"}
    assert events["Utlysningen stänger: Skickad"].internal
    assert events["Utlysningen stänger: Skickad"].recipients == ("rep@example.org",)
    assert not events["Utlysningen stänger: Offentlig"].internal
    assert not events["Utlysningen stänger: Skickad"].remind_when_overdue

    reminders = [r for r in due_reminders(municipality, TODAY) if r.event.kind == Kind.CALL]
    assert len(reminders) == 1 and "rep@example.org" in reminders[0].recipients

    # Once the department has answered, only the coordinators are reminded.
    services.answer_call(routing=routed.routings.get(), actor=rep, applying=False, reason="Inte nu")
    (event,) = [
        e
        for e in governance_calendar(municipality, TODAY, TODAY + dt.timedelta(days=60))
        if e.key == f"call-{routed.pk}"
    ]
    assert event.recipients == ()


def test_the_public_page_lists_only_open_public_calls(client, make_call, municipality):
    municipality.coordinator_email = "internationell@ale.se"
    municipality.save()
    make_call(title_sv="Öppen för föreningar", is_public=True, audience_sv="Föreningar och skolor")
    make_call(title_sv="Bara för förvaltningar")
    make_call(
        title_sv="Stängd för föreningar",
        is_public=True,
        opens_on=None,
        closes_on=TODAY - dt.timedelta(days=1),
    )
    make_call(
        title_sv="Kommande för föreningar", is_public=True, opens_on=TODAY + dt.timedelta(days=3)
    )
    make_call(title_sv="Arkiverad för föreningar", is_public=True, archived_at=timezone.now())
    make_call(title_sv="", title_en="Open English-only call", is_public=True)

    page = client.get("/utlysningar/").content.decode()
    assert "Öppen för föreningar" in page
    assert "Föreningar och skolor" in page
    assert "mailto:internationell@ale.se" in page
    assert "https://erasmus-plus.ec.europa.eu/" in page
    assert '<h2 lang="en">Open English-only call</h2>' in page
    for hidden in ("Bara för", "Stängd för", "Kommande för", "Arkiverad för"):
        assert hidden not in page
    english = client.get("/en/utlysningar/").content.decode()
    assert "Funding calls for associations and schools" in english
    assert '<h2 lang="sv">Öppen för föreningar</h2>' in english
    # Linked from every public page's footer.
    assert 'href="/utlysningar/"' in client.get("/").content.decode()


def test_half_year_figures(make_call, coordinator, rep, department, world, municipality):
    first = make_call()
    second = make_call()
    services.route_call(call=first, actor=coordinator, departments=[department, world["school"]])
    services.route_call(call=second, actor=coordinator, departments=[department])
    services.answer_call(
        routing=first.routings.get(department=department), actor=rep, applying=True
    )
    figures = half_year_figures(municipality, TODAY - dt.timedelta(days=1), TODAY)
    assert figures.calls_registered == 2
    assert figures.calls_routed == 2
    assert figures.departments_reached == 2
    assert figures.applying_answers == 1
    assert figures.project_ideas == 1
    before = half_year_figures(
        municipality, TODAY - dt.timedelta(days=200), TODAY - dt.timedelta(days=1)
    )
    assert before.calls_routed == before.calls_registered == before.project_ideas == 0


def test_coordinator_registers_edits_and_archives_a_call(client, coordinator, erasmus):
    sign_in(client, coordinator)
    response = client.post(
        "/intern/utlysningar/ny/",
        {
            "programme": "",
            "programme_name": "Kreativa Europa",
            "identifier": "CREA-CULT-2027-COOP",
            "title_en": "European cooperation projects",
            "closes_on": (TODAY + dt.timedelta(days=20)).isoformat(),
            "closes_at_time": "17:00",
            "budget": "1 500 000",
            "budget_currency": "EUR",
        },
    )
    assert response.status_code == 302, response.content.decode()
    call = Call.objects.get()
    assert call.programme_label == "Kreativa Europa"
    assert call.closes_at_time == dt.time(17, 0)
    assert str(call.budget) == "1500000.00"
    # A public call needs to say whom it suits.
    response = client.post(
        f"/intern/utlysningar/{call.pk}/redigera/",
        {
            "version": call.version,
            "programme": erasmus.pk,
            "identifier": call.identifier,
            "title_en": call.title_en,
            "budget_currency": "EUR",
            "is_public": "on",
        },
    )
    assert response.status_code == 200
    assert "Säg vem utlysningen passar" in response.content.decode()
    client.post(f"/intern/utlysningar/{call.pk}/arkiv/", {"action": "archive"})
    call.refresh_from_db()
    assert call.archived_at is not None
    assert "CREA-CULT-2027-COOP" not in client.get("/intern/utlysningar/").content.decode()


def test_the_calls_link_is_a_web_address_only(client, coordinator, erasmus):
    # The link is shown as a link on the public page: ftp:// (which Django's URLField
    # takes) and javascript: are refused; a link typed without its scheme is https.
    sign_in(client, coordinator)
    data = {
        "programme": erasmus.pk,
        "identifier": "ERASMUS-LINK",
        "title_sv": "Länken",
        "closes_on": (TODAY + dt.timedelta(days=20)).isoformat(),
        "budget_currency": "EUR",
    }
    for link in ("ftp://example.org/utlysning", "javascript:alert(1)"):
        response = client.post("/intern/utlysningar/ny/", {**data, "link": link})
        assert response.status_code == 200
        assert "Ange en adress som börjar med https://" in response.content.decode()
    assert not Call.objects.exists()
    client.post("/intern/utlysningar/ny/", {**data, "link": "erasmus-plus.ec.europa.eu/x"})
    assert Call.objects.get().link == "https://erasmus-plus.ec.europa.eu/x"


def test_a_forged_theme_too_large_for_an_id_is_refused(client, coordinator, erasmus):
    # SQLite cannot look up a number past 64 bits (it was a server error there).
    sign_in(client, coordinator)
    response = client.post(
        "/intern/utlysningar/ny/",
        {
            "programme": erasmus.pk,
            "identifier": "ERASMUS-BIG",
            "title_sv": "Stort",
            "budget_currency": "EUR",
            "themes": [str(10**30)],
        },
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Call.objects.exists()


def test_example_calls_in_the_demo(demo_data, client):
    from django.contrib.auth import get_user_model

    calls = Call.objects.filter(municipality__slug="ale")
    assert calls.count() == 5
    assert all(c.is_example_data and c.identifier.startswith("EXEMPEL-") for c in calls)
    assert all(str(c).startswith(("Exempel:", "Example:")) for c in calls)
    statuses = {c.status for c in calls}
    assert statuses == {CallStatus.OPEN, CallStatus.FORTHCOMING, CallStatus.CLOSED}
    (idea,) = Routing.objects.filter(call__in=calls, project__isnull=False)
    assert idea.project.status == ProjectStatus.IDEA
    assert idea.project.title_sv.startswith("Exempel:")
    assert idea.call.identifier in idea.project.internal_description_sv
    assert {r.answer for r in Routing.objects.filter(call__in=calls)} == set(Answer.values)
    # The culture department's representative has one to answer on the start page.
    sign_in(client, get_user_model().objects.get(username="kultur"))
    assert "Exempel: Ungdomsutbyten inom Erasmus+" in client.get("/intern/").content.decode()
    # The public page: the open public call, not the forthcoming or closed ones.
    page = client.get("/utlysningar/").content.decode()
    assert "Exempel: Ungdomsutbyten inom Erasmus+" in page
    assert "Town-Twinning" not in page and "Creative Europe" not in page


def test_two_saves_of_one_version_do_not_overwrite_each_other(make_call, coordinator):
    call = make_call()
    read_at = call.version
    services.save_call(
        call=call, actor=coordinator, changes={"title_sv": "Först"}, expected_version=read_at
    )
    with pytest.raises(services.CallEditConflict):
        services.save_call(
            call=Call.objects.get(pk=call.pk),
            actor=coordinator,
            changes={"title_sv": "Sedan"},
            expected_version=read_at,
        )
    assert Call.objects.get(pk=call.pk).title_sv == "Först"


def test_a_programme_chosen_and_another_typed_is_asked_which(client, coordinator, erasmus):
    """The typed name had been dropped without a word when a programme was also chosen."""
    sign_in(client, coordinator)
    response = client.post(
        "/intern/utlysningar/ny/",
        {
            "programme": erasmus.pk,
            "programme_name": "Kreativa Europa",
            "identifier": "BOTH-1",
            "title_sv": "Båda",
            "closes_on": (TODAY + dt.timedelta(days=20)).isoformat(),
            "budget_currency": "EUR",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Välj programmet i listan eller skriv dess namn här, inte båda." in page
    assert 'value="Kreativa Europa"' in page and not Call.objects.exists()


def test_an_identifier_in_other_letters_is_the_same_call(make_call, coordinator, municipality):
    """ "exempel-nordplus-junior" had been taken as new beside "EXEMPEL-NORDPLUS-JUNIOR"."""
    from django.core.exceptions import ValidationError

    from projektdatabas.calls import services as call_services

    make_call(identifier="EXEMPEL-NORDPLUS-JUNIOR")
    make_call(identifier="ÅTERBRUK-2027")
    for typed in ("exempel-nordplus-junior", "återbruk-2027"):  # SQLite lowers a–z only
        with pytest.raises(ValidationError) as refused:
            call_services.create_call(
                actor=coordinator,
                municipality=municipality,
                changes={"identifier": typed, "title_sv": "Nordplus"},
            )
        assert "identifier" in refused.value.message_dict
    assert Call.objects.count() == 2
    # Two spellings stored before the rule: each can still be edited.
    twin = make_call(identifier="återbruk-2027")
    twin.full_clean()
