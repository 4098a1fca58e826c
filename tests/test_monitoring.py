"""EU monitoring (issue 14, part 2): the register, routing to departments and their answers,
the reminders of those who have not answered, the imports from feeds and CSV, and the
half-year figures. The feeds are sample files in tests/data/: no test touches the network."""

import datetime as dt
import io
import ipaddress
import time
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from projektdatabas.monitoring import feeds, imports, services
from projektdatabas.monitoring.figures import half_year_figures
from projektdatabas.monitoring.models import Concern, EUItem, ItemKind, ItemStatus
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
TODAY = timezone.localdate


def _item(world, municipality, **fields):
    changes = {
        "kind": ItemKind.LEGISLATION,
        "title": "Förordning om förenklade kostnadsalternativ i ESF+",
        "celex": "32026R1778",
        "channel": "eur_lex",
        **fields,
    }
    return services.create_item(
        actor=world["users"]["coordinator"], municipality=municipality, changes=changes
    )


def _route(world, item, department, due):
    return services.route_item(
        item=item,
        actor=world["users"]["coordinator"],
        department=department,
        reason="Påverkar hur projekt redovisar kostnader.",
        answer_due=due,
    )


def _reminders(today, capture):
    with capture(execute=True):
        call_command("send_reminders", today=today.isoformat(), stdout=io.StringIO())


# --- routing, answering, reminding -------------------------------------------------------


def test_an_item_routed_to_two_departments_one_answers_the_other_is_reminded(
    world, municipality, django_capture_on_commit_callbacks
):
    users = world["users"]
    rep, other = users["rep"], users["other_rep"]  # Kommunstyrelseförvaltningen, Utbildning
    due = TODAY() + dt.timedelta(days=30)
    item = _item(world, municipality)
    with django_capture_on_commit_callbacks(execute=True):
        answered = _route(world, item, world["department"], due)
        waiting = _route(world, item, world["school"], due)
    # Each department's representatives are told, after the commit, with where to answer.
    routed = {tuple(m.to): m for m in mail.outbox}
    assert set(routed) == {(rep.email,), (other.email,)}
    assert f"/intern/eu-bevakning/svar/{waiting.pk}/" in routed[(other.email,)].body
    assert due.isoformat() in routed[(other.email,)].subject

    services.answer_concern(
        concern=answered, actor=rep, concerns_us=True, meaning="Ändrad redovisning.", action="Ja."
    )
    # The coordinator reads the department's answer in the third person, not "Berör det oss?".
    client = Client()
    sign_in(client, users["coordinator"])
    page = client.get(f"/intern/eu-bevakning/{item.pk}/").content.decode()
    assert "Berör det förvaltningen?</strong> Ja" in page and "Berör det oss?" not in page
    assert "Vad det innebär för förvaltningen:" in page
    # The history names the person who answered, not their user name.
    history = page[page.index("Historik") :]
    assert rep.get_full_name() in history and f">{rep.username}<" not in history
    assert "örvaltningen" in history and "Berör oss" not in history and "för oss" not in history
    mail.outbox.clear()

    _reminders(due - dt.timedelta(days=14), django_capture_on_commit_callbacks)
    _reminders(due + dt.timedelta(days=7), django_capture_on_commit_callbacks)
    about_answers = [m for m in mail.outbox if "Utbildningsförvaltningen" in m.subject]
    assert len(about_answers) == 2  # two weeks before, and a week late
    for message in about_answers:
        assert set(message.to) == {other.email, users["coordinator"].email}
    # The department that answered is reminded of nothing.
    assert not [m for m in mail.outbox if rep.email in m.to]
    assert not [m for m in mail.outbox if "Kommunstyrelseförvaltningen" in m.subject]

    # Once the other answers too, a later run sends nothing more about the item.
    services.answer_concern(concern=waiting, actor=other, concerns_us=False)
    mail.outbox.clear()
    _reminders(due + dt.timedelta(days=8), django_capture_on_commit_callbacks)
    assert not [m for m in mail.outbox if "ESF+" in m.subject]


def test_the_calendar_links_the_answer_form_and_the_reminder_gives_its_address(
    world, municipality, client, settings, django_capture_on_commit_callbacks
):
    """The calendar page printed "Svara här: http://127.0.0.1:8000/intern/eu-bevakning/…"
    as text nobody could click; the address belongs in the reminder mail, a link on the page."""
    due = TODAY() + dt.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        concern = _route(world, _item(world, municipality), world["department"], due)
    path = f"/intern/eu-bevakning/svar/{concern.pk}/"
    sign_in(client, world["users"]["rep"])
    page = client.get("/intern/kalender/").content.decode()
    assert f'<a href="{path}">Svara här</a>' in page
    assert f"{settings.SITE_URL}{path}" not in page
    assert client.get(path).status_code == 200
    # Anyone else sees the date but no link: the form had answered them "Inte tillgängligt
    # för dig" (a department answers for itself; not even the coordinator answers for it).
    for other in ("other_rep", "coordinator"):
        sign_in(client, world["users"][other])
        page = client.get("/intern/kalender/").content.decode()
        assert "svarar på EU-ärendet" in page and path not in page
        assert client.get(path).status_code == 403
    mail.outbox.clear()
    _reminders(due - dt.timedelta(days=14), django_capture_on_commit_callbacks)
    (reminder,) = [m for m in mail.outbox if world["users"]["rep"].email in m.to]
    assert f"Berör det er, vad betyder det, vad gör ni?\n{settings.SITE_URL}{path}" in reminder.body


def test_a_closed_item_stops_the_reminders(world, municipality, django_capture_on_commit_callbacks):
    due = TODAY() + dt.timedelta(days=30)
    item = _item(world, municipality)
    _route(world, item, world["school"], due)
    services.close_item(item=item, actor=world["users"]["coordinator"])
    mail.outbox.clear()
    _reminders(due - dt.timedelta(days=14), django_capture_on_commit_callbacks)
    _reminders(due + dt.timedelta(days=7), django_capture_on_commit_callbacks)
    assert not [m for m in mail.outbox if "ESF+" in m.subject]


def test_only_the_departments_own_representative_answers(world, municipality, client):
    item = _item(world, municipality)
    concern = _route(world, item, world["department"], TODAY() + dt.timedelta(days=10))
    for role in ("other_rep", "coordinator", "reader"):
        with pytest.raises(PermissionDenied):
            services.answer_concern(concern=concern, actor=world["users"][role], concerns_us=False)
    sign_in(client, world["users"]["other_rep"])
    url = f"/intern/eu-bevakning/svar/{concern.pk}/"
    response = client.post(url, {"concerns_us": "no"})
    assert response.status_code == 403
    assert "Kommunstyrelseförvaltningen" in response.content.decode()  # says whose it is
    concern.refresh_from_db()
    assert not concern.is_answered

    sign_in(client, world["users"]["rep"])
    # "Ja" needs what it means: refused on the field, in Swedish.
    refused = client.post(url, {"concerns_us": "yes", "meaning": ""})
    assert "Säg vad det betyder för förvaltningen" in refused.content.decode()
    response = client.post(
        url, {"concerns_us": "yes", "meaning": "Nya krav.", "action": "Ses över."}
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.concerns_us is True and concern.answered_by == world["users"]["rep"]


def test_the_department_sees_its_questions_and_the_coordinator_what_is_late(
    world, municipality, client
):
    item = _item(world, municipality, title="Direktiv om tillgängliga digitala tjänster")
    late = Concern.objects.create(
        item=item,
        department=world["school"],
        reason="Skolornas webbplatser.",
        answer_due=TODAY() - dt.timedelta(days=3),
    )
    sign_in(client, world["users"]["other_rep"])
    home = client.get("/intern/").content.decode()
    assert "Direktiv om tillgängliga digitala tjänster" in home
    assert f"/intern/eu-bevakning/svar/{late.pk}/" in home
    sign_in(client, world["users"]["rep"])  # another department: not asked
    assert (
        "Direktiv om tillgängliga digitala tjänster" not in client.get("/intern/").content.decode()
    )

    sign_in(client, world["users"]["coordinator"])
    home = client.get("/intern/").content.decode()
    assert "1 svar från en förvaltning väntas. 1 av dem är försenat." in home
    page = client.get("/intern/eu-bevakning/?svar=forsenade").content.decode()
    assert "Direktiv om tillgängliga digitala tjänster" in page
    assert "försenat" in page.lower()  # flagged
    assert "Utbildningsförvaltningen" in page  # the overview names the department
    late.answered_at, late.concerns_us = timezone.now(), False
    late.save()
    page = client.get("/intern/eu-bevakning/?svar=forsenade").content.decode()
    assert "Direktiv om tillgängliga digitala tjänster" not in page


def test_routing_refuses_a_past_date_and_a_department_twice(world, municipality):
    item = _item(world, municipality)
    with pytest.raises(ValidationError) as error:
        _route(world, item, world["school"], TODAY() - dt.timedelta(days=1))
    assert "answer_due" in error.value.error_dict
    _route(world, item, world["school"], TODAY() + dt.timedelta(days=5))
    with pytest.raises(ValidationError) as error:
        _route(world, item, world["school"], TODAY() + dt.timedelta(days=5))
    assert "department" in error.value.error_dict
    with pytest.raises(PermissionDenied):
        services.route_item(
            item=item,
            actor=world["users"]["rep"],
            department=world["department"],
            reason="x",
            answer_due=TODAY(),
        )


def test_an_archived_items_edit_address_says_so_before_anything_is_typed(
    world, municipality, client
):
    coordinator = world["users"]["coordinator"]
    item = _item(world, municipality, celex="32026R0042", title="Arkiverad")
    services.archive_item(item=item, actor=coordinator)
    sign_in(client, coordinator)
    response = client.get(f"/intern/eu-bevakning/{item.pk}/redigera/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/intern/eu-bevakning/{item.pk}/"
    assert "Ett arkiverat EU-ärende kan inte ändras" in html and 'name="title"' not in html


def test_an_item_is_archived_not_deleted_and_its_changes_are_kept(world, municipality):
    item = _item(world, municipality)
    coordinator = world["users"]["coordinator"]
    services.save_item(item=item, actor=coordinator, changes={"summary_sv": "Ny sammanfattning."})
    services.archive_item(item=item, actor=coordinator)
    with pytest.raises(Exception, match="arkivera"):
        item.delete()
    assert EUItem.objects.get(pk=item.pk).status == ItemStatus.ARCHIVED
    assert item.history.count() == 3  # created, edited, archived
    from projektdatabas.core.models import AuditEntry

    actions = set(
        AuditEntry.objects.filter(object_id=str(item.pk)).values_list("action", flat=True)
    )
    assert {"eu_item.created", "eu_item.edited", "eu_item.archived"} <= actions


def test_a_celex_number_is_checked_on_the_form(world, municipality, client):
    sign_in(client, world["users"]["coordinator"])
    data = {"kind": "legislation", "title": "En förordning", "channel": "eur_lex"}
    response = client.post("/intern/eu-bevakning/ny/", {**data, "celex": "förordning 1778"})
    assert "Ett CELEX-nummer ser ut som 32026R1778" in response.content.decode()
    assert not EUItem.objects.exists()
    response = client.post("/intern/eu-bevakning/ny/", {**data, "celex": "celex:32026r1778"})
    assert EUItem.objects.get().celex == "32026R1778"
    # The same number again, in another spelling: refused at its field with what was typed
    # kept (it had reached the database's constraint and answered with a server error).
    again = {**data, "title": "Samma förordning igen", "celex": "32026r1778"}
    response = client.post("/intern/eu-bevakning/ny/", again)
    html = response.content.decode()
    assert response.status_code == 200
    assert "redan registrerat" in html and "Samma förordning igen" in html
    other = client.post("/intern/eu-bevakning/ny/", {**data, "celex": "32026R1779"})
    assert other.status_code == 302
    edited = EUItem.objects.get(celex="32026R1779")
    form = client.get(f"/intern/eu-bevakning/{edited.pk}/redigera/").content.decode()
    version = form.split('name="version" value="')[1].split('"')[0]
    response = client.post(
        f"/intern/eu-bevakning/{edited.pk}/redigera/",
        {**data, "celex": "32026R1778", "version": version},
    )
    assert response.status_code == 200 and "redan registrerat" in response.content.decode()
    assert EUItem.objects.filter(celex="32026R1778").count() == 1


def test_an_items_link_is_a_web_address_only(world, municipality, client):
    # Shown as a link on the item's page: ftp:// (which Django's URLField takes) is refused.
    sign_in(client, world["users"]["coordinator"])
    data = {"kind": "legislation", "title": "En förordning", "channel": "eur_lex"}
    response = client.post("/intern/eu-bevakning/ny/", {**data, "link": "ftp://example.org/a"})
    assert "Ange en adress som börjar med https://" in response.content.decode()
    assert not EUItem.objects.exists()
    client.post("/intern/eu-bevakning/ny/", {**data, "link": "eur-lex.europa.eu/a"})
    assert EUItem.objects.get().link == "https://eur-lex.europa.eu/a"


# --- the calendar ----------------------------------------------------------------------


def test_the_dates_are_in_the_staff_calendar_and_not_in_the_public_feed(
    world, municipality, client
):
    closes = TODAY() + dt.timedelta(days=40)
    item = _item(
        world,
        municipality,
        kind=ItemKind.CONSULTATION,
        title="Samråd om ungdomsutbyten",
        celex="",
        link="https://example.org/samrad",
        consultation_closes=closes,
    )
    _route(world, item, world["school"], TODAY() + dt.timedelta(days=20))
    public = client.get("/styrningskalender.ics").content.decode()
    assert "Samr" not in public and "eu-" not in public

    sign_in(client, world["users"]["reader"])
    staff = client.get("/intern/kalender/").content.decode()
    assert "Samråd om ungdomsutbyten" in staff
    assert "Utbildningsförvaltningen" in staff  # who answers, by when


# --- imports ---------------------------------------------------------------------------


def _candidates(name, channel="eur_lex", kind="legislation"):
    content = (DATA / name).read_bytes()
    if name.endswith(".csv"):
        return imports.from_csv(name, content, channel=channel, default_kind=kind)
    return imports.from_feed(feeds.parse_feed(content), channel=channel, default_kind=kind)


def test_the_rss_feed_is_read_as_eur_lex_writes_it():
    first, second, third = _candidates("eurlex-oj-l.rss", kind="decision")
    assert first.celex == "32026R1778" and first.kind == "legislation"  # R: a regulation
    assert first.title.startswith("Kommissionens genomförandeförordning (EU) 2026/1778")
    assert (
        first.summary == "Förordning om förenklade kostnadsalternativ i ESF+.\n"
        "Gäller projekt som beviljas från 2027."
    )
    assert first.published_on == "2026-02-25"
    assert second.celex == "32026L0412"  # from the title, without dc:identifier
    assert third.celex == "" and third.kind == "decision"  # no CELEX: the chosen kind
    assert third.guid.endswith("OJ:L_202601957")


def test_the_atom_feed_is_read():
    communication, consultation = _candidates("publications-office.atom", channel="commission")
    assert communication.celex == "52026DC0120" and communication.kind == "policy"
    assert (
        communication.summary
        == "Kommissionen föreslår åtgärder för bostäder, & stöd till kommuner."
    )
    assert communication.link.endswith("uri=CELEX:52026DC0120")
    assert (
        consultation.link.endswith("/initiatives/12345")
        and consultation.published_on == "2026-03-01"
    )


@pytest.mark.parametrize(
    "name,count", [("eurlex-oj-l.rss", 3), ("publications-office.atom", 2), ("eu-items.csv", 3)]
)
def test_importing_the_same_file_again_adds_nothing(world, municipality, name, count):
    coordinator = world["users"]["coordinator"]
    first = imports.import_items(
        municipality=municipality, actor=coordinator, candidates=_candidates(name), source=name
    )
    assert (len(first.created), first.skipped) == (count, 0)
    again = imports.import_items(
        municipality=municipality, actor=coordinator, candidates=_candidates(name), source=name
    )
    assert (len(again.created), again.skipped) == (0, count)
    assert EUItem.objects.count() == count


def test_a_feed_and_a_csv_naming_the_same_act_make_one_item(world, municipality):
    coordinator = world["users"]["coordinator"]
    for name in ("eurlex-oj-l.rss", "eu-items.csv"):
        imports.import_items(
            municipality=municipality, actor=coordinator, candidates=_candidates(name), source=name
        )
    assert EUItem.objects.filter(celex="32026L0412").count() == 1
    assert EUItem.objects.count() == 5  # 3 from the feed, 2 more from the file


def test_the_csv_columns_are_read(world, municipality):
    directive, consultation, report = _candidates("eu-items.csv")
    assert directive.transposition_deadline == "2028-02-11" and directive.channel == "eur_lex"
    assert consultation.kind == "consultation" and consultation.channel == "west_sweden"
    assert consultation.consultation_closes == "2026-05-15"
    assert report.kind == "report" and report.channel == "gr"


def test_a_nul_character_in_a_csv_cell_is_dropped_not_a_failed_save(world, municipality):
    # PostgreSQL refuses text with a NUL (the import's save failed with a server error);
    # a spreadsheet shows it as nothing, so nothing is lost by leaving it out.
    content = (
        "typ;titel;celex;sammanfattning\nlagstiftning;Förord\x00ning;32026R0006;Se\x00 vidare\n"
    ).encode()
    candidates = imports.from_csv("nul.csv", content, channel="eur_lex", default_kind="legislation")
    imports.import_items(
        municipality=municipality,
        actor=world["users"]["coordinator"],
        candidates=candidates,
        source="nul.csv",
    )
    item = EUItem.objects.get(celex="32026R0006")
    assert (item.title, item.summary_sv) == ("Förordning", "Se vidare")


def test_a_csv_with_bad_rows_writes_nothing_and_names_them(world, municipality, client):
    with pytest.raises(imports.ImportRefused) as refused:
        _candidates("eu-items-bad-row.csv")
    errors = refused.value.errors
    assert len(errors) == 2
    assert errors[0].startswith("Rad 3:") and "11 februari" in errors[0]
    assert errors[1].startswith("Rad 4:") and "CELEX-nummer eller en länk" in errors[1]

    sign_in(client, world["users"]["coordinator"])
    upload = SimpleUploadedFile("eu.csv", (DATA / "eu-items-bad-row.csv").read_bytes())
    page = client.post(
        "/intern/eu-bevakning/import/", {"file": upload, "channel": "gr", "kind": "report"}
    ).content.decode()
    assert "Inget sparades" in page and "Rad 3:" in page and "Rad 4:" in page
    assert not EUItem.objects.exists()


def test_import_through_the_pages_previews_then_saves(world, municipality, client):
    sign_in(client, world["users"]["coordinator"])
    upload = SimpleUploadedFile("oj-l.xml", (DATA / "eurlex-oj-l.rss").read_bytes())
    preview = client.post(
        "/intern/eu-bevakning/import/", {"file": upload, "channel": "eur_lex", "kind": "decision"}
    )
    page = preview.content.decode()
    assert "Registrera 3 nya" in page
    # Each kind by its Swedish name, not the stored code.
    assert "<td>Lagstiftning (direktiv, förordning)</td>" in page and "<td>legislation" not in page
    assert not EUItem.objects.exists()  # nothing before the confirmation
    payload = preview.context["preview"]["payload"]
    done = client.post("/intern/eu-bevakning/import/", {"confirm": "1", "payload": payload})
    assert done.status_code == 302
    assert EUItem.objects.count() == 3
    # Confirming the same preview again (a second click, the back button) adds nothing.
    client.post("/intern/eu-bevakning/import/", {"confirm": "1", "payload": payload})
    assert EUItem.objects.count() == 3
    # A payload changed in the browser is refused.
    tampered = payload[:-3] + ("AAA" if not payload.endswith("AAA") else "BBB")
    client.post("/intern/eu-bevakning/import/", {"confirm": "1", "payload": tampered})
    assert EUItem.objects.count() == 3


def test_the_csv_template_downloads_with_its_columns(world, client):
    sign_in(client, world["users"]["coordinator"])
    response = client.get("/intern/eu-bevakning/mall.csv")
    head = response.content.decode("utf-8-sig").splitlines()[0]
    assert head.split(";")[:3] == ['"typ"', '"titel"', '"celex"']


def test_a_document_type_declaration_is_refused_before_any_entity_expands():
    entities = '<!ENTITY a0 "xxxxxxxxxx">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]>'
        "<rss><channel><item><title>&a9;</title></item></channel></rss>"
    )
    started = time.monotonic()
    with pytest.raises(feeds.FeedRefused) as refused:
        feeds.parse_feed(bomb.encode())
    assert time.monotonic() - started < 1
    assert "dokumenttyp" in refused.value.errors[0]
    external = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>'
    )
    with pytest.raises(feeds.FeedRefused):
        feeds.parse_feed(external)


def test_an_html_page_or_other_xml_is_named_for_what_it_is():
    with pytest.raises(feeds.FeedRefused) as refused:
        feeds.parse_feed(b"<!DOCTYPE html><html><body>Service unavailable</body></html>")
    assert "webbsida" in refused.value.errors[0]
    with pytest.raises(feeds.FeedRefused) as refused:
        feeds.parse_feed(b"<?xml version='1.0'?><svg/>")
    assert "varken" in refused.value.errors[0]
    with pytest.raises(feeds.FeedRefused) as refused:
        feeds.parse_feed(b"<rss><channel><item><title>utan slut")
    assert "rad 1" in refused.value.errors[0]


def test_fetching_goes_only_to_public_addresses_and_reads_at_most_the_cap(monkeypatch):
    for address in ("file:///etc/passwd", "ftp://example.org/feed", "http://127.0.0.1:8000/"):
        with pytest.raises(feeds.FeedRefused):
            feeds.fetch(address)
    with pytest.raises(feeds.FeedRefused):
        feeds.fetch("http://[::1]/flode.xml")

    class Opener:
        def __init__(self, body):
            self.body, self.asked = body, []

        def open(self, request, timeout):
            self.asked.append((request.full_url, timeout))
            return io.BytesIO(self.body)

    monkeypatch.setattr(feeds, "_refuse_private", lambda host: None)  # no DNS in tests
    rss = (DATA / "eurlex-oj-l.rss").read_bytes()
    opener = Opener(rss)
    assert (
        feeds.fetch("https://eur-lex.europa.eu/SV/display-feed.rss?rssId=222", opener=opener) == rss
    )
    assert opener.asked[0][1] == feeds.FETCH_TIMEOUT
    with pytest.raises(feeds.FeedRefused) as refused:
        feeds.fetch("https://example.org/stort.xml", opener=Opener(b"x" * (feeds.MAX_BYTES + 10)))
    assert "2 MB" in refused.value.errors[0]


@pytest.mark.parametrize(
    "address",
    [
        "::127.0.0.1",
        "::ffff:127.0.0.1",
        "64:ff9b::7f00:1",
        "2002:7f00:1::",
        "2001:0:4136:e378:8000:63bf:80ff:fffe",
    ],
)
def test_an_ipv6_form_carrying_a_private_ipv4_address_is_not_public(address):
    assert not feeds.is_public(ipaddress.ip_address(address))


def test_a_name_that_answers_a_private_address_when_connecting_is_refused(monkeypatch):
    """DNS rebinding: the name looked public when checked, then the connection went to
    this machine. The address actually connected to is checked too."""
    import http.server
    import threading

    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(feeds, "_refuse_private", lambda host: None)  # "looked public"
    monkeypatch.setattr(feeds.urllib.request, "getproxies", dict)  # no proxy configured here
    try:
        with pytest.raises(feeds.FeedRefused, match="ingen adress på internet"):
            feeds.fetch(f"http://127.0.0.1:{server.server_port}/")
    finally:
        server.shutdown()
        server.server_close()
    assert feeds.is_public(ipaddress.ip_address("2a00:1450:4001::1"))


# --- figures for the semi-annual report --------------------------------------------------


def test_half_year_figures_count_each_answer_by_its_due_date(world, municipality):
    today = TODAY()
    start, end = today - dt.timedelta(days=60), today + dt.timedelta(days=60)
    item = _item(world, municipality)
    _item(world, municipality, celex="32026R0001", title="Äldre")  # registered in the period
    old = _item(world, municipality, celex="32025R0001", title="Förra året")
    EUItem.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    Committee = type(world["board"])
    Department = type(world["department"])
    departments = [world["department"], world["school"]] + [
        Department.objects.create(
            municipality=municipality,
            name=f"Förvaltning {n}",
            committee=Committee.objects.create(municipality=municipality, name=f"Nämnd {n}"),
        )
        for n in range(3)
    ]
    moment = lambda days: timezone.now() + dt.timedelta(days=days)  # noqa: E731
    rows = [  # (answer due, answered at)
        (today - dt.timedelta(days=10), moment(-12)),  # on time
        (today - dt.timedelta(days=10), moment(-5)),  # late
        (today - dt.timedelta(days=2), None),  # unanswered, past due
        (today + dt.timedelta(days=10), None),  # not yet due
        (today + dt.timedelta(days=90), None),  # due after the period
    ]
    for department, (due, answered) in zip(departments, rows, strict=True):
        Concern.objects.create(
            item=item,
            department=department,
            reason="Skäl",
            answer_due=due,
            answered_at=answered,
            concerns_us=None if answered is None else True,
        )
    figures = half_year_figures(municipality, start, end)
    assert figures.items_registered == 2
    assert figures.concerns_routed == 5
    # The four answer figures add up to every answer due in the period (four of five here).
    assert (
        figures.answered_on_time,
        figures.answered_late,
        figures.unanswered_past_due,
        figures.not_yet_due,
    ) == (1, 1, 1, 1)


# --- demo data ---------------------------------------------------------------------------


def test_the_demo_shows_every_state_of_an_answer(demo_data, client):
    items = EUItem.objects.filter(is_example_data=True)
    assert items.count() >= 3
    assert all(item.title.startswith("Exempel: ") for item in items)
    assert {item.channel for item in items} >= {"west_sweden", "gr"}
    concerns = list(Concern.objects.filter(item__in=items))
    today = TODAY()
    assert any(c.is_answered and not c.answered_late() for c in concerns)
    assert any(c.answered_late() for c in concerns)
    assert any(c.is_overdue(today) for c in concerns)
    assert any(not c.is_answered and c.answer_due >= today for c in concerns)
    assert all(c.answered_by for c in concerns if c.is_answered)  # the department's own rep

    from django.contrib.auth import get_user_model

    sign_in(client, get_user_model().objects.get(username="utbildning"))
    home = client.get("/intern/").content.decode()
    assert "Exempel: Samråd om ungdomsutbyten i Erasmus+ efter 2027" in home
    assert "försenat" in home


def test_a_feed_is_fetched_from_its_address_only_when_asked(
    world, municipality, client, monkeypatch
):
    from projektdatabas.staff.views import monitoring as views

    asked = []

    def fetch(url):
        asked.append(url)
        return (DATA / "publications-office.atom").read_bytes()

    monkeypatch.setattr(views, "fetch", fetch)  # no network in tests
    sign_in(client, world["users"]["coordinator"])
    client.get("/intern/eu-bevakning/import/")
    assert asked == []  # opening the page fetches nothing
    address = "https://op.europa.eu/feeds/new-documents.atom"
    preview = client.post(
        "/intern/eu-bevakning/import/", {"url": address, "channel": "commission", "kind": "report"}
    )
    assert asked == [address]
    assert "Registrera 2 nya" in preview.content.decode()
    client.post(
        "/intern/eu-bevakning/import/",
        {"confirm": "1", "payload": preview.context["preview"]["payload"]},
    )
    assert asked == [address]  # the confirmation saves what was shown, without fetching again
    assert set(EUItem.objects.values_list("channel", flat=True)) == {"commission"}


def test_the_pages_read_in_english_too(world, municipality, client):
    item = _item(world, municipality)
    _route(world, item, world["school"], TODAY() + dt.timedelta(days=3))
    sign_in(client, world["users"]["coordinator"])
    page = client.get("/en/intern/eu-bevakning/").content.decode()
    assert "Awaited answers" in page and "Register an EU item" in page
    page = client.get(f"/en/intern/eu-bevakning/{item.pk}/").content.decode()
    assert "Departments it concerns" in page and 'lang="sv"' in page


def test_entries_are_known_by_their_strongest_key(world, municipality):
    coordinator = world["users"]["coordinator"]
    by_hand = _item(
        world,
        municipality,
        celex="",
        link="https://eur-lex.europa.eu/legal-content/AUTO/?uri=CELEX:32026L0412",
    )
    feed = """<?xml version="1.0"?><rss version="2.0"><channel>
    <item><title>CELEX:32026L0412: Direktivet</title><guid>a</guid>
      <link>https://eur-lex.europa.eu/legal-content/AUTO/?uri=CELEX:32026L0412</link></item>
    <item><title>GR: nyhetsbrev mars</title><guid>gr-1</guid><link>https://goteborgsregionen.se/</link></item>
    <item><title>GR: nyhetsbrev april</title><guid>gr-2</guid><link>https://goteborgsregionen.se/</link></item>
    <item><title>CELEX:32026R1778: Förordningen</title><guid>b</guid><link>https://x.example/1</link></item>
    <item><title>CELEX:32026R1778: Förordningen igen</title><guid>c</guid><link>https://x.example/1</link></item>
    </channel></rss>""".encode()
    candidates = imports.from_feed(feeds.parse_feed(feed), channel="gr", default_kind="report")
    # The act listed twice is taken once, without an error nobody here could correct.
    assert [c.label for c in candidates] == ["Post 1", "Post 2", "Post 3", "Post 4"]
    result = imports.import_items(
        municipality=municipality, actor=coordinator, candidates=candidates, source="gr.xml"
    )
    # The directive registered by hand with its link is not registered again; two newsletters
    # linking to the same page are two items.
    assert (len(result.created), result.skipped) == (3, 1)
    assert EUItem.objects.filter(link__contains="32026L0412").get() == by_hand
    assert EUItem.objects.filter(link="https://goteborgsregionen.se/").count() == 2
