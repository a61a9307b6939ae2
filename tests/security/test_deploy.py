"""Production settings: Django's deployment checklist passes, and the switches are on."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from tests.helpers import PRODUCTION_ENV, load_settings


def test_check_deploy_passes_without_warnings():
    """The one run of Django's checklist: a process of its own, because the checks read
    the settings of a started project (apps, middleware), not just the values."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env={**environment, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "vielfalt.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The one silenced check: django-ratelimit's "backend not on our list" warning, which
    # also names Django's own Redis backend (see SILENCED_SYSTEM_CHECKS in the settings).
    assert "System check identified no issues (1 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


SWITCHES = [
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


def test_production_switches_on_https_only_cookies_and_headers():
    values = load_settings(**PRODUCTION_ENV)
    assert {name: values[name] for name in SWITCHES} == {
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
    values = load_settings(
        **PRODUCTION_ENV, DJANGO_SECURE_COOKIES="0", DJANGO_SECURE_SSL_REDIRECT="0"
    )
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 31536000


def test_production_refuses_to_start_without_a_secret_key():
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY must be set"):
        load_settings(**{**PRODUCTION_ENV, "DJANGO_SECRET_KEY": ""})


def test_only_django_ratelimits_list_warning_is_silenced(settings):
    assert settings.SILENCED_SYSTEM_CHECKS == ["django_ratelimit.W001"]
