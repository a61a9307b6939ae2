"""The portal as production runs it: gunicorn, DEBUG off, collected and hashed static files.

Shared by the browser tests (tests/e2e) and the security tests that need real worker
processes (tests/security). Everything listens on 127.0.0.1 on a free port, lives in a
temporary folder, and is stopped at the end; every wait is bounded.
"""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(folder, **overrides):
    """Production settings for a server whose files live in ``folder``.

    Only two switches differ from production, because clients talk plain HTTP to loopback:
    no redirect to HTTPS and cookies without the Secure flag.
    """
    folder = Path(folder)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vielfalt.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_DEFAULT_FROM_EMAIL": "portal@example.org",
        "DJANGO_CONTACT_NOTIFY_EMAILS": "team@example.org",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DATABASE_URL": f"sqlite:///{folder / 'portal.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_SERVE_MEDIA": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_CACHE_URL": "",
    }
    env.pop("DJANGO_STATIC_MANIFEST", None)
    env.update(overrides)
    return env


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"


def prepare(env, *setup_commands):
    """Migrate, run ``setup_commands`` (argument lists for manage.py) and collect static
    files; collecting (hashing and compressing) takes longest, so it runs meanwhile."""
    collect = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        manage(env, "migrate", "--noinput")
        for command in setup_commands:
            manage(env, *command)
        output, _ = collect.communicate(timeout=300)
    finally:
        if collect.poll() is None:
            collect.kill()
            collect.wait()
    assert collect.returncode == 0, f"manage.py collectstatic:\n{output}"


def _wait_until_up(url, process, log):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped:\n{log.read_text()}", pytrace=False)
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer at {url}:\n{log.read_text()}", pytrace=False)


@contextlib.contextmanager
def gunicorn(env, log, workers=1, check_path="/"):
    """A gunicorn with sync workers on a free loopback port; yields its URL. The access and
    error log goes to ``log``."""
    port = free_port()
    with open(log, "w") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "vielfalt.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + check_path, process, Path(log))
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
