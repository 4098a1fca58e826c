"""A search that finds nothing offers the filters its words name: a resident who typed
"Italien", "Italy" or "Erasmus" was told to try another spelling, while the filters held
ten projects with Italian partners and five in Erasmus+."""

import pytest

from projektdatabas.organisations.models import Organisation
from projektdatabas.projects.models import ProjectPartner
from projektdatabas.projects.reference import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(make_project, publish, partner_abroad):
    erasmus = Programme.objects.create(name="Erasmus+", is_eu=True)
    Programme.objects.create(name="Nordplus")  # no project: not offered
    bertinoro = Organisation.objects.create(
        name="Comune di Bertinoro", kind="municipality", country="IT"
    )
    italian = make_project(title_sv="Elevutbyte med Bertinoro")
    italian.programmes.add(erasmus)
    german = make_project(title_sv="Vänortsbesök", kind="twin_town_exchange")
    ProjectPartner.objects.create(project=italian, organisation=bertinoro)
    ProjectPartner.objects.create(project=german, organisation=partner_abroad)
    for project in (italian, german):
        publish(project)
    return erasmus


def _offered(client, url):
    html = client.get(url).content.decode()
    return html[html.index('class="empty"') :] if 'class="empty"' in html else ""


def test_a_country_or_programme_typed_as_a_word_is_offered_as_its_filter(client, projects):
    offered = _offered(client, "/projekt/?q=Italien")
    assert "Det du skrev är också namnet på ett filter" in offered
    assert '<a href="?land=IT">Land: <span>Italien</span></a> (1 projekt)' in offered
    # The other language's name, and without the diacritics a foreign keyboard lacks.
    assert 'href="?land=IT"' in _offered(client, "/projekt/?q=italy")
    assert 'href="?land=DE"' in _offered(client, "/projekt/?q=tyskl")
    english = _offered(client, "/en/projekt/?q=italien")
    assert '<a href="?land=IT">Country: <span>Italy</span></a> (1 project)' in english
    erasmus = _offered(client, "/projekt/?q=erasmus")
    assert f'href="?program={projects.pk}"' in erasmus and "(1 projekt)" in erasmus


def test_only_filters_with_projects_under_the_chosen_filters_are_offered(client, projects):
    assert "namnet på ett filter" not in _offered(client, "/projekt/?q=nordplus")
    # Italy under the twin-town filter has nothing: not offered, and the link keeps the
    # filters chosen when it has.
    assert "land=IT" not in _offered(client, "/projekt/?q=italien&typ=twin_town_exchange")
    kept = _offered(client, "/projekt/?q=tyskland&typ=twin_town_exchange")
    assert 'href="?typ=twin_town_exchange&amp;land=DE"' in kept
    # Two letters name too much; a search that found something offers nothing.
    assert "namnet på ett filter" not in _offered(client, "/projekt/?q=it")
    assert _offered(client, "/projekt/?q=bertinoro") == ""
