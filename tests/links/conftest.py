"""A small HTTP server on 127.0.0.1 that answers like the sites partners link to."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.press.conftest import make_release  # noqa: F401 (the press tests' fixture)
from tests.servers import free_port

# The checker waits this long; /langsam answers later than that.
TIMEOUT = 1
SLOW_SECONDS = 3


class Site(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests = []  # (monotonic time, method, path, user agent)
        self.changing_status = 500

    @property
    def base(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path):
        return self.base + path

    def handle_error(self, request, client_address):
        """The checker gives up on /langsam before it answers; that is expected."""


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.answer()

    def do_GET(self):
        self.answer()

    def answer(self):
        self.server.requests.append(
            (time.monotonic(), self.command, self.path, self.headers.get("User-Agent"))
        )
        path = self.path.split("?")[0]
        if path.startswith("/schleife/"):
            return self.reply(301, location=f"/schleife/{int(path.rsplit('/', 1)[1]) + 1}")
        routes = {
            "/ok": (200, None),
            "/neu": (200, None),
            "/fehlt": (404, None),
            "/alt": (301, "/neu"),
            "/alt-dauerhaft": (308, "/alt"),
            "/kurz-weg": (302, "/ok"),
            "/alt-ins-leere": (301, "/fehlt"),
            "/wechselt": (self.server.changing_status, None),
            "/nach-ftp": (301, "ftp://example.org/datei"),
        }
        if path == "/kein-head":
            return self.reply(405 if self.command == "HEAD" else 200)
        if path == "/langsam":
            time.sleep(SLOW_SECONDS)
            return self.reply(200)
        status, location = routes.get(path, (404, None))
        self.reply(status, location=location)

    def reply(self, status, location=None):
        body = b"Hallo" if self.command == "GET" else b""
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site():
    server = Site()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def refused_url():
    """An address on loopback where nothing listens."""
    return f"http://127.0.0.1:{free_port()}/"


@pytest.fixture(autouse=True)
def _portal_elsewhere(settings):
    """The test servers run on 127.0.0.1, which the development settings count as the
    portal's own host; here the portal lives at vielfalt.example."""
    settings.PORTAL_URL = "https://vielfalt.example"
    settings.ALLOWED_HOSTS = ["testserver", "vielfalt.example", "www.vielfalt.example"]
    settings.LINK_CHECK_TIMEOUT = TIMEOUT
