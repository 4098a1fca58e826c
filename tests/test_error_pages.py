"""The error pages: 400, 403, 404, 500 and a refused form, in Swedish (English under /en/),
in the site's design with a way home and, on the public site, a search field; the 500 page
also when the database is down."""

import json

import pytest
from django.core.cache import caches
from django.test import Client

from tests.conftest import sign_in
from tests.production import run_in_production

pytestmark = pytest.mark.django_db

SV = {
    400: "Förfrågan gick inte att förstå",
    403: "Inte tillgängligt för dig",
    404: "Sidan finns inte",
    500: "Något gick fel",
    "csrf": "Formuläret kunde inte skickas",
}
EN = {
    400: "The request could not be understood",
    403: "Not available to you",
    404: "Page not found",
    500: "Something went wrong",
    "csrf": "The form could not be sent",
}


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def public_error_page(response, *, status, language, heading):
    """What every public error page shows: status, language, the design, a way home and a
    search field that sends `q` to the project search."""
    html = response.content.decode()
    prefix = "/en" if language == "en" else ""
    assert response.status_code == status
    assert response["Content-Language"] == language
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert 'href="/static/public/site.css"' in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert (
        f'<form method="get" action="{prefix}/projekt/" class="search-form" role="search">' in html
    )
    assert 'type="search" name="q"' in html
    assert f'<a href="{prefix}/">' in html
    return html


@pytest.mark.parametrize(
    ("path", "language", "heading", "other_language"),
    [("/finns-inte/", "sv", SV[404], "/en/"), ("/en/finns-inte/", "en", EN[404], "/")],
)
def test_page_not_found(client, municipality, path, language, heading, other_language):
    html = public_error_page(client.get(path), status=404, language=language, heading=heading)
    assert "<title>" + heading + " – Testkommun</title>" in html
    # The other language's link leads somewhere that exists: its start page.
    assert f'<a class="lang" href="{other_language}"' in html


def test_a_missing_project_is_the_same_page(client, municipality):
    public_error_page(
        client.get("/projekt/999-finns-inte/"), status=404, language="sv", heading=SV[404]
    )


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [("/projekt/", "sv", SV[400]), ("/en/projekt/", "en", EN[400])],
)
def test_a_host_not_allowed_is_a_bad_request(client, municipality, path, language, heading):
    response = client.get(path, HTTP_HOST="evil.example")
    public_error_page(response, status=400, language=language, heading=heading)


@pytest.mark.urls("tests.error_urls")
@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [("/forbjuden/", "sv", SV[403]), ("/en/forbjuden/", "en", EN[403])],
)
def test_permission_denied(client, municipality, path, language, heading):
    public_error_page(client.get(path), status=403, language=language, heading=heading)


@pytest.mark.urls("tests.error_urls")
@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [("/trasig/", "sv", SV[500]), ("/en/trasig/", "en", EN[500])],
)
def test_server_error(client, municipality, path, language, heading):
    public_error_page(client.get(path), status=500, language=language, heading=heading)


def broken_context_processor(request):
    raise RuntimeError("a context processor that fails")


@pytest.mark.urls("tests.error_urls")
def test_server_error_needs_no_context_processor(client, municipality, settings):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                "context_processors": [
                    *settings.TEMPLATES[0]["OPTIONS"]["context_processors"],
                    "tests.test_error_pages.broken_context_processor",
                ]
            },
        }
    ]
    public_error_page(client.get("/trasig/"), status=500, language="sv", heading=SV[500])
    # A 404 that cannot be drawn becomes the 500 page, not a bare one.
    public_error_page(client.get("/finns-inte/"), status=500, language="sv", heading=SV[500])


@pytest.mark.urls("tests.error_urls")
def test_when_even_the_template_fails_a_plain_page_answers(client, municipality, monkeypatch):
    def no_templates(name):
        raise OSError("the template files are gone")

    monkeypatch.setattr("projektdatabas.public.errors.loader.get_template", no_templates)
    response = client.get("/en/trasig/")
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="en">' in html and f"<h1>{EN[500]}</h1>" in html
    assert '<a href="/en/">Go to the start page</a>' in html


def test_a_signed_out_visitor_s_staff_404_offers_the_sign_in(client, world):
    html = client.get("/intern/finns-inte/").content.decode()
    assert f"<h1>{SV[404]}</h1>" in html
    assert '<a href="/intern/logga-in/">Logga in</a>' in html
    assert "att göra-lista" not in html


@pytest.mark.urls("tests.error_urls")
def test_staff_addresses_get_the_staff_design(client, world):
    sign_in(client, world["users"]["reader"])
    html = client.get("/intern/finns-inte/").content.decode()
    assert f"<h1>{SV[404]}</h1>" in html
    assert 'class="staff"' in html and 'aria-label="Personalmeny"' in html
    assert '<a href="/intern/">Tillbaka till din att göra-lista</a>' in html
    assert 'role="search"' not in html

    response = client.get("/intern/trasig/")
    html = response.content.decode()
    assert response.status_code == 500 and f"<h1>{SV[500]}</h1>" in html
    assert 'class="staff"' in html
    # Drawn without the signed-in user (that needs the database): no menu, still a way back.
    assert 'aria-label="Personalmeny"' not in html
    assert '<a href="/intern/">' in html


@pytest.mark.urls("tests.error_urls")
def test_a_refusal_looks_the_same_with_and_without_a_reason(client, world):
    sign_in(client, world["users"]["reader"])
    refused = client.get("/intern/anvandare/")  # a view's refusal, with its reason
    raised = client.get("/intern/forbjuden/")
    assert refused.status_code == raised.status_code == 403
    for response in (refused, raised):
        html = response.content.decode()
        assert f"<h1>{SV[403]}</h1>" in html
        assert '<a href="/intern/">Tillbaka till din att göra-lista</a>' in html
    assert "Bara administratörer" in refused.content.decode()
    assert "Du har inte tillgång till den här sidan." in raised.content.decode()


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [("/intern/logga-in/", "sv", SV["csrf"]), ("/en/intern/logga-in/", "en", EN["csrf"])],
)
def test_a_form_without_its_csrf_token_is_refused_with_an_explanation(
    municipality, path, language, heading
):
    client = Client(enforce_csrf_checks=True)
    response = client.post(path, {"username": "x", "password": "y"})
    html = response.content.decode()
    assert response.status_code == 403
    assert f'<html lang="{language}">' in html and f"<h1>{heading}</h1>" in html
    assert 'class="staff"' in html  # the sign-in page is a staff page
    # The public design outside the staff pages (the language switch is outside i18n).
    html = client.post("/i18n/setlang/", {"language": "en"}).content.decode()
    assert f"<h1>{SV['csrf']}</h1>" in html and 'role="search"' in html


@pytest.mark.urls("tests.error_urls")
def test_error_pages_are_not_kept_in_the_page_cache(client, municipality, settings):
    settings.CONTENT_VERSION_TTL = 0
    for path in ("/finns-inte/", "/projekt/999-x/", "/trasig/", "/forbjuden/"):
        client.get(path)
        client.get(path)
    client.get("/projekt/", HTTP_HOST="evil.example")
    assert list(caches["pages"]._cache) == []
    assert client.get("/projekt/").status_code == 200
    assert len(caches["pages"]._cache) == 1  # the cache itself works


# --- With production settings, and the database down -------------------------------------

SCRIPT = r"""
import json
import django
django.setup()
from django.core.management import call_command
from django.test import Client

call_command("collectstatic", verbosity=0, interactive=False)
client = Client(HTTP_HOST="projekt.example.se", raise_request_exception=False)
answers = {}
for path in ("/", "/en/projekt/", "/intern/"):
    response = client.get(path, secure=True)
    answers[path] = [response.status_code, response.content.decode()]
print(json.dumps(answers))
"""


@pytest.mark.parametrize(
    "database_url",
    [
        "sqlite:////nonexistent-folder/projektdatabas.sqlite3",
        "postgres://projektdatabas@127.0.0.1:1/projektdatabas",  # nothing listens on port 1
    ],
    ids=["sqlite", "postgresql"],
)
def test_the_500_page_is_drawn_with_the_database_down(tmp_path, database_url):
    result = run_in_production(SCRIPT, tmp_path, DATABASE_URL=database_url, DB_POOL="")
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    for path, language, heading, design in (
        ("/", "sv", SV[500], 'role="search"'),
        ("/en/projekt/", "en", EN[500], 'role="search"'),
        ("/intern/", "sv", SV[500], 'class="staff"'),
    ):
        status, html = answers[path]
        assert status == 500, path
        assert f'<html lang="{language}">' in html and f"<h1>{heading}</h1>" in html, path
        assert design in html, path
        # The site's stylesheet, under its hashed production name.
        assert '<link rel="stylesheet" href="/static/public/site.' in html
        assert "Traceback" not in html and "Server Error (500)" not in html


@pytest.mark.urls("tests.error_urls")
def test_the_500_page_gives_the_request_s_reference_for_support(client, municipality):
    """The reference is the request id on the failed request's log lines."""
    response = client.get("/trasig/", HTTP_X_REQUEST_ID="fel-4711")
    assert response.status_code == 500
    assert response["X-Request-ID"] == "fel-4711"
    assert "Referens fel-4711: ange den om du kontaktar oss om felet." in response.content.decode()


def test_an_address_that_takes_a_form_answers_a_visit_with_a_page(client, world):
    """A project's "…/skicka-in/" opened as a link had answered with an empty page (found
    on a plan's "…/revidera/", which now asks first on a page of its own)."""
    sign_in(client, world["users"]["coordinator"])
    response = client.get(f"/intern/projekt/{world['project'].pk}/skicka-in/")
    html = response.content.decode()
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "<h1>Adressen tar emot ett formulär</h1>" in html and 'class="staff"' in html
    assert "Gå tillbaka till sidan där formuläret finns." in html
    # The headers every other page has (the middleware sits innermost).
    assert "default-src" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    # The API's own answer, problem details, passes as it was.
    api = client.post("/api/v1/projekt")
    assert api.status_code == 405 and api["Content-Type"].startswith("application/problem+json")
