"""Administrators keep the reference data in the admin, with search and filters."""

import pytest
from django.contrib import admin

pytestmark = pytest.mark.django_db

REFERENCE_MODELS = [
    "organisations.municipality",
    "organisations.department",
    "organisations.committee",
    "organisations.organisation",
    "organisations.twinning",
    "projects.programme",
    "projects.theme",
    "projects.targetgroup",
    "strategy.orientation",
    "strategy.orientationarea",
    "strategy.strategy",
    "governance.delegation",
]


@pytest.fixture
def demo(demo_data):
    """The demo data (loaded once per run, see tests/demo_snapshot.py)."""


@pytest.mark.parametrize("label", REFERENCE_MODELS)
def test_reference_data_is_listed_searchable_and_filterable(label, demo, admin_client):
    model_admin = next(ma for m, ma in admin.site._registry.items() if m._meta.label_lower == label)
    assert model_admin.search_fields, f"{label} has no search"
    url = f"/admin/{label.replace('.', '/')}/"
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count > 0
    response = admin_client.get(url, {"q": "zzz-nothing-matches"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_search_finds_the_twin_town(demo, admin_client):
    response = admin_client.get("/admin/organisations/organisation/", {"q": "Kaufungen"})
    assert [o.name for o in response.context["cl"].result_list] == ["Kaufungen"]


def test_filter_by_country(demo, admin_client):
    response = admin_client.get("/admin/organisations/organisation/", {"country": "FI"})
    names = {o.name for o in response.context["cl"].result_list}
    assert "Ruukki" in names
    assert "Kaufungen" not in names


def test_admin_speaks_swedish(demo, admin_client):
    response = admin_client.get("/admin/organisations/department/")
    assert "förvaltningar" in response.content.decode().lower()


def test_anonymous_is_sent_to_login(client, demo):
    response = client.get("/admin/organisations/municipality/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
