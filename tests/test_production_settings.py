"""Production mode, as configured from the environment, on real responses.

Settings are read once per process, so each case runs Django in a subprocess with
the production environment and reports what a browser would receive."""

import json

import pytest

from tests.production import run_in_production

SCRIPT = r"""
import json
import django
django.setup()
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client

call_command("migrate", verbosity=0)
call_command("collectstatic", verbosity=0, interactive=False)
from projektdatabas.organisations.models import Municipality
Municipality.objects.create(name="Ale kommun", slug="ale")

client = Client(HTTP_HOST="projekt.example.se")
page = client.get("/", secure=True)
plain = client.get("/")
css = client.get(staticfiles_storage.url("public/site.css"), secure=True)
missing = client.get("/finns-inte/", secure=True)
print(json.dumps({
    "status": page.status_code,
    "headers": dict(page.headers),
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
    "css_status": css.status_code,
    "css_cache": css.headers.get("Cache-Control", ""),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "debug": settings.DEBUG,
    "missing_status": missing.status_code,
    "missing_html": missing.content.decode(),
}))
"""


def run_production(tmp_path, **overrides):
    return run_in_production(SCRIPT, tmp_path, **overrides)


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    result = run_production(tmp_path_factory.mktemp("prod"))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_security_headers_on_a_real_page(production):
    headers = {key.lower(): value for key, value in production["headers"].items()}
    assert production["status"] == 200
    assert production["debug"] is False
    assert "max-age=31536000" in headers["strict-transport-security"]
    assert "includeSubDomains" in headers["strict-transport-security"]
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp


def test_plain_http_is_redirected_to_https(production):
    assert production["plain_status"] == 301
    assert production["plain_location"].startswith("https://projekt.example.se/")


def test_cookies_are_secure(production):
    assert production["session_cookie_secure"] is True
    assert production["csrf_cookie_secure"] is True


def test_static_files_served_by_whitenoise_with_long_cache(production):
    assert production["css_status"] == 200
    assert "max-age=315360000" in production["css_cache"]


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_production(tmp_path, SECRET_KEY=None)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_in_debug_mode(tmp_path):
    # The debug pages list every address of the site and show settings and source code.
    result = run_production(tmp_path, DEBUG="1")
    assert result.returncode != 0
    assert "DEBUG cannot be on when PROJEKTDATABAS_PRODUCTION=1" in result.stderr


def test_a_missing_page_is_the_site_s_own_in_swedish(production):
    html = production["missing_html"]
    assert production["missing_status"] == 404
    assert '<html lang="sv">' in html and "<h1>Sidan finns inte</h1>" in html
    assert "Ale kommun" in html and 'role="search"' in html
    assert "Not Found" not in html
