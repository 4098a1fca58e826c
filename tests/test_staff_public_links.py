"""Staff pages link to the public site of the staff member's own municipality."""

import pytest

from projektdatabas.accounts.models import Membership, Role
from projektdatabas.organisations.models import Municipality
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_a_neighbours_coordinator_is_sent_to_the_neighbours_site(client, django_user_model):
    kungalv = Municipality.objects.create(name="Kungälvs kommun", slug="kungalv")
    user = django_user_model.objects.create_user("k", password="pw-k-123456789")
    Membership.objects.create(user=user, municipality=kungalv, role=Role.COORDINATOR)
    sign_in(client, user)
    page = client.get("/intern/statistik/").content.decode()
    assert 'href="/kungalv/statistik/"' in page
    assert 'href="/kungalv/"' in page  # "Public site" in the header
