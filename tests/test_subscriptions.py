"""Residents' e-mail subscriptions (issue 14, part 4): double opt-in, the daily digest, one-click
unsubscribe (RFC 8058), changing choices, and the anti-spam checks on the sign-up form."""

import datetime as dt
import re
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from projektdatabas.core.management.commands import daily
from projektdatabas.news import services as news_services
from projektdatabas.organisations.models import Organisation, Twinning, TwinningEvent
from projektdatabas.projects.models import ProjectPartner
from projektdatabas.projects.reference import Theme
from projektdatabas.public.antispam import issue_token
from projektdatabas.subscriptions import services
from projektdatabas.subscriptions.digests import send_digests
from projektdatabas.subscriptions.models import RateCounter, Subscription
from tests.conftest import coordinator_of

pytestmark = pytest.mark.django_db
ADDRESS = "anna.andersson@example.se"


@pytest.fixture
def mailbox(django_capture_on_commit_callbacks):
    """Runs what was queued for after the commit, as a real request's transaction would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def sign_up(client=None, *, path="", **data):
    values = {
        "email": ADDRESS,
        "news": "on",
        "homepage": "",
        "form_issued": issue_token("subscribe", at=time.time() - 10),
        **data,
    }
    return (client or Client()).post(f"{path}/prenumerera/", values)


def link_in(message, name: str) -> str:
    return re.search(rf"http\S+/{name}/\S+/", message.body).group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def publish_news(municipality, title="Besök från Kaufungen"):
    actor = coordinator_of(municipality)
    item = news_services.create_news_item(
        actor=actor, municipality=municipality, changes={"title_sv": title, "body_sv": "Text."}
    )
    return news_services.publish_news_item(item=item, actor=actor)


@pytest.fixture
def confirmed(municipality, mailbox):
    """A confirmed subscription to news, as the resident makes it through the pages."""
    mailbox(sign_up)
    key = link_in(mail.outbox[-1], "bekrafta").rstrip("/").rsplit("/", 1)[1]
    mailbox(Client().post, f"/prenumerera/bekrafta/{key}/")
    mail.outbox.clear()
    return Subscription.objects.get(email=ADDRESS)


# --- signing up ---------------------------------------------------------------------------


def test_the_form_has_the_choices_the_anti_spam_fields_and_the_feeds(municipality):
    Theme.objects.create(slug="ungdom", name_sv="Ungdom", name_en="Youth")
    html = Client().get("/prenumerera/").content.decode()
    for text in ("Nyheter", "Nypublicerade projekt", "Vänortsaktiviteter", "Ungdom"):
        assert text in html
    assert "Lämna detta fält tomt" in html and 'name="form_issued"' in html
    assert "/nyheter/rss/" in html and "/flode/rss/" in html


def test_signing_up_sends_only_a_confirmation_request_and_nothing_before_confirmation(
    municipality, mailbox
):
    response = mailbox(sign_up)
    assert response.status_code == 302 and response.url == "/prenumerera/skickat/"
    assert "Kontrollera din e-post" in Client().get(response.url).content.decode()
    [message] = mail.outbox
    assert message.to == [ADDRESS]
    assert "Bekräfta" in message.subject
    assert "/prenumerera/bekrafta/" in message.body
    subscription = Subscription.objects.get()
    assert not subscription.is_confirmed and subscription.language == "sv"
    # Something is published, and the daily job runs: the unconfirmed address gets nothing.
    publish_news(municipality)
    mail.outbox.clear()
    assert mailbox(send_digests, now=timezone.now() + dt.timedelta(hours=1)) == 0
    assert mail.outbox == []


def test_opening_the_confirmation_link_does_not_confirm_pressing_its_button_does(
    municipality, mailbox
):
    mailbox(sign_up)
    path = path_of(link_in(mail.outbox[0], "bekrafta"))
    page = Client().get(path)
    assert page.status_code == 200 and "Bekräfta prenumerationen" in page.content.decode()
    assert not Subscription.objects.get().is_confirmed  # a mail scanner opened the link
    done = Client().post(path)
    assert "Prenumerationen är bekräftad" in done.content.decode()
    assert Subscription.objects.get().is_confirmed


def test_an_altered_or_expired_confirmation_link_is_refused_clearly(
    municipality, mailbox, monkeypatch
):
    mailbox(sign_up)
    path = path_of(link_in(mail.outbox[0], "bekrafta"))
    altered = Client().post(path[:-3] + "xx/")
    assert altered.status_code == 404 and "Länken fungerar inte" in altered.content.decode()
    later = time.time() + Subscription.CONFIRM_WITHIN.total_seconds() + 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    expired = Client().post(path)
    assert expired.status_code == 404 and "Länken fungerar inte" in expired.content.decode()
    assert not Subscription.objects.get().is_confirmed


def test_a_second_sign_up_neither_duplicates_nor_reveals_that_the_address_is_known(
    municipality, mailbox, confirmed
):
    new_address = mailbox(sign_up, email="ny@example.se")
    known_address = mailbox(sign_up, email=ADDRESS.upper(), projects="on")
    assert (known_address.status_code, known_address.url) == (
        new_address.status_code,
        new_address.url,
    )
    assert Subscription.objects.filter(email=ADDRESS).count() == 1
    confirmed.refresh_from_db()
    assert confirmed.projects is False  # choices change only from the link in the mail
    to_known = [m for m in mail.outbox if m.to == [ADDRESS]]
    assert len(to_known) == 1 and "/prenumerera/andra/" in to_known[0].body


def test_an_unconfirmed_sign_up_asked_for_again_is_updated_not_duplicated(municipality, mailbox):
    mailbox(sign_up)
    mailbox(sign_up, projects="on")
    subscription = Subscription.objects.get()
    assert subscription.news and subscription.projects and not subscription.is_confirmed
    assert len(mail.outbox) == 2


def test_signing_up_in_english_stores_english_and_mails_in_english(municipality, mailbox):
    response = mailbox(sign_up, path="/en")
    assert response.url == "/en/prenumerera/skickat/"
    assert Subscription.objects.get().language == "en"
    [message] = mail.outbox
    assert "Confirm your subscription" in message.subject
    assert "/en/prenumerera/bekrafta/" in message.body


def test_nothing_chosen_is_refused_with_a_message_and_the_address_kept(municipality):
    response = sign_up(news="")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Välj minst en sak att prenumerera på" in html
    assert f'value="{ADDRESS}"' in html
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("address", ["root@localhost", "kim@[127.0.0.1]"])
def test_an_address_off_the_internet_is_refused(municipality, mailbox, address):
    # The server's own mailboxes and machines on its network are no resident's inbox.
    response = mailbox(sign_up, email=address)
    assert response.status_code == 200
    assert "Ange en adress som nås med e-post över internet" in response.content.decode()
    assert not Subscription.objects.exists() and mail.outbox == []


@pytest.mark.parametrize("field", ["themes", "twinnings"])
def test_a_forged_choice_too_large_for_an_id_is_refused(municipality, mailbox, field):
    # SQLite cannot look up a number past 64 bits (it was a server error there).
    response = mailbox(sign_up, **{field: [str(10**30)]})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Subscription.objects.exists() and mail.outbox == []


# --- spam -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (lambda: {"homepage": "http://example.com"}, "Lämna detta fält tomt"),
        (lambda: {"form_issued": issue_token("subscribe")}, "bara några sekunder"),
        (
            lambda: {"form_issued": issue_token("subscribe", at=time.time() - 2 * 24 * 3600)},
            "mer än ett dygn",
        ),
        (lambda: {"form_issued": "förfalskad"}, "kunde inte kontrolleras"),
    ],
    ids=["honeypot", "too fast", "too old", "tampered"],
)
def test_robot_like_sign_ups_are_refused_with_a_clear_message(municipality, mailbox, data, message):
    response = mailbox(sign_up, **data())  # the token made now, not at collection
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'value="{ADDRESS}"' in html  # what was typed is kept
    assert not Subscription.objects.exists() and mail.outbox == []


def test_one_address_is_sent_at_most_three_requests_a_day(municipality, mailbox):
    for _ in range(3):
        assert mailbox(sign_up).status_code == 302
    refused = mailbox(sign_up)
    assert refused.status_code == 200
    assert "flera gånger i dag" in refused.content.decode()
    assert len(mail.outbox) == 3


def test_one_client_is_refused_after_ten_sign_ups_an_hour(municipality, mailbox):
    for n in range(10):
        assert mailbox(sign_up, email=f"person{n}@example.se").status_code == 302
    refused = mailbox(sign_up, email="person11@example.se")
    assert "Många anmälningar har skickats härifrån" in refused.content.decode()
    assert Subscription.objects.count() == 10
    assert RateCounter.objects.filter(scope="subscribe").get().count == 10


# --- the digest -------------------------------------------------------------------------


def test_the_digest_covers_what_was_published_once_and_a_second_run_sends_nothing(
    municipality, mailbox, confirmed
):
    publish_news(municipality, "Ungdomar från Kaufungen på besök")
    later = timezone.now() + dt.timedelta(minutes=1)
    assert mailbox(send_digests, now=later) == 1
    [message] = mail.outbox
    assert message.to == [ADDRESS]
    assert "Ungdomar från Kaufungen på besök" in message.body
    assert "/nyheter/" in message.body
    assert mailbox(send_digests, now=later + dt.timedelta(minutes=1)) == 0
    assert len(mail.outbox) == 1


def test_no_digest_when_nothing_new_matches_the_choices(
    municipality, mailbox, confirmed, make_project, publish
):
    publish(make_project(title_sv="Nytt projekt"))  # a project; the subscription is for news
    assert mailbox(send_digests, now=timezone.now() + dt.timedelta(minutes=1)) == 0
    assert mail.outbox == []


def test_projects_are_narrowed_by_theme_and_twin_town_and_activities_by_twin_town(
    municipality, mailbox, confirmed, make_project, publish
):
    youth = Theme.objects.create(slug="ungdom", name_sv="Ungdom")
    kaufungen = Organisation.objects.create(name="Kaufungen", kind="municipality", country="DE")
    twin = Twinning.objects.create(municipality=municipality, partner=kaufungen, slug="kaufungen")
    other = Twinning.objects.create(
        municipality=municipality,
        partner=Organisation.objects.create(name="Alingsås-vänort", kind="municipality"),
        slug="annan",
    )
    services.change_choices(
        subscription=confirmed,
        choices={"projects": True, "twinning_events": True, "themes": [youth], "twinnings": [twin]},
    )
    wanted = make_project(title_sv="Ungdomsutbyte med Kaufungen")
    wanted.themes.add(youth)
    ProjectPartner.objects.create(project=wanted, organisation=kaufungen)
    publish(wanted)
    publish(make_project(title_sv="Projekt utan tema"))
    TwinningEvent.objects.create(
        twinning=twin, date=dt.date(2026, 5, 1), kind="visit", title_sv="Delegation i Ale"
    )
    TwinningEvent.objects.create(
        twinning=other, date=dt.date(2026, 5, 2), kind="visit", title_sv="Annan vänort"
    )
    assert mailbox(send_digests, now=timezone.now() + dt.timedelta(minutes=1)) == 1
    body = mail.outbox[0].body
    assert "Ungdomsutbyte med Kaufungen" in body and "Delegation i Ale" in body
    assert "Projekt utan tema" not in body and "Annan vänort" not in body


def test_every_message_carries_the_one_click_unsubscribe_headers(municipality, mailbox, confirmed):
    mailbox(sign_up)  # "you already subscribe"
    mailbox(sign_up, email="ny@example.se")  # a confirmation request
    publish_news(municipality)
    mailbox(send_digests, now=timezone.now() + dt.timedelta(minutes=1))  # a digest
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        token = Subscription.objects.get(email=message.to[0]).token
        assert re.fullmatch(
            rf"<https?://[^/]+/prenumerera/avsluta/{token}/>",
            message.extra_headers["List-Unsubscribe"],
        )
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message.message().as_string()


def test_the_digest_is_in_the_language_chosen_at_sign_up(municipality, mailbox):
    mailbox(sign_up, path="/en")
    key = link_in(mail.outbox[-1], "bekrafta").rstrip("/").rsplit("/", 1)[1]
    mailbox(Client().post, f"/en/prenumerera/bekrafta/{key}/")
    mail.outbox.clear()
    publish_news(municipality)
    mailbox(send_digests, now=timezone.now() + dt.timedelta(minutes=1))
    [message] = mail.outbox
    assert message.subject == "New in the project database"
    assert "/en/prenumerera/avsluta/" in message.body


# --- unsubscribing and changing choices ---------------------------------------------------


def test_opening_the_unsubscribe_link_changes_nothing_and_its_button_unsubscribes(
    municipality, confirmed
):
    path = f"/prenumerera/avsluta/{confirmed.token}/"
    page = Client().get(path)
    assert page.status_code == 200 and ADDRESS in page.content.decode()
    assert Subscription.objects.filter(pk=confirmed.pk).exists()
    done = Client(enforce_csrf_checks=True).post(path)
    assert done.status_code == 200 and "Du prenumererar inte längre" in done.content.decode()
    assert not Subscription.objects.exists()
    assert Client().get(path).status_code == 404


def test_a_mail_programs_one_click_post_unsubscribes_without_a_csrf_token(municipality, confirmed):
    response = Client(enforce_csrf_checks=True).post(
        f"/prenumerera/avsluta/{confirmed.token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    # Sent again (a retry), it answers the same: the holder's wish is the case.
    again = Client(enforce_csrf_checks=True).post(f"/prenumerera/avsluta/{confirmed.token}/")
    assert again.status_code == 200


def test_the_other_forms_keep_their_csrf_protection(municipality, confirmed):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"/prenumerera/andra/{confirmed.token}/", {"news": "on"}).status_code == 403
    assert strict.post("/prenumerera/", {"email": ADDRESS}).status_code == 403


def test_the_link_in_the_mail_changes_the_choices(municipality, confirmed):
    path = f"/prenumerera/andra/{confirmed.token}/"
    page = Client().get(path).content.decode()
    assert re.search(r'<input type="checkbox" name="news"[^>]* checked', page)
    response = Client().post(path, {"projects": "on", "twinning_events": "on"})
    assert "Dina val har sparats" in response.content.decode()
    confirmed.refresh_from_db()
    assert (confirmed.news, confirmed.projects, confirmed.twinning_events) == (False, True, True)
    refused = Client().post(path, {})
    assert "Välj minst en sak" in refused.content.decode()
    assert Client().get("/prenumerera/andra/okand-nyckel/").status_code == 404


# --- the daily job ----------------------------------------------------------------------


def test_the_daily_job_removes_unconfirmed_sign_ups_after_a_week_and_sends_digests(
    municipality, mailbox, confirmed
):
    mailbox(sign_up, email="glomsk@example.se")
    Subscription.objects.filter(email="glomsk@example.se").update(
        created_at=timezone.now() - Subscription.CONFIRM_WITHIN - dt.timedelta(hours=1)
    )
    mailbox(sign_up, email="nyss@example.se")
    publish_news(municipality)
    Subscription.objects.filter(pk=confirmed.pk).update(
        digest_until=timezone.now() - dt.timedelta(days=1)
    )
    mail.outbox.clear()
    assert "send_digests" in daily.DAILY_COMMANDS
    mailbox(call_command, "send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(Subscription.objects.values_list("email", flat=True)) == {
        ADDRESS,
        "nyss@example.se",
    }
    assert [m.to for m in mail.outbox] == [[ADDRESS]]


def test_the_privacy_notice_explains_subscriptions(municipality):
    html = Client().get("/personuppgifter/").content.decode()
    assert 'id="prenumeration"' in html
    for text in ("samtycke", "artikel 6.1 a", "7 dagar", "avsluta"):
        assert text in html.lower()
