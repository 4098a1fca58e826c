"""Real Chromium (Debian's), driven by Playwright, against the live test server."""

import os
import threading

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

# Playwright's sync API runs an event loop; Django's ORM is used from the same thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root in CI
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps calling home, and the closed network refuses it.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class OneAtATimeWhenShared(ThreadedWSGIServer):
    """The live server, answering one request at a time when it shares the test's connection.

    On SQLite the tests' database lives in memory, so Django hands the server's threads the
    test thread's one connection. A page and its picture, asked for at once by Chromium, then
    ran in it together ("cannot start a transaction within a transaction"), and the picture
    came back broken. Each gunicorn worker has its own connection, so the site never meets
    this; here the requests take turns, body included. PostgreSQL needs no turns.
    """

    turn = threading.Lock()

    def set_app(self, application):
        if self.connections_override:
            application = self.taking_turns(application)
        super().set_app(application)

    def taking_turns(self, application):
        def app(environ, start_response):
            with self.turn:
                response = application(environ, start_response)
                try:
                    body = b"".join(response)  # streamed files and exports too
                finally:
                    if hasattr(response, "close"):
                        response.close()  # request_finished, still in turn
            return [body]

        return app


@pytest.fixture(scope="session", autouse=True)
def live_server_takes_turns():
    original, LiveServerThread.server_class = LiveServerThread.server_class, OneAtATimeWhenShared
    yield
    LiveServerThread.server_class = original


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system-packages test")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def demo_site(transactional_db, live_server, demo_data):
    return live_server
