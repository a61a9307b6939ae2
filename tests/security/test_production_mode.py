"""Findings that only show with real worker processes: gunicorn in production mode.

Two gunicorn processes share one database, as the workers of one machine do (each process
has its own memory); with Redis, as several machines do. Loopback only, bounded waits.
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.parse
from http.cookies import SimpleCookie

import pytest

from tests.helpers import free_port
from tests.servers import gunicorn, prepare_site, production_env

RATE_LIMIT = 3


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """Two gunicorn processes of one machine on one database, without Redis."""
    folder = tmp_path_factory.mktemp("production")
    env = production_env(
        folder, DJANGO_FORM_MIN_SECONDS="0", DJANGO_FORM_RATE_LIMIT=str(RATE_LIMIT)
    )
    prepare_site(env)
    with (
        gunicorn(env, folder / "a.log") as first,
        gunicorn(env, folder / "b.log") as second,
    ):
        yield {"urls": [first, second], "logs": [folder / "a.log", folder / "b.log"], "env": env}


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    if not shutil.which("redis-server"):
        missing = "redis-server nicht installiert (Debian-Paket redis-server)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing}; CI=true: this test must run here", pytrace=False)
        pytest.skip(missing)
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
        + ["--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def request(url, method, path, body=b"", headers=None):
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return (
            response.status,
            dict(response.getheaders()),
            response.read().decode(errors="replace"),
        )
    finally:
        connection.close()


def open_form(url, path="/kontakt/"):
    """GET a form as a browser would: its CSRF cookie, CSRF token and time token."""
    status, headers, html = request(url, "GET", path)
    assert status == 200
    cookie = SimpleCookie(headers["Set-Cookie"])["csrftoken"].value
    fields = dict(re.findall(r'name="(csrfmiddlewaretoken|form_token)" value="([^"]+)"', html))
    return cookie, fields


def send_contact_form(url, subject):
    cookie, fields = open_form(url)
    body = urllib.parse.urlencode(
        {
            **fields,
            "name": "Max Muster",
            "email": "max@example.org",
            "subject": subject,
            "message": "Wie kann unser Verein mitmachen?",
            "consent": "on",
            "homepage": "",
        }
    )
    status, headers, html = request(
        url,
        "POST",
        "/kontakt/",
        body.encode(),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
        },
    )
    return status, headers


def test_the_rate_limit_holds_across_worker_processes(portal):
    first, second = portal["urls"]
    statuses = [
        send_contact_form([first, second][number % 2], f"Nachricht {number}")[0]
        for number in range(RATE_LIMIT + 2)
    ]
    assert statuses == [302] * RATE_LIMIT + [429, 429]


def test_the_rate_limit_holds_across_machines_with_redis(portal, redis_url, tmp_path):
    import redis

    env = {**portal["env"], "DJANGO_CACHE_URL": redis_url}
    with (
        gunicorn(env, tmp_path / "c.log") as first,
        gunicorn(env, tmp_path / "d.log") as second,
    ):
        statuses = [
            send_contact_form([first, second][number % 2], f"Über Redis {number}")[0]
            for number in range(RATE_LIMIT + 1)
        ]
    assert statuses == [302] * RATE_LIMIT + [429]
    assert redis.Redis.from_url(redis_url).keys("vielfalt-counters:*")


def post_in_latin_1(url, path):
    cookie, fields = open_form(url)
    body = f"csrfmiddlewaretoken={fields['csrfmiddlewaretoken']}&name=M%FCller".encode()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded; charset=latin-1",
        "Cookie": f"csrftoken={cookie}",
    }
    return request(url, "POST", path, body, headers)


@pytest.mark.parametrize("path", ["/kontakt/", "/", "/admin/login/", "/suche/"])
def test_a_form_post_in_latin_1_gets_the_400_page(portal, path):
    status, _headers, html = post_in_latin_1(portal["urls"][0], path)
    assert status == 400
    assert "<h1>Ungültige Anfrage</h1>" in html


def test_the_static_files_manifest_is_not_served(portal):
    url = portal["urls"][0]
    statuses = {
        (name, encoding): request(
            url, "GET", f"/static/{name}", headers={"Accept-Encoding": encoding}
        )[0]
        for name in ["staticfiles.json", "staticfiles.json.gz", "staticfiles.json.br"]
        for encoding in ["identity", "gzip", "br"]
    }
    assert set(statuses.values()) == {404}
    assert request(url, "GET", "/favicon.ico")[0] == 200  # other static files still are


def test_a_50_mb_upload_is_refused_before_its_body_is_sent(portal):
    """The answer comes while the client has sent 1 kB of the 50 MB it announced."""
    host, port = urllib.parse.urlsplit(portal["urls"][0]).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(
            b"POST /partner-werden/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=grenze\r\n"
            b"Content-Length: 52428800\r\nConnection: close\r\n\r\n" + b"x" * 1024
        )
        answer = b""
        while b"</html>" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    head, _, html = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert "<h1>Zu große Datei</h1>" in html.decode()


def test_refused_requests_are_logged_as_one_line_each(portal):
    """A path traversal, a forged Host and an unreadable body: one line each at most."""
    url, log = portal["urls"][1], portal["logs"][1]
    assert request(url, "GET", "/media/../../etc/passwd")[0] == 404
    assert request(url, "GET", "/", headers={"Host": "boese.example"})[0] == 400
    assert post_in_latin_1(url, "/suche/")[0] == 400
    lines = log.read_text().splitlines()
    assert len([line for line in lines if "django.security.DisallowedHost" in line]) == 1
    assert any(line.endswith("must be UTF-8 encoded.: /suche/") for line in lines)
    assert "Traceback" not in log.read_text()
