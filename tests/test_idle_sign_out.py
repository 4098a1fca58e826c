"""Idle sign-out that warns and loses nothing (WCAG 2.2.1): the warning's markup and its
questions to the server, and a form sent after the sign-out, kept and completed once the
same person has signed in again (accounts/middleware.py, accounts/pending.py)."""

import datetime as dt
import time

import pytest
from django.test import Client

from projektdatabas.accounts.middleware import LAST_SEEN_KEY
from projektdatabas.accounts.models import PendingSubmission
from projektdatabas.accounts.pending import claim_submission, keep_submission
from projektdatabas.projects.models import Project

pytestmark = pytest.mark.django_db
PASSWORD = "ett-långt-lösenord-2026"
NEW = "/intern/projekt/nytt/"
STATUS = "/intern/inloggad/"


def sign_in(client, user, next=""):
    response = client.post(
        "/intern/logga-in/", {"username": user.username, "password": PASSWORD, "next": next}
    )
    assert response.status_code == 302
    return response


def go_idle(client, seconds):
    """As if the last request had been `seconds` ago."""
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def expire(client, settings):
    go_idle(client, settings.STAFF_IDLE_MINUTES * 60 + 1)


def new_project(world, **changes):
    return {
        "title_sv": "Ungdomsutbyte med Bertinoro",
        "kind": "school_youth_exchange",
        "lead_department": world["department"].pk,
        "municipal_role": "partner",
        "start_date": "2027-03-01",
        **changes,
    }


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


# --- The warning -------------------------------------------------------------------------


def test_staff_pages_carry_the_warning_in_the_pages_language(world, client, settings):
    sign_in(client, world["users"]["rep"])
    html = client.get("/intern/").content.decode()
    assert 'role="alertdialog"' in html
    assert f'data-idle-seconds="{settings.STAFF_IDLE_MINUTES * 60}"' in html
    assert 'data-warn-seconds="120"' in html
    assert "staff/idle.js" in html
    assert "Du loggas snart ut" in html and "Fortsätt vara inloggad" in html
    english = client.get("/en/intern/").content.decode()
    assert "You will soon be signed out" in english and "Stay signed in" in english


def test_the_warning_leaves_time_to_answer_under_a_short_limit(world, client, settings):
    settings.STAFF_IDLE_MINUTES = 1
    sign_in(client, world["users"]["rep"])
    assert 'data-warn-seconds="30"' in client.get("/intern/").content.decode()


def test_the_sign_in_page_has_no_warning(client):
    html = client.get("/intern/logga-in/").content.decode()
    assert "alertdialog" not in html and "idle.js" not in html


# --- Asking the server, and staying signed in ----------------------------------------------


def test_asking_how_long_is_left_is_not_activity(world, client, settings):
    sign_in(client, world["users"]["rep"])
    client.get("/intern/")
    go_idle(client, 600)
    left = settings.STAFF_IDLE_MINUTES * 60 - 600
    assert client.get(STATUS).json()["seconds_left"] in (left, left - 1)
    assert client.get(STATUS).json()["seconds_left"] in (left, left - 1)  # unchanged


def test_staying_signed_in_refreshes_the_idle_time(world, settings):
    client = Client(enforce_csrf_checks=True)
    sign_in_page = client.get("/intern/logga-in/")
    token = sign_in_page.cookies["csrftoken"].value
    client.post(
        "/intern/logga-in/",
        {"username": world["users"]["rep"].username, "password": PASSWORD},
        headers={"X-CSRFToken": token},
    )
    go_idle(client, settings.STAFF_IDLE_MINUTES * 60 - 60)
    assert client.post(STATUS).status_code == 403  # without the CSRF token
    token = client.cookies["csrftoken"].value  # a new one since signing in
    answer = client.post(STATUS, headers={"X-CSRFToken": token}).json()
    assert answer["seconds_left"] == settings.STAFF_IDLE_MINUTES * 60
    assert client.get("/intern/").status_code == 200


def test_staying_comes_too_late_after_the_idle_time(world, client, settings):
    sign_in(client, world["users"]["rep"])
    expire(client, settings)
    assert client.get(STATUS).json()["seconds_left"] == 0
    assert client.post(STATUS).json()["seconds_left"] == 0
    response = client.get("/intern/")
    assert response.status_code == 302 and response["Location"].startswith("/intern/logga-in/")


def test_signed_out_people_have_no_time_left(client):
    assert client.get(STATUS).json()["seconds_left"] == 0


# --- A save after the sign-out ---------------------------------------------------------------


def test_a_save_after_the_idle_time_is_completed_after_signing_in_again(world, client, settings):
    rep = world["users"]["rep"]
    sign_in(client, rep)
    expire(client, settings)
    response = client.post(NEW, new_project(world))
    assert response.status_code == 302
    assert response["Location"] == "/intern/logga-in/?next=%2Fintern%2Fprojekt%2Fnytt%2F"
    assert not Project.objects.filter(title_sv="Ungdomsutbyte med Bertinoro").exists()
    assert client.get("/intern/").status_code == 302  # signed out for real

    page = client.get(response["Location"])
    assert "Det du sparade finns kvar." in page.content.decode()
    assert "utan aktivitet" in messages_of(page)

    after = sign_in(client, rep, next=NEW)  # as the sign-in page's form sends it
    assert after["Location"] == NEW
    response = client.get(NEW)
    project = Project.objects.get(title_sv="Ungdomsutbyte med Bertinoro")
    assert response.status_code == 302
    assert response["Location"] == f"/intern/projekt/{project.pk}/redigera/partner/"
    assert project.start_date == dt.date(2027, 3, 1)
    assert not PendingSubmission.objects.exists()

    # Once only: the same page again is an empty form.
    again = client.get(NEW)
    assert again.status_code == 200
    assert Project.objects.filter(title_sv="Ungdomsutbyte med Bertinoro").count() == 1


def test_the_kept_save_waits_for_the_first_staff_page_after_signing_in(world, client, settings):
    sign_in(client, world["users"]["rep"])
    expire(client, settings)
    client.post(NEW, new_project(world))
    client.post(
        "/intern/logga-in/",
        {
            "username": world["users"]["rep"].username,
            "password": PASSWORD,
            "next": "/intern/projekt/",
        },
    )
    # Wherever signing in leads (single sign-on goes to the start page), the kept form's page
    # comes first.
    assert client.get("/intern/projekt/")["Location"] == NEW
    assert client.get(NEW).status_code == 302
    assert Project.objects.filter(title_sv="Ungdomsutbyte med Bertinoro").exists()


def test_another_account_cannot_complete_a_kept_save(world, client, settings):
    sign_in(client, world["users"]["rep"])
    expire(client, settings)
    client.post(NEW, new_project(world))

    sign_in(client, world["users"]["coordinator"])  # the same browser, someone else
    response = client.get(NEW)
    assert response.status_code == 200
    assert "sparades inte" in messages_of(response)
    assert not Project.objects.filter(title_sv="Ungdomsutbyte med Bertinoro").exists()
    assert client.get(NEW).status_code == 200  # and it is not tried again


def test_a_kept_save_older_than_an_hour_is_not_completed(world, client, settings):
    # The sign-in page comes at once after the failed save; a form kept longer is more
    # likely a stranger's at a shared computer than its owner's.
    from django.utils import timezone

    sign_in(client, world["users"]["rep"])
    expire(client, settings)
    client.post(NEW, new_project(world))
    PendingSubmission.objects.update(created_at=timezone.now() - dt.timedelta(minutes=61))

    sign_in(client, world["users"]["rep"])
    response = client.get(NEW)
    assert "sparades inte" in messages_of(response)
    assert not Project.objects.filter(title_sv="Ungdomsutbyte med Bertinoro").exists()


def test_a_kept_save_with_errors_shows_them_with_what_was_typed(world, client, settings):
    sign_in(client, world["users"]["rep"])
    expire(client, settings)
    client.post(NEW, new_project(world, title_sv="", title_en="My long draft title"))

    sign_in(client, world["users"]["rep"])
    response = client.get(NEW)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="My long draft title"' in html
    assert 'value="2027-03-01"' in html
    assert "error-summary" in html
    assert not Project.objects.filter(title_en="My long draft title").exists()


def test_a_save_after_signing_out_for_idleness_in_another_tab_is_kept(world, client, settings):
    sign_in(client, world["users"]["rep"])
    expire(client, settings)
    client.get("/intern/projekt/")  # another tab: signed out here
    response = client.post(NEW, new_project(world))
    assert response["Location"].startswith("/intern/logga-in/")
    sign_in(client, world["users"]["rep"], next=NEW)
    assert client.get(NEW).status_code == 302
    assert Project.objects.filter(title_sv="Ungdomsutbyte med Bertinoro").exists()


@pytest.mark.parametrize("address", ["/intern/projekt", "/intern/finns-inte/"])
def test_a_form_sent_to_no_page_is_not_kept(world, client, settings, address):
    # Kept, it sent every staff page after signing in to its address: a 404 on every
    # page, or (without the slash) redirects in a loop.
    sign_in(client, world["users"]["rep"])
    expire(client, settings)
    client.post(address, new_project(world))
    assert not PendingSubmission.objects.exists()
    sign_in(client, world["users"]["rep"])
    assert client.get("/intern/projekt/").status_code == 200


def test_saving_again_after_the_sign_out_keeps_only_the_latest(world, client, settings):
    # Only the form kept last in a browser can be completed; the ones before it were left
    # in the database for a day, as many as the signed-out browser cared to send.
    sign_in(client, world["users"]["rep"])
    expire(client, settings)
    for title in ("Första försöket", "Andra försöket", "Tredje försöket"):
        client.post(NEW, new_project(world, title_sv=title))
    assert PendingSubmission.objects.count() == 1

    sign_in(client, world["users"]["rep"])
    assert client.get(NEW).status_code == 302
    titles = set(Project.objects.values_list("title_sv", flat=True))
    assert "Tredje försöket" in titles and "Första försöket" not in titles


def test_a_save_after_signing_out_on_purpose_is_not_kept(world, client):
    sign_in(client, world["users"]["rep"])
    client.post("/intern/logga-ut/")
    response = client.post(NEW, new_project(world))
    assert response["Location"].startswith("/intern/logga-in/")
    assert not PendingSubmission.objects.exists()
    # Not kept (whoever sits down next at a computer left on purpose is not its owner), but
    # said: the sign-in page had come with no word, and the typed text seemed just gone.
    page = client.get(response["Location"])
    assert "Du hade loggat ut, så det du sparade sparades inte" in messages_of(page)


def test_parts_of_a_page_asked_after_the_idle_time(world, client, settings):
    """htmx: adding a row leaves the page as typed and lets the warning say why; a save
    is kept and the whole page goes to the sign-in."""
    sign_in(client, world["users"]["rep"])
    expire(client, settings)
    response = client.get("/intern/projekt/", headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Trigger"] == "pd-signed-out"
    response = client.post(NEW, new_project(world), headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith("/intern/logga-in/")
    assert PendingSubmission.objects.count() == 1


def test_a_form_forged_by_another_site_is_not_kept(world, settings):
    client = Client(enforce_csrf_checks=True)
    client.get("/intern/logga-in/")
    client.post(
        "/intern/logga-in/",
        {"username": world["users"]["rep"].username, "password": PASSWORD},
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )
    expire(client, settings)
    response = client.post(NEW, new_project(world))  # no CSRF token
    assert response.status_code == 302 and "/intern/logga-in/" in response["Location"]
    assert not PendingSubmission.objects.exists()
    assert "finns kvar" not in client.get(response["Location"]).content.decode()


def test_a_kept_save_runs_once_and_keeps_no_password(world):
    rep = world["users"]["rep"]
    pending = keep_submission(
        user_id=rep.pk,
        path="/intern/anvandare/ny/",
        data={"username": ["ny"], "password1": ["hemligt"], "csrfmiddlewaretoken": ["x"]},
        had_files=False,
    )
    assert pending.data == {"username": ["ny"]}
    assert claim_submission(token=pending.token, user=world["users"]["coordinator"]) is None
    assert claim_submission(token=pending.token, user=rep).data == {"username": ["ny"]}
    assert claim_submission(token=pending.token, user=rep) is None


def test_an_administrator_gives_the_one_time_code_before_the_kept_save_runs(
    world, client, settings
):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from projektdatabas.accounts.models import Membership

    admin = world["users"]["administrator"]  # who also coordinates, and registers a project
    Membership.objects.create(
        user=admin, municipality=world["department"].municipality, role="coordinator"
    )
    device = TOTPDevice.objects.create(user=admin, name="app", confirmed=True)

    def give_the_code(next="/intern/"):
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # the same code again
        code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
        return client.post("/intern/tvafaktor/", {"token": code, "next": next})

    sign_in(client, admin)
    give_the_code()
    expire(client, settings)
    client.post(NEW, new_project(world))

    assert sign_in(client, admin, next=NEW)["Location"].startswith("/intern/tvafaktor/")
    assert client.get(NEW)["Location"].startswith("/intern/tvafaktor/")
    assert PendingSubmission.objects.count() == 1  # not yet
    assert not Project.objects.filter(title_sv="Ungdomsutbyte med Bertinoro").exists()
    assert give_the_code(next=NEW)["Location"] == NEW
    assert client.get(NEW).status_code == 302
    assert Project.objects.filter(title_sv="Ungdomsutbyte med Bertinoro").exists()
    assert not PendingSubmission.objects.exists()


@pytest.mark.parametrize("address", ["/intern/anvandare/ny/", "/intern/anvandare/{pk}/"])
def test_a_form_that_changes_accounts_is_never_kept(world, client, settings, address):
    # Someone at a signed-out computer could otherwise fill in "give this account a role"
    # and leave it for the administrator's next sign-in to carry out.
    admin = world["users"]["administrator"]
    client.force_login(admin)
    client.session.save()
    expire(client, settings)
    reader = world["users"]["reader"]
    response = client.post(
        address.format(pk=reader.pk),
        {"username": "ny.medarbetare", "first_name": "Nyfiken", "is_superuser": "on"},
    )
    assert response["Location"].startswith("/intern/logga-in/")
    assert not PendingSubmission.objects.exists()


def test_an_attached_file_is_asked_for_again(world, client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/intern/handlingsplaner/{world['plan'].pk}/import/"
    sign_in(client, world["users"]["rep"])
    expire(client, settings)
    upload = SimpleUploadedFile("framsteg.csv", b"nummer;framsteg;status\n1;50;ongoing\n")
    response = client.post(url, {"file": upload})
    page = client.get(response["Location"]).content.decode()
    assert "Bifogade filer kunde inte sparas: bifoga dem igen." in page

    sign_in(client, world["users"]["rep"], next=url)
    response = client.get(url)
    assert response.status_code == 200
    assert "bifoga dem igen" in messages_of(response)
    assert 'type="file"' in response.content.decode()  # the form again, to attach it
    world["measure"].refresh_from_db()
    assert world["measure"].progress == 0  # nothing imported without the file


def test_signing_out_again_in_another_tab_says_nothing_about_a_lost_save(world, client):
    sign_in(client, world["users"]["rep"])
    client.post("/intern/logga-ut/")
    page = client.post("/intern/logga-ut/", follow=True)  # the other tab's button
    assert "sparades inte" not in messages_of(page)
