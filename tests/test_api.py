"""The public API at /api/v1/ (projektdatabas/api/), on Ale's demo data: the same hits as the
public list, only public data, pages that walk the whole set, problem details for errors,
HTTP caching, CORS, and an OpenAPI 3.1 document that describes every resource."""

import json

import pytest

from projektdatabas.core import versioning
from projektdatabas.news.models import NewsItem
from projektdatabas.organisations.models import Municipality, Organisation, TwinningEvent
from projektdatabas.planning.models import Measure, PlanStatus
from projektdatabas.projects.models import Project, ProjectContact, ProjectLink
from projektdatabas.projects.search import PublicSearch
from projektdatabas.projects.visibility import public_organisations

PROBLEM = "application/problem+json"


def ids(client, url, **params) -> list[int]:
    return [r["id"] for r in client.get(url, params).json()["results"]]


def walk(client, url) -> tuple[list[dict], dict]:
    """Every result, following `next` from the first page; and the first page."""
    first = client.get(url).json()
    results, page = list(first["results"]), first
    while page["next"]:
        page = client.get(page["next"]).json()
        results += page["results"]
    return results, first


# The search page's parameters, each alone and a few together; with words both rank every
# hit by relevance (issue 16), so the API's pages are the search page's.
SEARCHES = [
    {},
    {"typ": "eu_project"},
    {"status": "completed"},
    {"land": "DE"},
    {"tema": "kultur"},
    {"fran": "2020", "till": "2024"},
    {"q": "utbyte", "sortera": "nyast"},
    {"q": "Kaufungen", "typ": "twin_town_exchange", "sortera": "nyast"},
    {"q": "utbyte"},
    {"q": "skola", "sortera": "relevans"},
    {"sortera": "budget"},
    {"sortera": "start", "land": "IT"},
]


@pytest.mark.parametrize(
    "search", SEARCHES, ids=lambda s: "&".join(f"{k}={v}" for k, v in s.items())
)
def test_projects_are_the_public_lists_hits_page_by_page(client, demo_data, search):
    listed = client.get("/projekt.json", search).json()
    api = client.get("/api/v1/projekt", search).json()
    assert api["count"] == listed["count"]
    for number in range(1, listed["pages"] + 1):
        public = [
            r["id"]
            for r in client.get("/projekt.json", search | {"sida": number}).json()["results"]
        ]
        assert ids(client, "/api/v1/projekt", **search, page=number, limit=20) == public


def test_a_ranked_page_is_ranked_by_the_index_not_in_sql(client, demo_data, monkeypatch):
    """The API takes the search page's order from the worker's index, as the page does:
    ranking every hit in SQL takes seconds for a broad word at a million projects."""
    client.get("/projekt.json", {"q": "utbyte"})  # the word's postings, read once
    page = [r["id"] for r in client.get("/projekt.json", {"q": "utbyte"}).json()["results"]]

    def in_sql(search):
        raise AssertionError("ranked in SQL")

    monkeypatch.setattr(PublicSearch, "ordered", in_sql)
    response = client.get("/api/v1/projekt", {"q": "utbyte", "limit": 5})
    assert response.status_code == 200, response.content
    assert [r["id"] for r in response.json()["results"]] == page[:5]


def test_filters_by_partner_department_and_programme_ids(client, demo_data):
    project = (
        Project.objects.filter(municipality__slug="ale")
        .public()
        .filter(programmes__isnull=False)
        .first()
    )
    partner = project.partnerships.first().organisation
    for search in (
        {"partner": partner.pk},
        {"forvaltning": project.lead_department_id},
        {"program": project.programmes.first().pk},
    ):
        found = ids(client, "/api/v1/projekt", **search, limit=100)
        assert project.pk in found
        assert found == [r["id"] for r in client.get("/projekt.json", search).json()["results"]]


def test_a_project_carries_no_internal_field(client, demo_data):
    project = (
        Project.objects.filter(municipality__slug="ale")
        .public()
        .exclude(internal_description_sv="")
        .first()
    )
    # The demo has no contact persons or hidden links: give this project one of each.
    ProjectContact.objects.create(
        project=project, name="Greta Hemligsson", email="greta.hemlig@example.se", phone="0303-123"
    )
    ProjectLink.objects.create(
        project=project, url="https://intern.example.se/hemlig", label_sv="Internt", is_public=False
    )
    ProjectLink.objects.create(
        project=project, url="https://example.se/offentlig", label_sv="Öppen"
    )
    response = client.get(f"/api/v1/projekt/{project.pk}")
    assert response.status_code == 200
    data = response.json()
    body = response.content.decode()
    assert data["id"] == project.pk
    assert data["title"]["sv"] == project.title_sv
    assert data["links"] == [{"url": "https://example.se/offentlig", "label": "Öppen"}]
    for secret in (
        project.internal_description_sv[:40],
        "Greta Hemligsson",
        "greta.hemlig@example.se",
        "0303-123",
        "intern.example.se",
    ):
        assert secret not in body
    assert not {"internal_description", "internal_description_sv", "contacts"} & set(data)
    # Nor in the list, where the same project appears.
    everything, _ = walk(client, "/api/v1/projekt?limit=100")
    listed = json.dumps(everything, ensure_ascii=False)
    assert project.title_sv in listed and "Greta Hemligsson" not in listed
    assert "intern.example.se" not in listed


def test_unpublished_and_archived_projects_are_not_found(client, demo_data):
    hidden = (
        Project.objects.filter(municipality__slug="ale")
        .exclude(pk__in=Project.objects.public())
        .first()
    )
    assert hidden is not None
    response = client.get(f"/api/v1/projekt/{hidden.pk}")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    everything, _ = walk(client, "/api/v1/projekt?limit=100")
    assert hidden.pk not in {r["id"] for r in everything}


def test_pages_walk_the_whole_set_once_with_an_exact_total(client, demo_data):
    results, first = walk(client, "/api/v1/projekt?limit=7&typ=school_youth_exchange")
    expected = (
        Project.objects.filter(municipality__slug="ale")
        .public()
        .filter(kind="school_youth_exchange")
        .count()
    )
    assert expected > 7  # more than one page
    found = [r["id"] for r in results]
    assert len(found) == len(set(found)) == first["count"] == expected
    assert first["pages"] == -(-expected // 7) and first["prev"] is None
    # Links keep the filter and the size; `prev` goes back.
    second = client.get(first["next"]).json()
    assert "typ=school_youth_exchange" in first["next"] and "limit=7" in first["next"]
    assert ids(client, second["prev"]) == found[:7]
    # Every project, in pages of 20 (the default): the total is every public project.
    everything, first = walk(client, "/api/v1/projekt")
    assert first["limit"] == 20
    assert (
        len(everything)
        == first["count"]
        == Project.objects.filter(municipality__slug="ale").public().count()
    )


def test_a_page_past_the_end_is_empty_and_links_back(client, demo_data):
    data = client.get("/api/v1/projekt", {"page": 999}).json()
    assert data["results"] == [] and data["next"] is None
    last = client.get(data["prev"]).json()
    assert last["page"] == last["pages"] and last["results"]


def _is_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    data = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(data)
    assert data["status"] == status and data["type"] == "about:blank"
    return data


def test_errors_are_problem_details_in_swedish(client, demo_data):
    data = _is_problem(client.get("/api/v1/projekt/999999"), 404)
    assert data["detail"] == "Det finns inget på den här adressen i API:t."
    assert data["instance"] == "/api/v1/projekt/999999"
    _is_problem(client.get("/api/v1/finns-inte"), 404)
    _is_problem(client.get("/api/v1/vanorter/finns-inte"), 404)
    _is_problem(client.get("/api/v2/projekt"), 404)
    english = _is_problem(client.get("/api/v1/finns-inte", HTTP_ACCEPT_LANGUAGE="en"), 404)
    assert english["detail"] == "There is nothing at this address in the API."
    data = _is_problem(client.post("/api/v1/projekt"), 405)
    assert data["detail"] == "API:t kan bara läsas: använd GET."


def test_a_crash_is_a_problem_too(client, demo_data, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the statistics broke")

    monkeypatch.setattr("projektdatabas.api.resources.statistics", broken)
    client.raise_request_exception = False
    data = _is_problem(client.get("/api/v1/statistik"), 500)
    assert data["detail"] == "Något gick fel hos oss. Försök igen senare."
    assert "broke" not in json.dumps(data)


def test_a_bad_parameter_is_named(client, demo_data):
    response = client.get("/api/v1/projekt", {"typ": "rymdresa", "fran": "1800", "limit": "x"})
    data = _is_problem(response, 400)
    reasons = {p["name"]: p["reason"] for p in data["invalid_params"]}
    assert set(reasons) == {"typ", "fran", "limit"}
    assert reasons["fran"] == "Ska vara minst 1950."
    assert reasons["limit"] == "Ska vara ett heltal."
    # A theme that does not exist, or a partner the public may not know of: the search
    # form's own messages.
    private = Organisation.objects.create(name="Hemlig partner", kind="other", country="NO")
    search = {"tema": "finns-inte", "partner": private.pk}
    data = _is_problem(client.get("/api/v1/projekt", search), 400)
    assert {p["name"] for p in data["invalid_params"]} == {"tema", "partner"}
    english = client.get("/api/v1/projekt", {"fran": "1800"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["invalid_params"] == [{"name": "fran", "reason": "Must be at least 1950."}]
    # An order the API does not know: refused, not ignored.
    _is_problem(client.get("/api/v1/projekt", {"q": "skola", "sortera": "slump"}), 400)


def test_revalidation_answers_304_until_something_public_changes(client, demo_data):
    first = client.get("/api/v1/projekt", {"typ": "eu_project"})
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    again = client.get("/api/v1/projekt", {"typ": "eu_project"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    since = client.get("/api/v1/vanorter", HTTP_IF_MODIFIED_SINCE=modified)
    assert since.status_code == 304
    project = (
        Project.objects.filter(municipality__slug="ale").public().filter(kind="eu_project").first()
    )
    project.title_sv = "Nytt namn"
    project.save()
    versioning.forget()
    changed = client.get("/api/v1/projekt", {"typ": "eu_project"}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Nytt namn" in changed.content.decode()


def test_any_site_may_read_it_and_no_cookie_is_involved(client, demo_data):
    for url in ("/api/v1/", "/api/v1/projekt", "/api/v1/openapi.json", "/api/v1/finns-inte"):
        response = client.get(url, HTTP_ORIGIN="https://www.ale.se")
        assert response["Access-Control-Allow-Origin"] == "*", url
        assert not response.cookies, url
        assert "Cookie" not in response.get("Vary", ""), url
    # The public pages are not opened to other sites' scripts by this.
    assert "Access-Control-Allow-Origin" not in client.get("/projekt.json")


def test_dates_are_rfc_3339(client, demo_data):
    project = client.get("/api/v1/projekt", {"sortera": "start"}).json()["results"][0]
    assert len(project["start_date"]) == 10 and project["start_date"][4] == "-"
    # Times in UTC with a Z (REST API-profilen DOT.04).
    assert project["updated_at"].endswith("Z") and "T" in project["updated_at"]


def test_every_resource_shows_what_the_public_pages_show(client, demo_data):
    ale = Municipality.objects.get(slug="ale")
    towns, _ = walk(client, "/api/v1/vanorter")
    assert {t["slug"] for t in towns} == set(ale.twinnings.values_list("slug", flat=True))
    kaufungen = client.get("/api/v1/vanorter/kaufungen").json()
    events = TwinningEvent.objects.filter(twinning__slug="kaufungen").order_by("date", "id")
    assert [e["title"]["sv"] for e in kaufungen["events"]] == [e.title_sv for e in events]
    assert kaufungen["url"] == "http://testserver/vanorter/kaufungen/"

    organisations, first = walk(client, "/api/v1/organisationer?limit=100")
    assert {o["id"] for o in organisations} == set(
        public_organisations(ale).values_list("pk", flat=True)
    )
    one = organisations[0]
    assert client.get(f"/api/v1/organisationer/{one['id']}").json() == one

    measures, _ = walk(client, "/api/v1/atgarder?limit=100")
    shown = Measure.objects.exclude(plan__status=PlanStatus.DRAFT)
    assert {m["id"] for m in measures} == set(shown.values_list("pk", flat=True))
    assert all("responsible_person" not in m for m in measures)

    news, _ = walk(client, "/api/v1/nyheter")
    assert NewsItem.objects.internal().exists()  # the demo has one, which must not show
    assert [n["id"] for n in news] == list(
        NewsItem.objects.public().newest_first().values_list("pk", flat=True)
    )

    tables, _ = walk(client, "/api/v1/statistik")
    slugs = [t["slug"] for t in tables]
    assert slugs[0] == "nyckeltal" and "anslag" not in slugs  # no internal accounts
    figures = dict(tables[0]["rows"])
    assert (
        figures["Projekt och utbyten"]
        == Project.objects.filter(municipality__slug="ale").public().count()
    )
    assert tables[0]["title"] == {"sv": "Nyckeltal", "en": "Key figures"}
    # The same numbers as the statistics page's CSV.
    csv = client.get(f"/statistik/{slugs[1]}.csv").content.decode("utf-8-sig")
    assert len(csv.strip().splitlines()) == len(tables[1]["rows"]) + 1


def test_api_info_names_version_licence_and_promise(client, demo_data):
    info = client.get("/api/v1/api-info").json()
    assert client.get("/api/v1/").json() == info
    assert info["api_version"] == "1" and info["api_status"] == "active"
    assert info["license"]["url"] == "http://creativecommons.org/publicdomain/zero/1.0/"
    assert info["stability"]["en"].startswith("Within v1, keys keep their meaning")
    assert info["contact"]["name"] == "Ale kommun" and info["contact"]["email"]
    for link in info["links"].values():
        assert client.get(link).status_code == 200, link


def test_openapi_document_is_openapi_3_1_and_describes_every_resource(client, demo_data):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.1.")
    assert document["info"]["license"]["url"].endswith("/publicdomain/zero/1.0/")
    assert "Inom v1" in document["info"]["description"]
    assert set(document["paths"]) == {
        "/api/v1/",
        "/api/v1/api-info",
        "/api/v1/projekt",
        "/api/v1/projekt/{project_id}",
        "/api/v1/vanorter",
        "/api/v1/vanorter/{slug}",
        "/api/v1/organisationer",
        "/api/v1/organisationer/{organisation_id}",
        "/api/v1/atgarder",
        "/api/v1/nyheter",
        "/api/v1/statistik",
    }
    parameters = {p["name"] for p in document["paths"]["/api/v1/projekt"]["get"]["parameters"]}
    assert {"q", "typ", "status", "tema", "program", "land", "partner", "forvaltning"} <= parameters
    assert {"malgrupp", "inriktning", "fran", "till", "sortera", "page", "limit"} <= parameters
    # Every operation is a GET with a description and a 200 schema, and every $ref resolves.
    for path, item in document["paths"].items():
        assert set(item) == {"get"}, path
        operation = item["get"]
        assert operation["description"] and operation["responses"]["200"]["content"]
    refs = [
        value
        for value in _values(document)
        if isinstance(value, dict) and isinstance(value.get("$ref"), str)
    ]
    assert refs
    for ref in refs:
        section, name = ref["$ref"].removeprefix("#/components/").split("/")
        assert name in document["components"][section], ref
    # Every key of a project's answer is described, so a client can rely on the document.
    project_keys = set(client.get("/api/v1/projekt").json()["results"][0])
    assert project_keys == set(document["components"]["schemas"]["Project"]["properties"])


def _values(node):
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        yield from _values(child)


def test_the_documentation_page_lists_every_resource_in_both_languages(client, demo_data):
    swedish = client.get("/oppna-data/api/").content.decode()
    assert "Öppna data: API:t" in swedish
    assert "Inom v1 behåller nycklarna sin betydelse och nya nycklar kan tillkomma." in swedish
    for resource in ("projekt", "vanorter", "organisationer", "atgarder", "nyheter", "statistik"):
        assert f'href="/api/v1/{resource}"' in swedish
    assert 'href="/api/v1/openapi.json"' in swedish
    english = client.get("/en/oppna-data/api/").content.decode()
    assert "Within v1, keys keep their meaning and new keys may appear." in english
    # Linked from every public page's footer.
    assert 'href="/oppna-data/api/"' in client.get("/").content.decode()


def test_head_is_get_without_the_body_and_a_browser_may_ask_first(client, demo_data):
    full = client.get("/api/v1/projekt", {"limit": 1})
    head = client.head("/api/v1/projekt", {"limit": 1})
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Type"] == full["Content-Type"] and head["ETag"] == full["ETag"]
    assert head["Access-Control-Allow-Origin"] == "*"
    missing = client.head("/api/v1/finns-inte")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    # A script that revalidates with If-None-Match makes the browser send a preflight first.
    preflight = client.options(
        "/api/v1/projekt",
        HTTP_ORIGIN="https://www.ale.se",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    refused = _is_problem(client.post("/api/v1/projekt"), 405)
    assert refused["detail"] == "API:t kan bara läsas: använd GET."
    assert client.post("/api/v1/projekt")["Allow"] == "GET, HEAD, OPTIONS"


def test_a_search_pages_address_with_empty_fields_means_the_same_here(client, demo_data):
    """The search form sends the fields left empty; its query string moved to the API is the
    same search, as the documentation page promises."""
    names = "typ status tema program land partner forvaltning malgrupp inriktning fran till"
    empty = dict.fromkeys([*names.split(), "sortera"], "")
    assert client.get("/projekt/", {"q": "skola", **empty}).status_code == 200
    moved = client.get("/api/v1/projekt", {"q": "skola", **empty})
    assert moved.status_code == 200, moved.content
    assert moved.json()["count"] == client.get("/api/v1/projekt", {"q": "skola"}).json()["count"]
