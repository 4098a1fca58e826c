"""A small shared cast: one municipality with an executive board, two departments,
a partner abroad, and a project factory."""

import datetime as dt
import itertools

import pytest

from projektdatabas.organisations.models import Committee, Department, Municipality, Organisation
from projektdatabas.projects.models import Project

# The staff tests' shared organisation (the `world` fixture), and the demo data loaded once
# per run (the `demo_data` fixture).
pytest_plugins = ["tests.staff_world", "tests.demo_snapshot"]

_slugs = itertools.count(1)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A test database's counter repeats from test to test with other data: a search index
    # snapshot (projects/search_snapshot.py) from one test would be wrong in the next.
    # tests/test_search_snapshot.py gives its tests a directory of their own.
    settings.SEARCH_SNAPSHOT_DIR = None


@pytest.fixture(autouse=True)
def _empty_page_cache():
    # Each test's database starts from the same state, so a content version can repeat
    # between tests; rendered pages from an earlier test must not be served.
    from django.core.cache import caches

    from projektdatabas.core import kept, versioning
    from projektdatabas.projects import search_index

    caches["pages"].clear()
    kept.forget()  # what each worker keeps per version (core/kept.py), the same
    versioning.forget()  # the database went back to an earlier version
    search_index.forget()  # so did the search's facet index, kept under that version


@pytest.fixture(autouse=True)
def _swedish_to_begin_with():
    # A request under /en/ leaves English active in this thread; without this, a later
    # test's reverse() would give /en/ addresses and its texts would be English.
    from django.utils import translation

    yield
    translation.deactivate()  # back to LANGUAGE_CODE


@pytest.fixture
def municipality(db):
    return Municipality.objects.create(name="Testkommun", slug="ale")


@pytest.fixture
def board(municipality):
    return Committee.objects.create(
        municipality=municipality,
        name="Kommunstyrelsen",
        short_name="KS",
        is_executive_board=True,
    )


@pytest.fixture
def department(municipality, board):
    return Department.objects.create(
        municipality=municipality, name="Kommunstyrelseförvaltningen", committee=board
    )


@pytest.fixture
def partner_abroad(db):
    return Organisation.objects.create(
        name="Kaufungen", kind="municipality", country="DE", town="Kaufungen"
    )


@pytest.fixture
def make_project(municipality, department):
    def make(**fields):
        values = {
            "municipality": municipality,
            "lead_department": department,
            "kind": "eu_project",
            "title_sv": f"Testprojekt {next(_slugs)}",
            "slug": "testprojekt",
            "public_summary_sv": "En offentlig sammanfattning.",
            "start_date": dt.date(2025, 1, 1),
            "end_date": dt.date(2026, 12, 31),
        }
        values.update(fields)
        return Project.objects.create(**values)

    return make


def pytest_report_header(config):
    import os

    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    return f"database: {connection.vendor} ({'DATABASE_URL set' if url else 'default SQLite'})"


def coordinator_of(municipality):
    """A coordinator of the municipality, for tests that call a service which checks who
    acts (publishing, archiving) without caring who it is."""
    from django.contrib.auth import get_user_model

    from projektdatabas.accounts.models import Membership

    coordinator, _ = get_user_model().objects.get_or_create(username="utgivare")
    Membership.objects.get_or_create(
        user=coordinator, municipality=municipality, role="coordinator"
    )
    return coordinator


@pytest.fixture
def publish():
    from projektdatabas.projects.services import publish_project

    def do(project):
        return publish_project(project=project, actor=coordinator_of(project.municipality))

    return do


@pytest.fixture
def make_user(municipality):
    """A user holding one role in the test municipality."""
    from django.contrib.auth import get_user_model

    from projektdatabas.accounts.models import Membership

    def make(role, *, department=None, committee=None, username=None, email=None):
        name = username or f"{role}-{next(_slugs)}"
        user = get_user_model().objects.create_user(
            username=name,
            password="ett-långt-lösenord-2026",
            email=email if email is not None else f"{name}@example.org",
            first_name=name.title(),
        )
        Membership.objects.create(
            user=user,
            municipality=municipality,
            role=role,
            department=department,
            committee=committee,
        )
        return user

    return make


def sign_in(client, user):
    """Signs in as `user`; an administrator also as having given the one-time code."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from projektdatabas.accounts.permissions import needs_second_factor

    client.force_login(user)
    if not needs_second_factor(user):
        return client
    device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"name": "test"})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admin_client(db, admin_user, client):
    """pytest-django's admin client, past the second factor that administrators need."""
    return sign_in(client, admin_user)
