"""The regional coordinator reads every municipality of the region in the staff pages beyond
the projects: action plans and their measures, the governance calendar, news, funding
calls, EU monitoring, groups and competence development, each record named with its
municipality; every change there is refused with the regional coordinator's reason. A
municipality's coordinator still reads only their own, and another region's coordinator
none of this region's.

The world is test_staff_access_region's: Ale (its texts marked ALEHEMLIG) and Kungälv in
Göteborgsregionen, with a record of every kind each."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import sign_in
from tests.test_staff_access_region import SECRET, _ale_state, _person, _text
from tests.test_staff_access_region import region_world as region_world  # noqa: PLC0414
from tests.test_staff_access_region import world as world  # noqa: PLC0414

pytestmark = pytest.mark.django_db

REFUSAL = "Som regionsamordnare läser du kommunernas uppgifter men ändrar dem inte."


def _page(client, name, *args, query=""):
    response = client.get(reverse(f"staff:{name}", args=args) + query)
    assert response.status_code == 200, (name, response.status_code)
    return _text(response)


def test_the_regional_coordinator_reads_each_municipalitys_plans_and_measures(region_world, client):
    ale, kungalv = region_world["ale"], region_world["kungalv"]
    sign_in(client, region_world["regional"])
    listing = _page(client, "plans")
    assert f"{SECRET} plan" in listing
    assert f'href="{reverse("staff:plan", args=[kungalv["plan"].pk])}"' in listing
    # Two municipalities' plans: each row says whose it is.
    assert '<th scope="col">Kommun</th>' in listing
    assert f"<td>{SECRET} kommun</td>" in listing and "<td>Kungälvs kommun</td>" in listing
    detail = _page(client, "plan", ale["plan"].pk)
    assert f"{SECRET} åtgärd" in detail and f"{SECRET} kommun ·" in detail
    assert "Uppdatera framsteg från en fil" not in detail  # no way offered to a refusal
    workbook = client.get(reverse("staff:plan_export_xlsx", args=[ale["plan"].pk]))
    assert workbook.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(workbook))).active
    assert f"{SECRET} åtgärd" in [row[3] for row in sheet.iter_rows(values_only=True)]
    assert "En åtgärd" in _page(client, "plan_export", kungalv["plan"].pk)


def test_the_regional_coordinator_chooses_the_municipalitys_calendar(region_world, client):
    from projektdatabas.planning.models import Measure

    soon = timezone.localdate() + dt.timedelta(days=30)
    Measure.objects.filter(pk=region_world["ale"]["measure"].pk).update(deadline=soon)
    sign_in(client, region_world["regional"])
    first = _page(client, "calendar")  # the region's first municipality by name: Ale
    assert f"{SECRET} åtgärd" in first
    assert f"Visas: {SECRET} kommun." in first and 'href="?kommun=kungalv"' in first
    kungalv = _page(client, "calendar", query="?kommun=kungalv")
    assert "Visas: Kungälvs kommun." in kungalv and f"{SECRET} åtgärd" not in kungalv
    assert 'href="/kungalv/styrningskalender.ics"' in kungalv  # that municipality's feed
    assert client.get("/intern/kalender/?kommun=goteborg").status_code == 404


def test_the_regional_coordinator_reads_each_municipalitys_news_calls_and_eu_items(
    region_world, client
):
    ale, kungalv = region_world["ale"], region_world["kungalv"]
    sign_in(client, region_world["regional"])
    news = _page(client, "news")
    assert f"{SECRET} nyhet" in news and "Kungälvsnytt" in news
    assert "<td>Kungälvs kommun</td>" in news
    assert "Skriv en nyhet" not in news
    calls = _page(client, "calls")
    assert f"{SECRET} utlysning" in calls and "<td>Kungälvs kommun</td>" in calls
    call = _page(client, "call", ale["call"].pk)
    assert f"{SECRET} utlysning" in call and f"{SECRET} kommun ·" in call
    assert client.get(reverse("staff:call", args=[kungalv["call"].pk])).status_code == 200
    items = _page(client, "eu_items")
    assert f"{SECRET} EU-ärende" in items and "Förordning" in items
    assert "<td>Kungälvs kommun</td>" in items
    item = _page(client, "eu_item", ale["eu_concern"].item_id)
    assert f"{SECRET} EU-ärende" in item and f"{SECRET} kommun ·" in item


def test_the_regional_coordinator_reads_each_municipalitys_groups_and_trainings(
    region_world, client
):
    ale, kungalv = region_world["ale"], region_world["kungalv"]
    sign_in(client, region_world["regional"])
    groups = _page(client, "groups")
    assert f"{SECRET} grupp" in groups and "<td>Kungälvs kommun</td>" in groups
    group = _page(client, "group", ale["group"].pk)
    assert f"{SECRET} medlem" in group and f"{SECRET} kommun ·" in group
    assert client.get(reverse("staff:group", args=[kungalv["group"].pk])).status_code == 200
    assert _page(client, "group_meeting", ale["group_meeting"].pk)
    minutes = client.get(reverse("staff:group_minutes", args=[ale["group_meeting"].pk]))
    assert minutes.status_code == 200
    trainings = _page(client, "trainings", query="?kommun=ale")
    assert f"{SECRET} kurs" in trainings and "Kurs<br>" not in trainings
    assert "Kurs<br>" in _page(client, "trainings", query="?kommun=kungalv")


# What the regional coordinator may not do, on Ale's records: (url name, method, record key).
CHANGES = [
    ("plan_create", "GET", None),
    ("plan_edit", "GET", "plan"),
    ("plan_revise", "POST", "plan"),
    ("plan_import", "GET", "plan"),
    ("measure_create", "GET", "plan"),
    ("measure_edit", "GET", "measure"),
    ("measure_progress", "GET", "measure"),
    ("news_create", "GET", None),
    ("news_edit", "GET", "news"),
    ("news_status", "POST", "news"),
    ("call_create", "GET", None),
    ("call_edit", "GET", "call"),
    ("call_route", "POST", "call"),
    ("call_archive", "POST", "call"),
    ("call_answer", "GET", "routing"),
    ("eu_item_create", "GET", None),
    ("eu_item_edit", "GET", "eu_item"),
    ("eu_item_route", "GET", "eu_item"),
    ("eu_item_status", "POST", "eu_item"),
    ("eu_item_answer", "GET", "eu_concern"),
    ("group_create", "GET", None),
    ("group_edit", "GET", "group"),
    ("group_member_create", "GET", "group"),
    ("group_meeting_create", "GET", "group"),
    ("group_meeting_edit", "GET", "group_meeting"),
    ("group_follow_up_create", "GET", "group_meeting"),
    ("training_create", "GET", None),
    ("training_edit", "GET", "training"),
]

POSTED = {
    "plan_revise": {},
    "news_status": {"action": "publish"},
    "call_route": {"departments": []},
    "call_archive": {"action": "archive"},
    "eu_item_status": {"action": "close"},
}


def test_every_change_is_refused_with_the_regional_reason(region_world, client):
    from projektdatabas.planning.models import ActionPlan

    ale = region_world["ale"]
    records = {**ale, "eu_item": ale["eu_concern"].item}
    sign_in(client, region_world["regional"])
    before = (_ale_state(), ActionPlan.objects.count())
    failures = []
    for name, method, key in CHANGES:
        url = reverse(f"staff:{name}", args=[records[key].pk] if key else [])
        send = client.get if method == "GET" else client.post
        response = send(url, POSTED.get(name, {}))
        if response.status_code != 403 or REFUSAL not in response.content.decode():
            failures.append(f"{method} {url}: {response.status_code}")
    assert not failures, "\n".join(failures)
    assert (_ale_state(), ActionPlan.objects.count()) == before


def test_a_municipal_coordinator_still_reads_only_their_own(region_world, client):
    """Kungälv's coordinator: none of Ale's records in these lists, none of its pages."""
    ale = region_world["ale"]
    sign_in(client, region_world["users"]["coordinator"])
    for name in ("plans", "news", "calls", "eu_items", "groups", "trainings"):
        text = _page(client, name, query="?kommun=ale")
        assert SECRET not in text, name
        assert '<th scope="col">Kommun</th>' not in text, name  # one municipality: no column
    assert SECRET not in _page(client, "calendar", query="?kommun=ale")
    for name, key in (
        ("plan", "plan"),
        ("plan_export", "plan"),
        ("call", "call"),
        ("eu_item", "eu_item"),
        ("group", "group"),
        ("group_meeting", "group_meeting"),
    ):
        record = ale["eu_concern"].item if key == "eu_item" else ale[key]
        response = client.get(reverse(f"staff:{name}", args=[record.pk]))
        assert response.status_code in (403, 404), name


def test_another_regions_coordinator_reads_none_of_this_regions(region_world, client):
    """Fyrbodal's coordinator reads Uddevalla's news, and nothing of Göteborgsregionen's."""
    from projektdatabas.news.models import NewsItem
    from projektdatabas.organisations.models import Municipality, Region

    fyrbodal = Region.objects.create(name="Fyrbodal", slug="fyrbodal")
    uddevalla = Municipality.objects.create(name="Uddevalla kommun", slug="uddevalla")
    uddevalla.region = fyrbodal
    uddevalla.save()
    NewsItem.objects.create(
        municipality=uddevalla, title_sv="Uddevallanytt", slug="uddevallanytt", body_sv="Text."
    )
    sign_in(client, _person("fyrbodal", "regional_coordinator", region=fyrbodal))
    assert "Uddevallanytt" in _page(client, "news")
    ale, kungalv = region_world["ale"], region_world["kungalv"]
    for name in ("plans", "news", "calls", "eu_items", "groups", "trainings", "calendar"):
        text = _page(client, name)
        for marker in (SECRET, "Kungälvsnytt", "Kungälvs kommun"):
            assert marker not in text, (name, marker)
    assert client.get("/intern/kalender/?kommun=ale").status_code == 404
    for name, record in (
        ("plan", ale["plan"]),
        ("plan", kungalv["plan"]),
        ("call", ale["call"]),
        ("eu_item", kungalv["eu_concern"].item),
        ("group", ale["group"]),
    ):
        response = client.get(reverse(f"staff:{name}", args=[record.pk]))
        assert response.status_code in (403, 404), name
