"""The start page shows residents what the municipality does abroad, in two languages."""

import pytest

from projektdatabas.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_data):
    """The demo data (loaded once per run, see tests/demo_snapshot.py)."""


def test_start_page_in_swedish_shows_twin_towns_and_counts(client, demo):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in html
    assert "Vänorter" in html
    for town in ("Ruukki", "Kaufungen", "Bertinoro"):
        assert town in html
    public = Project.objects.filter(municipality__slug="ale").public().count()
    assert f"<dd>{public}</dd>" in html


def test_start_page_in_english(client, demo):
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Twin towns" in html


def test_unpublished_project_and_internal_text_never_shown(client, demo):
    hidden = (
        Project.objects.filter(municipality__slug="ale")
        .public()
        .order_by("-first_published_at", "-id")
        .first()
    )
    hidden.internal_description_sv = "HEMLIG INTERN ANTECKNING"
    hidden.save()
    draft = Project.objects.filter(municipality__slug="ale", is_published=False).first()
    html = client.get("/").content.decode()
    assert "HEMLIG INTERN ANTECKNING" not in html
    assert draft.title_sv not in html
