""" "Anmäl intresse": a resident registers interest in a project open to residents, the
project's people see it in the staff pages and are told by e-mail (without the resident's
data), spam is refused with a clear message, nothing of it reaches the public, and the
daily job removes registrations when the privacy notice says they go."""

import datetime as dt
import io
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from projektdatabas.core import versioning
from projektdatabas.core.models import AuditEntry
from projektdatabas.participation import retention
from projektdatabas.participation.models import InterestRegistration, RegistrationStatus
from projektdatabas.participation.services import register_interest
from projektdatabas.projects.models import Project, ProjectContact
from projektdatabas.public.antispam import issue_token
from tests.conftest import sign_in
from tests.test_project_links import NO_LINKS

pytestmark = pytest.mark.django_db

NAME = "Wilhelmina Värdsson"
EMAIL = "wilhelmina.vardsson@example.org"
MESSAGE = "Vi har ett extra rum och två barn i samma ålder."


@pytest.fixture
def open_project(make_project, publish):
    project = make_project(
        kind="twin_town_exchange",
        status="approved",
        title_sv="Ungdomsutbyte med vänorten",
        slug="ungdomsutbyte",
        interest_kinds=["host_family", "participant"],
        interest_text_sv="Vi söker värdfamiljer för tolv ungdomar i juni.",
        interest_until=timezone.localdate() + dt.timedelta(days=30),
    )
    publish(project)
    project.refresh_from_db()
    return project


def form_url(project, language=""):
    return f"{language}/projekt/{project.pk}-{project.slug}/anmal-intresse/"


def filled(**changes):
    """What a resident sends, with a time token from a minute ago (a person reads first)."""
    data = {
        "name": NAME,
        "email": EMAIL,
        "phone": "",
        "kinds": ["host_family"],
        "message": MESSAGE,
        "consent": "on",
        "homepage": "",
        "form_issued": issue_token("interest", at=time.time() - 60),
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def send(client, project, data, django_capture_on_commit_callbacks, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(form_url(project), data, **extra)


def test_the_project_page_invites_and_the_form_takes_a_registration(
    open_project, client, make_user, department, django_capture_on_commit_callbacks
):
    rep = make_user("department_rep", department=department, email="rep@example.org")
    ProjectContact.objects.create(project=open_project, name="Kim", email="kim@example.org")
    page = client.get(f"/projekt/{open_project.pk}-{open_project.slug}/").content.decode()
    assert "Anmäl intresse" in page
    assert "Vi söker värdfamiljer för tolv ungdomar i juni." in page
    assert f'href="{form_url(open_project)}"' in page

    form = client.get(form_url(open_project)).content.decode()
    assert "Värdfamilj" in form and "Deltagare" in form and "Förening" not in form
    assert "/personuppgifter/#intresseanmalan" in form
    assert f"{retention.DAYS_AFTER_PROJECT_END} dagar efter att projektet avslutats" in form

    response = send(client, open_project, filled(), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    receipt = client.get(response["Location"]).content.decode()
    assert "Tack! Din anmälan är skickad" in receipt
    assert "Vad händer nu" in receipt
    assert NAME not in receipt and EMAIL not in receipt  # nothing repeated back

    registration = InterestRegistration.objects.get()
    assert (registration.name, registration.email, registration.kinds) == (
        NAME,
        EMAIL,
        ["host_family"],
    )
    assert registration.consent_version and registration.status == RegistrationStatus.NEW
    # The project's contact person and the department's representative are told, and the
    # e-mail leads to the staff page without carrying the resident's data.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {"kim@example.org", rep.email}
    assert f"/intern/projekt/{open_project.pk}/#intresse" in message.body
    for secret in (NAME, EMAIL, MESSAGE):
        assert secret not in message.body and secret not in message.subject
    entry = AuditEntry.objects.get(action="participation.registered")
    assert NAME not in str(entry.data) and entry.actor is None


def test_the_projects_people_see_it_and_mark_it_handled_readers_read(
    open_project, client, world, django_capture_on_commit_callbacks
):
    registration = register_interest(
        project=open_project, name=NAME, email=EMAIL, kinds=["participant"], message=MESSAGE
    )
    rep, reader = world["users"]["rep"], world["users"]["reader"]
    sign_in(client, rep)
    home = client.get("/intern/").content.decode()
    assert "1 ny anmälan väntar." in home and open_project.title_sv in home
    page = client.get(f"/intern/projekt/{open_project.pk}/").content.decode()
    assert NAME in page and EMAIL in page and MESSAGE in page and "Markera som hanterad" in page
    response = client.post(f"/intern/intresse/{registration.pk}/", {"action": "handled"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.HANDLED and registration.handled_by == rep
    assert AuditEntry.objects.filter(action="participation.handled", actor=rep).exists()
    assert "ny anmälan väntar" not in client.get("/intern/").content.decode()

    sign_in(client, reader)
    page = client.get(f"/intern/projekt/{open_project.pk}/").content.decode()
    assert NAME in page and "Markera som hanterad" not in page and ">Ta bort" not in page
    assert client.get("/intern/intresse/?visa=alla").content.decode().count(NAME) >= 1
    assert (
        client.post(f"/intern/intresse/{registration.pk}/", {"action": "remove"}).status_code == 403
    )
    # A representative of another department does not see it at all.
    sign_in(client, world["users"]["other_rep"])
    assert NAME not in client.get("/intern/intresse/?visa=alla").content.decode()
    assert (
        client.post(f"/intern/intresse/{registration.pk}/", {"action": "remove"}).status_code == 404
    )
    assert InterestRegistration.objects.filter(pk=registration.pk).exists()


def test_withdrawn_consent_the_registration_is_removed_at_once(open_project, client, world):
    registration = register_interest(
        project=open_project, name=NAME, phone="0303-33 00 00", kinds=["participant"]
    )
    sign_in(client, world["users"]["coordinator"])
    url = f"/intern/intresse/{registration.pk}/"
    # Removed for good: the button asks first, on a page of its own.
    asked = client.post(url, {"action": "remove", "back": "list"}).content.decode()
    assert "Ta bort anmälan?" in asked and "Det går inte att ångra." in asked
    assert f"Anmälan från {NAME}" in asked and 'href="/intern/intresse/">Avbryt</a>' in asked
    assert InterestRegistration.objects.exists()
    response = client.post(url, {"action": "remove", "back": "list", "confirmed": "1"})
    assert response["Location"] == "/intern/intresse/"
    assert not InterestRegistration.objects.exists()
    assert AuditEntry.objects.filter(action="participation.removed").count() == 1


def test_mistakes_are_named_in_swedish_and_what_was_typed_is_kept(
    open_project, client, django_capture_on_commit_callbacks
):
    data = filled(email="", phone="", consent=None, kinds=None, message="Hej från oss")
    page = send(client, open_project, data, django_capture_on_commit_callbacks).content.decode()
    assert "Din anmälan är inte skickad än" in page
    assert "Ange en e-postadress eller ett telefonnummer (eller båda)" in page
    assert "Välj minst ett av alternativen." in page
    assert "Kryssa i rutan" in page
    assert f'value="{NAME}"' in page and "Hej från oss" in page
    page = send(
        client,
        open_project,
        filled(email="inte-en-adress", phone="ring mig"),
        django_capture_on_commit_callbacks,
    ).content.decode()
    assert "Skriv e-postadressen så här: namn@exempel.se." in page
    assert "Skriv telefonnumret med siffror" in page
    assert not InterestRegistration.objects.exists() and not mail.outbox


def test_control_characters_are_not_kept_and_a_name_of_them_alone_is_missing(
    open_project, client, django_capture_on_commit_callbacks
):
    """A bell character typed in the name was stored, and reached the staff pages and the
    exports (the staff forms had dropped such characters since the last session)."""
    data = filled(name="\x07\x1b", message="Vi är\x0btre")
    page = send(client, open_project, data, django_capture_on_commit_callbacks).content.decode()
    assert "Skriv ditt namn." in page and not InterestRegistration.objects.exists()
    send(client, open_project, filled(name="Anna\x07 Berg"), django_capture_on_commit_callbacks)
    send(client, open_project, filled(message="Vi är\x0btre"), django_capture_on_commit_callbacks)
    names = set(InterestRegistration.objects.values_list("name", flat=True))
    assert names == {"Anna Berg", NAME}
    assert InterestRegistration.objects.filter(message="Vi är\ntre").exists()


def test_the_form_is_kept_by_no_cache(open_project, client, django_capture_on_commit_callbacks):
    # A refused form comes back with the resident's name and e-mail address in it.
    shown = client.get(form_url(open_project))
    refused = send(client, open_project, filled(consent=None), django_capture_on_commit_callbacks)
    assert EMAIL in refused.content.decode()
    for response in (shown, refused):
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def test_english_under_en(open_project, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(form_url(open_project, "/en"), filled(name="")).content.decode()
    assert "Write your name." in page and "Register interest" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (lambda: {"homepage": "http://spam.example"}, "var ifyllt. Töm det och skicka"),
        (lambda: {"form_issued": issue_token("interest")}, "bara några sekunder efter"),
        (lambda: {"form_issued": "förfalskad"}, "kunde inte kontrolleras"),
        # A token from another form (the subscription form's) does not pass this one.
        (
            lambda: {"form_issued": issue_token("subscribe", at=time.time() - 60)},
            "kunde inte kontrolleras",
        ),
    ],
)
def test_robots_are_refused_with_a_clear_message(
    open_project, client, changes, message, django_capture_on_commit_callbacks
):
    page = send(client, open_project, filled(**changes()), django_capture_on_commit_callbacks)
    assert page.status_code == 200
    assert message in page.content.decode()
    assert f'value="{NAME}"' in page.content.decode()
    assert not InterestRegistration.objects.exists() and not mail.outbox


def test_too_many_from_one_address_are_refused(
    open_project, client, django_capture_on_commit_callbacks
):
    for n in range(5):
        response = send(
            client,
            open_project,
            filled(email=f"person{n}@example.org"),
            django_capture_on_commit_callbacks,
        )
        assert response.status_code == 302
    page = send(
        client, open_project, filled(email="sjatte@example.org"), django_capture_on_commit_callbacks
    )
    assert "Många anmälningar har skickats härifrån på kort tid" in page.content.decode()
    assert InterestRegistration.objects.count() == 5
    # Someone else, elsewhere, still gets through.
    response = send(
        client,
        open_project,
        filled(email="annan@example.org"),
        django_capture_on_commit_callbacks,
        REMOTE_ADDR="192.0.2.77",
    )
    assert response.status_code == 302


def _public_page(client, project):
    return client.get(f"/projekt/{project.pk}-{project.slug}/")


@pytest.mark.parametrize(
    "closing",
    [
        {"interest_until": dt.date(2020, 1, 1)},  # its last day has passed
        {"interest_kinds": []},  # nothing asked for
        {"status": "completed", "completed_on": dt.date(2025, 6, 1)},  # over
        {"status": "withdrawn"},
    ],
)
def test_not_offered_when_closed(open_project, client, closing, django_capture_on_commit_callbacks):
    Project.objects.filter(pk=open_project.pk).update(**closing)
    assert "Anmäl intresse" not in _public_page(client, open_project).content.decode()
    page = client.get(form_url(open_project)).content.decode()
    assert "Anmälan är stängd" in page and 'name="consent"' not in page
    send(client, open_project, filled(), django_capture_on_commit_callbacks)
    assert not InterestRegistration.objects.exists()


def test_not_offered_on_an_unpublished_or_archived_project(
    open_project, client, django_capture_on_commit_callbacks
):
    for change in ({"is_published": False}, {"is_published": False, "archived_at": timezone.now()}):
        Project.objects.filter(pk=open_project.pk).update(**change)
        assert _public_page(client, open_project).status_code == 404
        assert client.get(form_url(open_project)).status_code == 404
        assert (
            send(client, open_project, filled(), django_capture_on_commit_callbacks).status_code
            == 404
        )
    assert not InterestRegistration.objects.exists()


def purge(day: dt.date) -> str:
    out = io.StringIO()
    call_command("purge_interest", today=day.isoformat(), stdout=out)
    return out.getvalue()


def test_a_closed_call_leaves_the_cached_pages_the_next_day(open_project):
    """Public pages are cached under the content version (public/caching.py), and nothing
    is saved when a call's last day passes: the daily job moves the version the day after,
    once, so the invitation does not linger on a cached page."""
    last_day = timezone.localdate()
    Project.objects.filter(pk=open_project.pk).update(interest_until=last_day)
    before = versioning.read_current()
    purge(last_day)
    assert versioning.read_current() == before
    assert "public page is renewed" in purge(last_day + dt.timedelta(days=1))
    after = versioning.read_current()
    assert after != before
    purge(last_day + dt.timedelta(days=2))
    assert versioning.read_current() == after


def _registered(project, *, days_ago, name):
    registration = register_interest(
        project=project, name=name, phone="0303-33 00 00", kinds=["participant"]
    )
    InterestRegistration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    return registration


def test_removed_after_their_retention_by_the_daily_job(open_project, make_project, publish):
    today = timezone.localdate()
    ended = make_project(
        title_sv="Avslutat utbyte",
        slug="avslutat",
        end_date=today + dt.timedelta(days=60),
        interest_kinds=["participant"],
        status="approved",
    )
    publish(ended)
    fresh = _registered(
        open_project, days_ago=retention.DAYS_AFTER_REGISTRATION - 1, name="Kvar Ännu"
    )
    old = _registered(
        open_project, days_ago=retention.DAYS_AFTER_REGISTRATION + 1, name="Gammal Anmälan"
    )
    after_end = _registered(ended, days_ago=10, name="Efter Slut")
    # The project ends; 90 days later its registrations go, not a day before.
    Project.objects.filter(pk=ended.pk).update(
        end_date=today - dt.timedelta(days=retention.DAYS_AFTER_PROJECT_END)
    )
    out = io.StringIO()
    call_command("daily", stdout=out)
    assert "== purge_interest" in out.getvalue()
    assert set(InterestRegistration.objects.values_list("pk", flat=True)) == {
        fresh.pk,
        after_end.pk,
    }
    call_command("purge_interest", today=(today + dt.timedelta(days=1)).isoformat(), stdout=out)
    assert set(InterestRegistration.objects.values_list("pk", flat=True)) == {fresh.pk}
    assert not InterestRegistration.objects.filter(pk=old.pk).exists()
    entries = AuditEntry.objects.filter(action="participation.purged")
    assert sorted(e.data["count"] for e in entries) == [1, 1]
    for entry in entries:
        assert not any(name in str(entry.data) for name in ("Gammal", "Efter", "0303"))
    call_command("purge_interest", today=(today + dt.timedelta(days=1)).isoformat(), stdout=out)
    assert entries.count() == 2  # running again removes nothing and records nothing


def test_the_privacy_notice_says_what_the_job_does(client, municipality):
    page = client.get("/personuppgifter/").content.decode()
    assert 'id="intresseanmalan"' in page
    assert "samtycke" in page and "6.1 a" in page
    assert f"{retention.DAYS_AFTER_PROJECT_END} dagar efter att projektet avslutats" in page
    assert f"{retention.DAYS_AFTER_REGISTRATION} dagar efter anmälan" in page


def test_registrations_never_reach_public_pages_feeds_or_exports(open_project, client):
    from django.urls import get_resolver

    register_interest(
        project=open_project, name=NAME, email=EMAIL, kinds=["participant"], message=MESSAGE
    )
    addresses = [
        f"/projekt/{open_project.pk}-{open_project.slug}/",
        form_url(open_project),
        f"/projekt/{open_project.pk}-{open_project.slug}/anmal-intresse/skickad/",
    ]
    public = get_resolver().namespace_dict["public"][1]
    addresses += ["/" + str(p.pattern) for p in public.url_patterns if "<" not in str(p.pattern)]
    for language in ("", "/en"):
        for address in addresses:
            response = client.get(language + address)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode("utf-8", errors="replace")
            for secret in (NAME, EMAIL, MESSAGE, "Wilhelmina"):
                assert secret not in text, (language + address, secret)


def test_the_publication_section_opens_a_project_to_residents(client, world):
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    url = f"/intern/projekt/{project.pk}/redigera/publicering/"
    form = client.get(url).content.decode()
    assert "Värdfamilj" in form and 'name="interest_until"' in form
    response = client.post(
        url,
        {
            "version": project.version,
            "public_summary_sv": "Sammanfattning.",
            "interest_kinds": ["host_family", "association"],
            "interest_text_sv": "Vi söker värdfamiljer.",
            "interest_until": "2030-06-01",
            "save": "1",
            **NO_LINKS,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    project.refresh_from_db()
    assert project.interest_kinds == ["host_family", "association"]
    assert project.interest_until == dt.date(2030, 6, 1)
    assert (
        "värdfamiljer, föreningar" in client.get(f"/intern/projekt/{project.pk}/").content.decode()
    )


def test_the_history_names_the_choices(client, world):
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    client.post(
        f"/intern/projekt/{project.pk}/redigera/publicering/",
        {"version": project.version, **NO_LINKS, "interest_kinds": ["volunteer"], "save": "1"},
    )
    history = client.get(f"/intern/projekt/{project.pk}/historik/").content.decode()
    assert "volontärer" in history and "volunteer" not in history


def test_a_last_day_already_past_is_refused_when_typed_and_kept_when_it_ran_its_course(
    client, world
):
    """A reviewer set yesterday as the last day: saved without a word, the call was closed
    before it opened. A call whose day has passed is still saved again as it was."""
    from tests.test_past_dates import field_error

    project = world["project"]
    sign_in(client, world["users"]["rep"])
    url = f"/intern/projekt/{project.pk}/redigera/publicering/"
    data = {
        "version": project.version,
        "public_summary_sv": "Sammanfattning.",
        "interest_kinds": ["host_family"],
        "interest_until": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "save": "1",
        **NO_LINKS,
    }
    html = client.post(url, data).content.decode()
    assert "Den dagen har redan passerat" in field_error(html, "interest_until")
    Project.objects.filter(pk=project.pk).update(interest_until=dt.date(2026, 1, 31))
    project.refresh_from_db()
    data.update(version=project.version, interest_until="2026-01-31", public_summary_sv="Ny.")
    assert client.post(url, data).status_code == 302
