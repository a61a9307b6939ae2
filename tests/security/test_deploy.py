"""Production settings: Django's deployment checklist passes, and the switches are on.

Each test starts a fresh Python process with production environment variables, because the
settings module reads the environment once, at import.
"""

import json
import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "example.org",
    "DJANGO_DEFAULT_FROM_EMAIL": "portal@example.org",
    "DJANGO_CONTACT_NOTIFY_EMAILS": "team@example.org",
}


def run_in_production(args, **extra_env):
    env = {**os.environ, **PRODUCTION_ENV}
    # Switches the calling shell may carry must not soften what is checked here.
    for name in [
        "DJANGO_SECURE_COOKIES",
        "DJANGO_SECURE_SSL_REDIRECT",
        "DJANGO_SECURE_HSTS_SECONDS",
    ]:
        env.pop(name, None)
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_settings(**extra_env):
    names = [
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "SECURE_REFERRER_POLICY",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY",
        "X_FRAME_OPTIONS",
    ]
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))"
    )
    result = run_in_production(
        ["-c", code], DJANGO_SETTINGS_MODULE="vielfalt.settings", **extra_env
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_passes_without_warnings():
    result = run_in_production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    # The one silenced check: django-ratelimit's "backend not on our list" warning, which
    # also names Django's own Redis backend (see SILENCED_SYSTEM_CHECKS in the settings).
    assert "System check identified no issues (1 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_only_django_ratelimits_list_warning_is_silenced(settings):
    assert settings.SILENCED_SYSTEM_CHECKS == ["django_ratelimit.W001"]


def test_production_switches_on_https_only_cookies_and_headers():
    values = production_settings()
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
    }


def test_plain_http_cookies_only_on_explicit_request():
    """The browser tests talk HTTP to loopback; only their switch allows that."""
    values = production_settings(DJANGO_SECURE_COOKIES="0", DJANGO_SECURE_SSL_REDIRECT="0")
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 31536000


def test_production_refuses_to_start_without_a_secret_key():
    result = run_in_production(["manage.py", "check"], DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
