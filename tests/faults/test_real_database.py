"""Against a real database in processes of their own: PostgreSQL stopped under a running
portal (the form comes back with 503 and every value kept, then is accepted once the
database is back), and two notification workers at once on SQLite and on PostgreSQL
(each e-mail exactly once, each worker reports only its own)."""

import asyncio
import http.cookiejar
import os
import re
import secrets
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from html import unescape

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings

from tests.servers import PostgresCluster, free_port, manage, wait_for_port

pytestmark = pytest.mark.services

BOUND = 120  # seconds any process in these tests may take at most


@pytest.fixture(scope="module")
def postgres():
    cluster = PostgresCluster().initdb().start()
    yield cluster
    cluster.destroy()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    cluster = request.getfixturevalue("postgres")
    name = f"vielfalt_{secrets.token_hex(4)}"
    cluster.createdb(name)
    return cluster.url(name)


def portal_env(database_url, folder, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="vielfalt.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_DEFAULT_FROM_EMAIL="portal@example.org",
        DJANGO_CONTACT_NOTIFY_EMAILS="team@example.org",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_STATIC_MANIFEST="0",
        DJANGO_FORM_MIN_SECONDS="0",
        DJANGO_STATE_DIR=str(folder / "state"),
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(folder / "private"),
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
        **extra,
    )
    return env


MAKE_SUBMISSIONS = """
from contact.models import ContactMessage
for number in range({count}):
    ContactMessage.objects.create(
        name=f"Person {{number}}", email=f"person{{number}}@example.org",
        subject=f"Frage {{number}}", message="Text",
    ).create_notifications()
"""


class SlowCollector:
    """Takes a moment per e-mail, so that two workers surely overlap."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.02)
        subject = re.search(rb"^Subject: (.*)$", envelope.content, re.MULTILINE).group(1)
        self.received.append((tuple(envelope.rcpt_tos), subject.decode().strip()))
        return "250 Message accepted for delivery"


def test_two_worker_processes_send_each_mail_exactly_once(database_url, tmp_path):
    collector = SlowCollector()
    port = free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    env = portal_env(
        database_url,
        tmp_path,
        DJANGO_EMAIL_HOST="127.0.0.1",
        DJANGO_EMAIL_PORT=str(port),
    )
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "shell", "-c", MAKE_SUBMISSIONS.format(count=30))
        workers = [
            subprocess.Popen(
                [sys.executable, "manage.py", "send_pending_notifications", "--batch", "4"],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [worker.communicate(timeout=BOUND) for worker in workers]
    finally:
        controller.stop()
    for worker, (stdout, stderr) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, stdout + stderr  # no failure of the other's counted
    sent = [int(re.match(r"(\d+) versandt, 0 fehlgeschlagen", out).group(1)) for out, _ in outputs]
    assert sum(sent) == 60  # each reports what it sent itself
    assert len(collector.received) == 60
    assert len(set(collector.received)) == 60  # none twice


class Browser:
    """Just enough of a browser: cookies, the CSRF token and the form's time token."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect(),
        )

    def open(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if data is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def form(self, path):
        status, _headers, page = self.open(path)
        assert status == 200, page
        return {
            name: unescape(re.search(rf'name="{name}" value="([^"]*)"', page).group(1))
            for name in ("csrfmiddlewaretoken", "form_token")
        }, page


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_database_stopped_the_form_comes_back_with_everything_then_is_accepted(postgres, tmp_path):
    name = f"vielfalt_{secrets.token_hex(4)}"
    postgres.createdb(name)
    port = free_port()
    env = portal_env(
        postgres.url(name),
        tmp_path,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
        GUNICORN_ACCESSLOG="",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    manage(env, "migrate", "--noinput")
    manage(
        env,
        "shell",
        "-c",
        "from partners.models import Category; "
        "Category.objects.create(name='Verband', slug='verband')",
    )
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "vielfalt.wsgi"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, server, "gunicorn")
        browser = Browser(f"http://127.0.0.1:{port}")
        message_tokens, _page = browser.form("/kontakt/")
        request_tokens, request_page = browser.form("/partner-werden/")
        category = re.search(r'<option value="(\d+)">Verband</option>', request_page).group(1)
        message = {
            **message_tokens,
            "name": "Dörte Beispiel",
            "email": "doerte@example.org",
            "subject": "Termin im März",
            "message": "Können wir uns treffen? Grüße",
            "consent": "on",
            "homepage": "",
        }
        partner_request = {
            **request_tokens,
            "organisation": "Verein Brückenbau e. V.",
            "category": category,
            "city": "Gütersloh",
            "region": "detmold",
            "website": "https://brueckenbau.example",
            "contact_name": "Ayşe Yılmaz",
            "contact_role": "Vorstand",
            "email": "ayse@brueckenbau.example",
            "phone": "05241 12345",
            "measures": "Sprachcafé und Mentoring",
            "message": "Wir möchten mitmachen.",
            "consent": "on",
            "homepage": "",
        }

        postgres.stop()

        for path, data, kept in [
            ("/kontakt/", message, ["name", "email", "subject", "message"]),
            (
                "/partner-werden/",
                partner_request,
                ["organisation", "city", "contact_name", "email", "phone", "measures", "message"],
            ),
        ]:
            status, headers, page = browser.open(path, data)
            assert status == 503, page[:3000]
            assert headers["Retry-After"] == "120"
            assert "Ihre Eingaben wurden nicht gesendet" in page
            assert "bei uns ist nichts angekommen" in page
            assert "in etwa 2 Minuten noch einmal" in page
            for field in kept:
                assert data[field] in unescape(page), field
        assert f'<option value="{category}" selected>Verband</option>' in page
        status, headers, page = browser.open("/partner/")
        assert status == 503
        assert "Vorübergehend nicht erreichbar" in page

        postgres.start()

        status, headers, _page = browser.open("/kontakt/", message)
        assert status == 302
        assert headers["Location"] == "/kontakt/danke/"
        stored = manage(
            env,
            "shell",
            "-c",
            "from contact.models import ContactMessage as M; m = M.objects.get(); "
            "print(m.name, m.notifications.filter(state='pending').count())",
        )
        assert stored.strip().splitlines()[-1] == "Dörte Beispiel 2"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
