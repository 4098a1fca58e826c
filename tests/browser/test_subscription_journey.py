"""A resident's e-mail subscription in real Chromium against the live server: found from the
news page, signed up, confirmed from the link in the mail the server sent, a digest after a
news item is published, and unsubscribed with one click: the page's button, and a mail
program's RFC 8058 one-click POST (no page, no cookie, no CSRF token). axe-core checks each
page on the way."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from projektdatabas.demo.subscriptions import EXAMPLE_ADDRESS
from projektdatabas.news import services as news_services
from projektdatabas.organisations.models import Municipality
from projektdatabas.public import antispam
from projektdatabas.subscriptions.models import Subscription
from tests.conftest import coordinator_of

from .test_staff_flows import Session

pytestmark = pytest.mark.browser
RESIDENT = "kim.karlsson@example.se"


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


def _local(url: str, base: str) -> str:
    """A link from a mail (written with SITE_URL) on the live test server."""
    return base + re.sub(r"^https?://[^/]+", "", url)


def test_subscribe_confirm_digest_and_unsubscribe(demo_site, page, browser, tmp_path):
    mail.outbox.clear()
    s = Session(page, demo_site.url)
    page.goto(demo_site.url + "/nyheter/")
    page.get_by_role("link", name="Prenumerera via e-post").click()
    s.check("sign-up form")
    page.get_by_label("Din e-postadress").fill(RESIDENT)
    page.get_by_label("Nyheter", exact=True).check()
    page.wait_for_timeout((antispam.MIN_AGE + 0.5) * 1000)  # a person takes longer than a robot
    s.button("Prenumerera")
    assert page.get_by_role("heading", level=1).inner_text() == "Kontrollera din e-post"
    s.check("check your e-mail")

    [request] = _to(RESIDENT)
    assert request.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    confirm = re.search(r"http\S+/prenumerera/bekrafta/\S+/", request.body).group(0)
    page.goto(_local(confirm, demo_site.url))
    s.check("confirm")
    assert not Subscription.objects.get(email=RESIDENT).is_confirmed  # opening is not enough
    s.button("Bekräfta prenumerationen")
    assert "Prenumerationen är bekräftad" in page.content()
    s.check("confirmed")
    page.get_by_role("link", name="Ändra vad du får").click()
    s.check("change choices")

    # Staff publish a news item; the daily job sends the digest.
    municipality = Municipality.objects.get(slug="ale")
    actor = coordinator_of(municipality)
    item = news_services.create_news_item(
        actor=actor,
        municipality=municipality,
        changes={"title_sv": "Vänortsbesök i Alafors", "body_sv": "Gäster från Kaufungen."},
    )
    news_services.publish_news_item(item=item, actor=actor)
    call_command("send_digests", stdout=(tmp_path / "out.txt").open("w"))
    [_, digest] = _to(RESIDENT)
    assert "Vänortsbesök i Alafors" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    call_command("send_digests", stdout=(tmp_path / "again.txt").open("w"))
    assert len(_to(RESIDENT)) == 2  # a second run sends nothing

    # The link at the end of the digest: a page with one button.
    unsubscribe = re.search(r"http\S+/prenumerera/avsluta/\S+/", digest.body).group(0)
    page.goto(_local(unsubscribe, demo_site.url))
    s.check("unsubscribe")
    assert Subscription.objects.filter(email=RESIDENT).exists()  # opening is not enough
    s.button("Avsluta prenumerationen")
    assert page.get_by_role("heading", level=1).inner_text() == "Du prenumererar inte längre"
    s.check("unsubscribed")
    assert not Subscription.objects.filter(email=RESIDENT).exists()

    # The demo's example subscriber got the digest too; their mail program unsubscribes
    # with the header's one-click POST, from a context with no cookies of the site.
    [example_digest] = _to(EXAMPLE_ADDRESS)
    header = example_digest.extra_headers["List-Unsubscribe"]
    mail_program = browser.new_context()
    try:
        response = mail_program.request.post(
            _local(header.strip("<>"), demo_site.url),
            form={"List-Unsubscribe": "One-Click"},
        )
    finally:
        mail_program.close()
    assert response.status == 200
    assert not Subscription.objects.filter(email=EXAMPLE_ADDRESS).exists()

    assert page.console_errors == []  # e.g. a Content-Security-Policy refusal
    # The links once they no longer work: a page that says so (the browser logs the 404).
    assert page.goto(_local(unsubscribe, demo_site.url)).status == 404
    assert "Ingen prenumeration hittades" in page.content()
    s.check("unsubscribe link, already unsubscribed")
    assert page.goto(_local(confirm, demo_site.url)[:-4] + "xyz/").status == 404
    assert "Länken fungerar inte" in page.content()
    s.check("altered confirmation link")
    page.goto(demo_site.url + "/en/prenumerera/")
    s.check("English sign-up form")
    assert s.failures == {}
    assert all("404" in error for error in page.console_errors), page.console_errors
