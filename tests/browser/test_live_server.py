"""The live server the browser tests use answers requests that arrive together.

On SQLite its threads share the test's in-memory connection (see conftest.py); without
taking turns, a page and its picture asked for at once collided in it and the picture came
back broken, now and then, on a busy machine.
"""

import http.client
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import Client

pytestmark = pytest.mark.browser


def test_requests_arriving_together_all_get_their_page(demo_site):
    client = Client()
    client.login(username="samordnare", password="ale-demo-2026-konto")
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    paths = ["/", "/projekt/", "/nyheter/", "/intern/", "/intern/projekt/", "/intern/kalender/"]

    host, port = demo_site.url.removeprefix("http://").split(":")

    def fetch(path):
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        try:
            connection.request("GET", path, headers={"Cookie": cookie})
            response = connection.getresponse()
            return path, response.status, len(response.read())
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(fetch, paths * 8))
    assert {(path, status) for path, status, _ in answers} == {(path, 200) for path in paths}
    assert all(size > 1000 for _, _, size in answers)
