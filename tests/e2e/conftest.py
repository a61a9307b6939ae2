"""Real-browser tests: Debian's Chromium, driven by Playwright, against gunicorn.

One server and one browser for the whole e2e package. The server runs with production
settings (DEBUG off, collected and hashed static files, the strict CSP) on a free loopback
port, with its own SQLite database in a temporary folder holding the seed content and an
editor account. Only two switches differ from production, because the browser talks plain
HTTP to loopback: no redirect to HTTPS and cookies without the Secure flag. The public
forms' spam protection stays on, tuned for a test run: a form may be sent after one second
instead of three (journeys wait that second, as a person would), and the rate limit
allows the whole suite's submissions from the one loopback address.

Without Chromium the tests are skipped with the reason, except when CI=true: there a
missing browser is a failure (.ci/run installs Debian's chromium).

The browser and server live in package scope (not session scope): Playwright's sync API
keeps an asyncio loop registered on the main thread while it is open, and Django refuses
ORM calls while a loop runs. Closing both after this package, and running this package
last (see pytest_collection_modifyitems), keeps every other test free of that.
"""

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.support import FORM_MIN_SECONDS, find_chromium, missing, require
from tests.servers import gunicorn, prepare_site, production_env

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
EDITOR_USERNAME = "redaktion"
EDITOR_PASSWORD = secrets.token_urlsafe(16)
# Staff in the groups of setup_roles (not superusers), with the editor's password.
WRITER_USERNAME = "schreiberin"
APPROVER_USERNAME = "freigabe"
STAFF_SETUP = f"""
import os
from django.contrib.auth.models import Group, User
for name, group in [("{WRITER_USERNAME}", "Redaktion"), ("{APPROVER_USERNAME}", "Freigabe")]:
    user = User.objects.create_user(
        name, name + "@example.org", os.environ["DJANGO_SUPERUSER_PASSWORD"], is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
"""
SCREENSHOT_DIR = Path(os.environ.get("E2E_SCREENSHOT_DIR", "/tmp/vielfalt-e2e-screenshots"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Browser tests last: the fast tests report first, and see no Playwright loop."""
    e2e = [item for item in items if item.get_closest_marker("e2e")]
    others = [item for item in items if not item.get_closest_marker("e2e")]
    items[:] = others + e2e


@pytest.fixture(scope="package")
def chromium_executable():
    path = find_chromium()
    if not path:
        missing(
            "Chromium nicht gefunden (/usr/bin/chromium aus dem Debian-Paket 'chromium', "
            "oder E2E_CHROMIUM=/pfad/zu/chromium)"
        )
    return path


@dataclass
class Server:
    url: str
    log: Path  # gunicorn's access and error log, for a look after a failure
    env: dict = field(default_factory=dict)  # for manage.py against the server's database

    def host(self):
        return urlsplit(self.url).netloc


@pytest.fixture(scope="package")
def server(chromium_executable, tmp_path_factory):
    """The spam protection stays on, tuned for a test run (see the module's docstring)."""
    folder = tmp_path_factory.mktemp("e2e-server")
    env = production_env(
        folder,
        # The test run's fast password hasher: the editor logs in several times.
        DJANGO_SETTINGS_MODULE="vielfalt.settings.test",
        DJANGO_FORM_MIN_SECONDS=str(FORM_MIN_SECONDS),
        DJANGO_FORM_RATE_LIMIT="100",
        DJANGO_SUPERUSER_PASSWORD=EDITOR_PASSWORD,
    )
    prepare_site(
        env,
        (
            "createsuperuser",
            "--noinput",
            "--username",
            EDITOR_USERNAME,
            "--email",
            "redaktion@example.org",
        ),
        # As `make run`: the seeded content gets its first version for the history.
        ("load_seed",),
        ("setup_roles",),
        ("shell", "-c", STAFF_SETUP),
    )
    log = folder / "gunicorn.log"
    with gunicorn(env, log, workers=2) as url:
        yield Server(url=url, log=log, env=env)


@pytest.fixture(scope="package")
def browser(chromium_executable):
    sync_playwright = require("playwright.sync_api").sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@dataclass
class BrowserLog:
    """What the browser reported while a test ran: errors and requests to other hosts."""

    own_host: str
    console_errors: list = field(default_factory=list)
    foreign_requests: list = field(default_factory=list)
    expected_statuses: dict = field(default_factory=dict)  # url -> status a test expects

    def on_console(self, message):
        if message.type != "error":
            return
        location = (message.location or {}).get("url", "")
        status = self.expected_statuses.get(location)
        if status and f"status of {status}" in message.text:
            return  # the browser's note on a page that is meant to answer 404
        self.console_errors.append(f"{message.text} ({location})")

    def on_request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in {"data", "blob"}:
            return
        if parts.netloc != self.own_host:
            self.foreign_requests.append(request.url)


@pytest.fixture
def page(browser, server):
    """A fresh browser tab (own cookies) on the server; it must stay free of errors.

    Every console error fails the test (a CSP violation shows up there), and so does any
    request to another host.
    """
    context = browser.new_context(
        base_url=server.url, locale="de-DE", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    log = BrowserLog(own_host=server.host())
    tab.on("console", log.on_console)
    tab.on("pageerror", lambda error: log.console_errors.append(f"JS: {error}"))
    tab.on("request", log.on_request)
    tab.browser_log = log
    yield tab
    context.close()
    assert log.console_errors == [], "browser console errors (CSP violations?)"
    assert log.foreign_requests == [], "requests to other hosts"


@pytest.fixture(scope="package")
def editor_credentials():
    return EDITOR_USERNAME, EDITOR_PASSWORD


@pytest.fixture(scope="package")
def writer_credentials():
    """A member of "Redaktion": writes and submits, publishes nothing."""
    return WRITER_USERNAME, EDITOR_PASSWORD


@pytest.fixture(scope="package")
def approver_credentials():
    """A member of "Freigabe"."""
    return APPROVER_USERNAME, EDITOR_PASSWORD


@pytest.fixture(scope="package")
def screenshot_dir():
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR
