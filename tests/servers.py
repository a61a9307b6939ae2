"""Start the portal as production runs it, for the tests that need a real server.

Shared by the browser tests (tests/e2e) and the deployment tests (tests/deploy): production
settings (DEBUG off, collected and hashed static files) on a free loopback port, with an own
SQLite database in a temporary folder holding the seed content.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest
from django.conf import settings

from tests.public_pages import FIXTURES


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(folder, **overrides):
    """Environment for manage.py and gunicorn: production mode, files below ``folder``.

    Only two switches differ from production, because the tests talk plain HTTP on
    loopback: no redirect to HTTPS and cookies without the Secure flag.
    """
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
        "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_SERVE_MEDIA": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_STATIC_MANIFEST", None)
    for name in ("DJANGO_SECRET_KEY_FILE", "DATABASE_URL_FILE", "DJANGO_CACHE_URL_FILE"):
        env.pop(name, None)
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


def prepare_site(env, *more_commands):
    """Collect static files, migrate, load the seed content, then run ``more_commands``
    (each a tuple of manage.py arguments)."""
    # Collecting (hashing and compressing) takes longest; it runs while the database fills.
    collect = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    manage(env, "migrate", "--noinput")
    manage(env, "loaddata", *FIXTURES)
    for command in more_commands:
        manage(env, *command)
    output, _ = collect.communicate(timeout=300)
    assert collect.returncode == 0, f"manage.py collectstatic:\n{output}"


def wait_until_up(url, process, log, what="server"):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} stopped:\n{log.read_text()}", pytrace=False)
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"{what} did not answer at {url}:\n{log.read_text()}", pytrace=False)


@contextmanager
def running(command, env, log, ready_url, what="server"):
    """Run ``command`` (output to ``log``) until the block ends; wait for ``ready_url``."""
    with open(log, "w") as log_file:
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(ready_url, process, log, what)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
