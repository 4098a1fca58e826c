"""In real Chromium: a page on an allowed origin (docs/embed-example.html, served from
127.0.0.1 by a tiny http.server) shows the embed pages in its iframes, and the same page on
an origin that is not listed gets nothing: the browser refuses the frames."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "embed-example.html"
# Where the example expects the project database (`make demo`).
EXAMPLE_SITE = "http://127.0.0.1:8000"
HEADINGS = ["Projekt och utbyten", "Projekt med Kaufungen", "Nyheter"]


class ExampleHandler(SimpleHTTPRequestHandler):
    """Answers every request with the example page, pointed at the live test server."""

    def __init__(self, *args, site_url, **kwargs):
        self.site_url = site_url
        super().__init__(*args, **kwargs)

    def do_GET(self):
        body = EXAMPLE.read_text().replace(EXAMPLE_SITE, self.site_url).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def example_origins(demo_site):
    """Two origins serving the example page: 127.0.0.1 on two ports."""
    servers = []
    for _ in range(2):
        handler = partial(ExampleHandler, site_url=demo_site.url)
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    yield [f"http://127.0.0.1:{server.server_address[1]}" for server in servers]
    for server in servers:
        server.shutdown()
        server.server_close()


def frame_headings(page) -> list[str]:
    """The first heading in each iframe (a refused frame shows Chromium's error page)."""
    headings = []
    for frame in page.main_frame.child_frames:
        heading = frame.locator("h1")
        headings.append(heading.first.inner_text().strip() if heading.count() else "")
    return headings


def test_an_allowed_origin_can_frame_the_embed_pages_and_another_cannot(
    example_origins, page, settings
):
    allowed, unlisted = example_origins
    assert EXAMPLE_SITE in EXAMPLE.read_text()  # the address the handler replaces
    settings.EMBED_ALLOWED_ORIGINS = [allowed]

    page.goto(f"{allowed}/embed-example.html", wait_until="load")
    assert len(page.main_frame.child_frames) == 3
    assert frame_headings(page) == HEADINGS
    news = page.main_frame.child_frames[2]
    assert news.locator("li").count() == 3  # antal=3 in the address
    assert page.console_errors == []

    page.goto(f"{unlisted}/embed-example.html", wait_until="load")
    assert len(page.main_frame.child_frames) == 3
    refused = frame_headings(page)
    assert not set(refused) & set(HEADINGS), refused  # e.g. "localhost is blocked"
    refusals = [e for e in page.console_errors if "frame-ancestors" in e]
    assert len(refusals) == 3, page.console_errors
