"""Numbers on the public pages are written as people read them: Swedish thousands groups
("8 000 000", a no-break space so a number never breaks over two lines), English ones under
/en/ ("20,300,000 SEK"), and in tables right-aligned under a right-aligned heading."""

import pytest
from django.utils import translation

from projektdatabas.core.money import grouped
from projektdatabas.projects.models import Project

pytestmark = pytest.mark.django_db

NBSP = "\xa0"


def test_statistics_tables_group_and_right_align_their_numbers(client, demo_data):
    html = client.get("/statistik/").content.decode()
    # EU money received in 1998, the strategy's figure.
    assert f'<th scope="row">1998</th><td class="number">8{NBSP}000{NBSP}000</td>' in html
    assert '<th scope="col" class="number">kr</th>' in html
    assert '<td class="number">8000000</td>' not in html


def test_project_and_twin_town_pages_group_their_numbers(client, demo_data):
    project = Project.objects.get(slug="vikinga")
    page = f"/projekt/{project.pk}-{project.slug}/"
    assert f"<dd>20{NBSP}300{NBSP}000 kr</dd>" in client.get(page).content.decode()
    assert "<dd>20,300,000 SEK</dd>" in client.get("/en" + page).content.decode()
    assert "about 12,000" in client.get("/en/vanorter/kaufungen/").content.decode()
    assert f"cirka 12{NBSP}000" in client.get("/vanorter/kaufungen/").content.decode()


def test_grouping_rounds_as_a_person_does():
    with translation.override("sv"):
        assert grouped(1160000.5) == f"1{NBSP}160{NBSP}001"  # not cut to ...000
        assert grouped(1160000.5, 2) == f"1{NBSP}160{NBSP}000,50"
