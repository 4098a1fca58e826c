"""A server worker freezes the objects its first requests leave behind (projektdatabas/wsgi.py),
so that Python's full garbage collection no longer walks them: at a million projects such a
collection stopped a worker for 150-220 ms every 1,000-1,500 uncached pages."""

import gc

import pytest
from django.core.signals import request_finished

pytestmark = pytest.mark.django_db


@pytest.fixture
def wsgi(monkeypatch):
    from projektdatabas import wsgi

    gc.unfreeze()
    monkeypatch.setattr(wsgi, "_requests_left", 3)
    request_finished.connect(wsgi._freeze_when_warm)  # connected once at import, maybe spent
    yield wsgi
    request_finished.disconnect(wsgi._freeze_when_warm)
    gc.unfreeze()


def test_the_first_requests_objects_are_frozen_once(client, municipality, wsgi):
    for _ in range(2):
        assert client.get("/").status_code == 200
    assert gc.get_freeze_count() == 0
    assert client.get("/").status_code == 200
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # Django, the project's modules and templates
    # Once only: later requests' objects are collected as usual.
    assert client.get("/?igen=1").status_code == 200
    assert gc.get_freeze_count() <= frozen  # frozen objects may still be freed
