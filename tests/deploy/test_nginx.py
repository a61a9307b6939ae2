"""deploy/nginx/ under test: Debian's nginx in front of gunicorn, both on loopback.

The locations and proxy settings are the very file production includes
(deploy/nginx/vielfalt-common.conf); only the frame differs: plain HTTP on a free port of
127.0.0.1, the upstream is one gunicorn started with gunicorn.conf.py and two sync workers,
the static files are the ones collected for this run. nginx runs in the foreground with
its own prefix, pid file and temp folders in a temporary folder.

Without nginx the tests are skipped with the reason, except when CI=true (.ci/run installs
the Debian package): there a missing nginx is a failure.
"""

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.servers import (
    NGINX_COMMON_CONF,
    free_port,
    prepare_site,
    production_env,
    render_nginx_conf,
    require_binary,
    running,
)

pytestmark = pytest.mark.deploy

ACCESS_LOG_FORMAT = (
    '"%(r)s" %(s)s xff="%({x-forwarded-for}i)s" proto="%({x-forwarded-proto}i)s" '
    'host="%({host}i)s" rid="%({x-request-id}i)s"'
)
BOUNDED_WAIT = 10  # seconds a normal request may take while slow clients hang around


@pytest.fixture(scope="module")
def nginx_binary():
    return require_binary("nginx", "nginx", ["/usr/sbin/nginx"])


class Stack:
    def __init__(self, url, port, gunicorn_access_log, static_root):
        self.url = url
        self.port = port
        self.gunicorn_access_log = gunicorn_access_log
        self.static_root = static_root

    def get(self, path, headers=None):
        request = urllib.request.Request(self.url + path, headers=headers or {})
        return urllib.request.urlopen(request, timeout=BOUNDED_WAIT)

    def access_log_line(self, marker):
        """gunicorn's access log line for the request whose path contains ``marker``."""
        deadline = time.monotonic() + BOUNDED_WAIT
        while time.monotonic() < deadline:
            if self.gunicorn_access_log.exists():
                for line in self.gunicorn_access_log.read_text().splitlines():
                    if marker in line:
                        return line
            time.sleep(0.1)
        pytest.fail(f"no access log line for {marker}", pytrace=False)


@pytest.fixture(scope="module")
def stack(nginx_binary, tmp_path_factory):
    folder = tmp_path_factory.mktemp("deploy")
    app_port, nginx_port = free_port(), free_port()
    access_log = folder / "gunicorn-access.log"
    env = production_env(
        folder,
        GUNICORN_BIND=f"127.0.0.1:{app_port}",
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="1",
        GUNICORN_ACCESSLOG=str(access_log),
        DJANGO_TRUSTED_PROXY_COUNT="1",
        DJANGO_NUM_PROXIES="1",
    )
    prepare_site(env)
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "gunicorn.conf.py",
        "--access-logformat",
        ACCESS_LOG_FORMAT,
        "vielfalt.wsgi",
    ]
    static_root = folder / "static"
    conf = render_nginx_conf(folder, nginx_port, [app_port], static_root)
    nginx = [nginx_binary, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")]
    app_url, url = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{nginx_port}"
    with running(gunicorn, env, folder / "gunicorn.log", app_url + "/healthz", "gunicorn"):
        with running(nginx, env, folder / "nginx.log", url + "/healthz", "nginx"):
            yield Stack(url, nginx_port, access_log, static_root)


def test_pages_load_through_nginx_with_a_request_id(stack):
    with stack.get("/?probe=page", {"X-Request-ID": "chosen-by-the-client"}) as response:
        assert response.status == 200
        assert "Vielfalt verbindet" in response.read().decode()
        request_id = response.headers["X-Request-ID"]
    # nginx's own $request_id replaces whatever the client sent, and Django echoes it.
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert f'rid="{request_id}"' in stack.access_log_line("probe=page")


def test_nginx_sets_forwarded_headers(stack):
    with stack.get("/?probe=xff", {"X-Forwarded-For": "203.0.113.7"}) as response:
        assert response.status == 200
    line = stack.access_log_line("probe=xff")
    assert 'xff="203.0.113.7, 127.0.0.1"' in line  # appended, the proxy's peer last
    assert 'proto="http"' in line
    assert 'host="127.0.0.1"' in line


def test_health_checks_through_nginx(stack):
    with stack.get("/healthz") as response:
        assert response.read() == b"ok\n"
    with stack.get("/readyz") as response:
        assert json.loads(response.read())["checks"]["database"] == {"ok": True}


def test_hashed_static_files_come_from_nginx_cached_for_a_year(stack):
    manifest = json.loads((stack.static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    with stack.get(f"/static/{hashed}") as response:
        assert response.status == 200
        assert "immutable" in response.headers["Cache-Control"]
        assert "max-age=31536000" in response.headers["Cache-Control"]
        assert "X-Request-ID" not in response.headers  # nginx answered, not Django
    with stack.get("/static/css/site.css") as response:
        assert response.headers["Cache-Control"] == "public, max-age=3600"


def _stalled_clients(port):
    """5 clients stop in the middle of the request headers, 5 in the middle of a body.

    Without request buffering in nginx (proxy_request_buffering off) the body stalls reach
    gunicorn and hold both sync workers: this test then fails.
    """
    stalled = []
    for number in range(5):
        sock = socket.create_connection(("127.0.0.1", port), timeout=BOUNDED_WAIT)
        sock.sendall(f"GET /partner/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: {number}".encode())
        stalled.append(sock)
    for _ in range(5):
        sock = socket.create_connection(("127.0.0.1", port), timeout=BOUNDED_WAIT)
        sock.sendall(
            b"POST /kontakt/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            # With a CSRF cookie Django reads the body (to compare the form's token): a
            # worker that got this request would wait for the rest of the body.
            b"Cookie: csrftoken=" + b"a" * 32 + b"\r\n"
            b"Content-Length: 100000\r\n\r\nname=Langsam"
        )
        stalled.append(sock)
    return stalled


def test_slow_clients_do_not_block_the_two_sync_workers(stack):
    stalled = _stalled_clients(stack.port)
    try:
        for number in range(4):  # more requests than gunicorn has workers
            with stack.get(f"/?probe=fast-{number}") as response:
                assert response.status == 200
    finally:
        for sock in stalled:
            sock.close()


def test_a_body_over_the_limit_gets_413_from_nginx(stack):
    connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=BOUNDED_WAIT)
    try:
        connection.putrequest("POST", "/partner-werden/?probe=too-big")
        connection.putheader("Content-Type", "multipart/form-data; boundary=x")
        connection.putheader("Content-Length", str(13 * 1024 * 1024))
        connection.endheaders()  # nginx decides on the announced length, before any body
        response = connection.getresponse()
        assert response.status == 413
        assert response.getheader("X-Request-ID") is None  # gunicorn never saw it
    finally:
        connection.close()
    with stack.get("/?probe=after-413") as response:
        assert response.status == 200
    log = stack.gunicorn_access_log.read_text()
    assert "probe=too-big" not in log


def _frame(folder, site):
    """An nginx.conf around ``site`` (an http-level file) with everything in ``folder``."""
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = folder / "nginx.conf"
    conf.write_text(
        f"{user}pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n include /etc/nginx/mime.types;\n include {site};\n}}\n"
    )
    return conf


def _production_site(folder):
    subprocess_run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=vielfalt.example.org",
            "-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem"),
        ]
    )  # fmt: skip
    return (
        (NGINX_COMMON_CONF.parent / "vielfalt.conf")
        .read_text()
        .replace("/etc/ssl/vielfalt/", f"{folder}/")
        .replace("/var/log/nginx/", f"{folder}/")
    )


def _compose_site(folder):
    text = (NGINX_COMMON_CONF.parent / "compose.conf").read_text()
    # Docker's DNS names do not resolve here; nginx resolves upstreams when it starts.
    return text.replace("server app1:8000", "server 127.0.0.1:18001").replace(
        "server app2:8000", "server 127.0.0.1:18002"
    )


def subprocess_run(command):
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, f"{command[0]}: {result.stdout}{result.stderr}"
    return result


@pytest.mark.parametrize("make_site", [_production_site, _compose_site], ids=["site", "compose"])
def test_the_shipped_configs_pass_nginx_t(nginx_binary, tmp_path, make_site):
    if make_site is _production_site and not shutil.which("openssl"):
        pytest.skip("openssl nicht gefunden (für ein Testzertifikat)")
    common = tmp_path / "vielfalt-common.conf"
    common.write_text(NGINX_COMMON_CONF.read_text())
    site = tmp_path / "site.conf"
    site.write_text(
        make_site(tmp_path).replace("/etc/nginx/snippets/vielfalt-common.conf", str(common))
    )
    conf = _frame(tmp_path, site)
    result = subprocess_run(
        [nginx_binary, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "e.log")]
    )
    assert "test is successful" in result.stderr
