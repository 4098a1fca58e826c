"""Working in English: a save under /en/intern/ stays under /en/, and one status change is
one version step (both seen in issue 13)."""

import pytest

from projektdatabas.governance.lifecycle import change_status
from tests.conftest import sign_in
from tests.test_project_editing import basics

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "extra", "lands_on"),
    [
        ("/en", {}, "/en/intern/projekt/{pk}/"),
        ("/en", {"save_and_next": "1"}, "/en/intern/projekt/{pk}/redigera/partner/"),
        ("", {}, "/intern/projekt/{pk}/"),
    ],
)
def test_saving_a_section_keeps_the_language(world, client, prefix, extra, lands_on):
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    response = client.post(
        f"{prefix}/intern/projekt/{project.pk}/redigera/grunduppgifter/",
        {**basics(project, title_sv="Nytt namn"), **extra},
    )
    assert response.status_code == 302
    assert response["Location"] == lands_on.format(pk=project.pk)


def test_one_status_change_is_one_version_step(world, client):
    project = world["project"]
    before = project.version
    changed = change_status(project=project, to="application", actor=world["users"]["rep"])
    project.refresh_from_db()
    assert project.version == changed.version == before + 1


def test_a_status_change_from_the_page_moves_the_version_by_one(world, client):
    project = world["project"]
    before = project.version
    sign_in(client, world["users"]["rep"])
    client.post(
        f"/en/intern/projekt/{project.pk}/status/",
        {"to": "application", "version": before},
    )
    project.refresh_from_db()
    assert project.status == "application" and project.version == before + 1


def test_no_country_is_named_half_in_english_on_the_swedish_pages():
    """django-countries' Swedish names had "Palestina, State of" in the partner lists and
    filters; settings.COUNTRIES_OVERRIDE names it, and one other, in Swedish."""
    import re

    from django.utils import translation
    from django_countries import countries

    with translation.override("sv"):
        names = {c.code: str(c.name) for c in countries}
    english = {
        code: name
        for code, name in names.items()
        if re.search(r"\b(of|and|Islands|State)\b", name) and code != "IM"  # Isle of Man
    }
    assert english == {}
    assert names["PS"] == "Palestina"
    assert names["HM"] == "Heard- och McDonaldöarna"
    assert names["IS"] == "Island"  # Iceland, in Swedish
    with translation.override("en"):
        assert str(dict(countries)["PS"]) == "Palestine"
