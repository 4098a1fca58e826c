"""The EU growth-strategy dimensions a project serves (Lisbon, Europe 2020, today's) are
shown wherever its strategic orientations are: the public page, its staff preview and
the staff project page."""

import pytest

from projektdatabas.strategy.models import GrowthStrategyDimension
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_growth_dimensions_are_shown_where_orientations_are(world, client, publish):
    project = world["project"]
    lisbon = GrowthStrategyDimension.objects.create(
        strategy_name="Lissabonstrategin",
        name_sv="Social sammanhållning",
        name_en="Social cohesion",
    )
    europe = GrowthStrategyDimension.objects.create(
        strategy_name="Europa 2020", name_sv="Smart tillväxt", name_en="Smart growth"
    )
    project.growth_dimensions.set([lisbon, europe])
    publish(project)

    public = client.get(f"/projekt/{project.pk}-{project.slug}/").content.decode()
    assert "Strategin som projektet bidrar till" in public
    assert "Lissabonstrategin: Social sammanhållning" in public
    assert "Europa 2020: Smart tillväxt" in public
    english = client.get(f"/en/projekt/{project.pk}-{project.slug}/").content.decode()
    # The EU strategy's name is kept in Swedish only, and marked as such (WCAG 3.1.2).
    assert '<span lang="sv">Lissabonstrategin</span>: Social cohesion' in english

    sign_in(client, world["users"]["rep"])
    staff = client.get(f"/intern/projekt/{project.pk}/").content.decode()
    assert "Koppling till strategin" in staff
    assert "Lissabonstrategin: Social sammanhållning" in staff
    preview = client.get(f"/intern/projekt/{project.pk}/forhandsvisning/").content.decode()
    assert "Europa 2020: Smart tillväxt" in preview
