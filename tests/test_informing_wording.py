"""What the coordinator and the departments read on the pages of issue 14 (EU monitoring,
funding calls, the groups, the report's "Information, EU-bevakning och kompetensutveckling"):
Swedish that agrees with itself, dates in the staff pages' forms, no framework defaults, and
a way back from every tab. Found by looking at the pages (review of 2026-11-30)."""

import datetime as dt
import io
import re
from decimal import Decimal

import docx
import pytest
from django.utils import timezone

from projektdatabas.groups import services as group_services
from projektdatabas.groups.models import FollowUp, Group, GroupKind, GroupMember, Meeting, Training
from projektdatabas.monitoring import services as eu_services
from projektdatabas.monitoring.models import Concern, ItemKind
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _item(world, municipality, title="Direktiv om tillgängliga digitala tjänster"):
    return eu_services.create_item(
        actor=world["users"]["coordinator"],
        municipality=municipality,
        changes={"kind": ItemKind.LEGISLATION, "title": title, "channel": "eur_lex"},
    )


def _concern(item, department, days):
    return Concern.objects.create(
        item=item,
        department=department,
        reason="Skolornas webbplatser.",
        answer_due=TODAY() + dt.timedelta(days=days),
    )


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_start_page_counts_awaited_answers_in_swedish_that_agrees(world, municipality, client):
    item = _item(world, municipality)
    _concern(item, world["school"], days=-3)  # late
    _concern(item, world["department"], days=10)
    sign_in(client, world["users"]["coordinator"])
    home = _text(client.get("/intern/").content.decode())
    # Was "2 svar från förvaltningar väntas, 1 försenade."
    assert "2 svar från förvaltningar väntas. 1 av dem är försenat." in home

    Concern.objects.filter(answer_due__lt=TODAY()).update(
        answered_at=timezone.now(), concerns_us=False
    )
    home = _text(client.get("/intern/").content.decode())
    assert "1 svar från en förvaltning väntas." in home
    assert "av dem" not in home  # nothing late: not "0 av dem är försenade"


def test_an_eu_items_status_agrees_with_the_noun(world, municipality, client):
    closed = _item(world, municipality, title="Stängt ärende")
    eu_services.close_item(item=closed, actor=world["users"]["coordinator"])
    _item(world, municipality, title="Öppet ärende")
    sign_in(client, world["users"]["coordinator"])
    page = _text(client.get("/intern/eu-bevakning/?status=closed").content.decode())
    assert "Stängt" in page and "Stängd" not in page  # "ärendet är stängt", as "öppet"
    page = _text(client.get(f"/intern/eu-bevakning/{closed.pk}/").content.decode())
    assert "Status: stängt" in page


def test_no_answer_awaited_is_not_said_as_everyone_has_answered(world, municipality, client):
    sign_in(client, world["users"]["coordinator"])
    page = client.get("/intern/eu-bevakning/").content.decode()
    # Nobody was asked anything: "Alla tillfrågade förvaltningar har svarat" was untrue.
    assert "Inga svar från förvaltningar väntas." in page
    assert "Alla tillfrågade förvaltningar har svarat" not in page


def test_a_required_choice_drawn_as_radio_buttons_has_no_choose_button(world, municipality, client):
    sign_in(client, world["users"]["coordinator"])
    for address in ("/intern/eu-bevakning/ny/", "/intern/grupper/ny/"):
        page = client.get(address).content.decode()
        radios = re.findall(r'<input type="radio" name="kind" value="([^"]*)"[^>]*>', page)
        assert radios and "" not in radios, address  # "Välj …" was a ticked answer
        assert "checked" not in " ".join(re.findall(r'<input type="radio" name="kind"[^>]*>', page))
    response = client.post(
        "/intern/eu-bevakning/ny/", {"title": "En förordning", "channel": "eur_lex"}
    )
    assert response.status_code == 200
    assert "This field is required" not in response.content.decode()


def test_the_answer_pages_heading_keeps_the_departments_long_name_apart(
    world, municipality, client
):
    item = _item(world, municipality)
    concern = _concern(item, world["school"], days=10)
    sign_in(client, world["users"]["other_rep"])
    page = client.get(f"/intern/eu-bevakning/svar/{concern.pk}/").content.decode()
    heading = _text(re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)).strip()
    # "Berör det Utbildningsförvaltningen?" broke inside the name on a phone.
    assert heading == "Utbildningsförvaltningen Berör det er förvaltning?"
    assert '<span class="caption" lang="sv">Utbildningsförvaltningen</span>' in page or (
        '<span class="caption">Utbildningsförvaltningen</span>' in page
    )


@pytest.fixture
def meeting(world, municipality):
    coordinator = world["users"]["coordinator"]
    group = group_services.save_group(
        group=Group(municipality=municipality, kind=GroupKind.MANAGEMENT, name="Ledningsgruppen"),
        actor=coordinator,
    )
    group_services.save_member(
        member=GroupMember(
            group=group, name="Alva Kommunalråd", role="Kommunalråd", starts_on=dt.date(2025, 1, 1)
        ),
        actor=coordinator,
    )
    return group_services.save_meeting(
        meeting=Meeting(group=group, date=dt.date(2026, 11, 10)), actor=coordinator
    )


def test_the_start_pages_follow_up_points_give_swedish_dates(world, meeting, client):
    coordinator = world["users"]["coordinator"]
    group_services.save_follow_up(
        follow_up=FollowUp(
            meeting=meeting,
            text="Ta fram ett förslag till utbildningsdag.",
            owner_user=coordinator,
            due_on=dt.date(2099, 12, 25),
        ),
        actor=coordinator,
    )
    sign_in(client, coordinator)
    home = _text(client.get("/intern/").content.decode())
    # Was "… förslag till utbildningsdag. – klart senast 2099-12-25 (Ledningsgruppen, 2026-11-10)"
    assert "klart senast 25 dec 2099 · Ledningsgruppen, möte 10 nov 2026" in home
    assert "2099-12-25" not in home


def test_a_member_without_an_end_is_a_member_since(world, meeting, client):
    sign_in(client, world["users"]["coordinator"])
    page = client.get(f"/intern/grupper/{meeting.group.pk}/").content.decode()
    assert '<td class="nowrap">sedan 2025-01-01</td>' in page  # was "2025-01-01–", broken


def test_every_groups_tab_keeps_the_tabs(world, client):
    sign_in(client, world["users"]["coordinator"])
    for address in (
        "/intern/grupper/",
        "/intern/kompetensutveckling/",
        "/intern/samordningsgrupp/",
    ):
        page = client.get(address).content.decode()
        tabs = re.search(r'<nav class="subnav".*?</nav>', page, re.S)
        assert tabs, address  # the coordination group's tab led to a page without them
        assert all(
            href in tabs.group(0)
            for href in (
                "/intern/grupper/",
                "/intern/kompetensutveckling/",
                "/intern/samordningsgrupp/",
            )
        )


def test_the_outlook_tabs_stand_in_the_same_place_on_both_pages(world, client):
    sign_in(client, world["users"]["coordinator"])
    for address in ("/intern/eu-bevakning/", "/intern/utlysningar/"):
        page = client.get(address).content.decode()
        assert page.index("<h1>") < page.index('<nav class="subnav"'), address


def test_the_reports_training_lines_read_as_swedish_in_the_pdf_page_and_the_word_file(
    world, municipality, client
):
    coordinator = world["users"]["coordinator"]
    group_services.save_training(
        training=Training(
            municipality=municipality,
            title="Studiebesök i Kaufungen",
            kind="study_visit",
            starts_on=dt.date(2026, 3, 2),
            staff_count=3,
            elected_count=1,
            cost_sek=Decimal("38500"),
        ),
        actor=coordinator,
    )
    sign_in(client, coordinator)
    page = _text(client.get("/intern/rapporter/2026/1/").content.decode())
    # Was "3 personal, 1 förtroendevalda": neither is Swedish.
    assert "personal 3, förtroendevalda 1, 38 500 kr" in page.replace("\xa0", " ")
    word = docx.Document(io.BytesIO(client.get("/intern/rapporter/2026/1/rapport.docx").content))
    lines = [p.text.replace("\xa0", " ") for p in word.paragraphs]
    assert any("personal 3, förtroendevalda 1, 38 500 kr" in line for line in lines)
    assert not any("3 personal" in line for line in lines)


# --- the residents' forms ---------------------------------------------------------------


def test_an_empty_subscription_asks_for_the_address_in_its_own_words(municipality, client):
    page = client.post("/prenumerera/", {}).content.decode()
    assert "Skriv din e-postadress." in page
    assert "Detta fält måste fyllas i" not in page  # Django's default, said of any field


def test_a_question_label_takes_no_colon_in_the_error_summary(make_project, publish, client):
    project = make_project(
        kind="twin_town_exchange",
        status="approved",
        title_sv="Ungdomsutbyte med vänorten",
        slug="ungdomsutbyte",
        interest_kinds=["host_family", "participant"],
        interest_until=TODAY() + dt.timedelta(days=30),
    )
    publish(project)
    page = client.post(f"/projekt/{project.pk}-ungdomsutbyte/anmal-intresse/", {}).content.decode()
    summary = page[
        page.index('class="error-summary"') : page.index("</div>", page.index("error-summary"))
    ]
    assert "Vad gäller din anmälan? Välj minst ett av alternativen." in summary
    assert "?:" not in summary
    assert "Ditt namn: Skriv ditt namn." in summary  # other labels keep theirs


def test_a_follow_up_without_an_owner_is_told_so_once(world, meeting, client):
    sign_in(client, world["users"]["coordinator"])
    page = client.post(
        f"/intern/moten/{meeting.pk}/uppfoljning/ny/",
        {"text": "Något", "due_on": "2099-01-01"},
    ).content.decode()
    summary = page[
        page.index('class="error-summary"') : page.index("</div>", page.index("error-summary"))
    ]
    assert summary.count("Välj en ansvarig: en medlem eller en medarbetare.") == 1


def test_the_privacy_notice_names_the_groups_and_trainings_personal_data(municipality, client):
    # The groups' members (elected members' addresses too) and who took part in a training
    # are personal data the notice did not mention.
    page = _text(client.get("/personuppgifter/").content.decode())
    assert "För ledningsgruppen och samordningsgruppen lagrar vi medlemmarnas namn" in page
    assert "om samordnaren skriver det, vilka" in page


def test_the_privacy_notice_names_the_municipality_in_whole_swedish(municipality, client):
    """ "dokumenterar Ale kommun internationella projekt" lacked its genitive."""
    page = _text(client.get("/personuppgifter/").content.decode())
    name = municipality.name
    assert f"de internationella projekt och utbyten som {name} driver eller deltar i" in page
    assert f"dokumenterar {name} internationella" not in page
