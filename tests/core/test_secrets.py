"""Secrets from files: NAME or NAME_FILE (Docker secrets, systemd credentials)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from vielfalt.settings.base import env_secret


def test_value_from_the_variable(monkeypatch):
    monkeypatch.setenv("VIELFALT_TEST_SECRET", "geheim")
    monkeypatch.delenv("VIELFALT_TEST_SECRET_FILE", raising=False)
    assert env_secret("VIELFALT_TEST_SECRET", "default") == "geheim"


def test_default_when_neither_is_set(monkeypatch):
    monkeypatch.delenv("VIELFALT_TEST_SECRET", raising=False)
    monkeypatch.delenv("VIELFALT_TEST_SECRET_FILE", raising=False)
    assert env_secret("VIELFALT_TEST_SECRET", "default") == "default"


def test_value_from_a_file_without_the_trailing_newline(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("  s3cr3t with spaces \n\n", encoding="utf-8")
    monkeypatch.delenv("VIELFALT_TEST_SECRET", raising=False)
    monkeypatch.setenv("VIELFALT_TEST_SECRET_FILE", str(secret))
    # Only one trailing newline goes; everything else is part of the secret.
    assert env_secret("VIELFALT_TEST_SECRET") == "  s3cr3t with spaces \n"
    secret.write_text("postgres://u:p@db/vielfalt\r\n", encoding="utf-8")
    assert env_secret("VIELFALT_TEST_SECRET") == "postgres://u:p@db/vielfalt"


def test_both_set_is_an_error(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("a\n")
    monkeypatch.setenv("VIELFALT_TEST_SECRET", "b")
    monkeypatch.setenv("VIELFALT_TEST_SECRET_FILE", str(secret))
    with pytest.raises(ImproperlyConfigured, match="VIELFALT_TEST_SECRET_FILE, not both"):
        env_secret("VIELFALT_TEST_SECRET")


def test_an_unreadable_file_is_an_error(monkeypatch, tmp_path):
    monkeypatch.delenv("VIELFALT_TEST_SECRET", raising=False)
    monkeypatch.setenv("VIELFALT_TEST_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        env_secret("VIELFALT_TEST_SECRET")


PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.SECRET_KEY); print(settings.DATABASES['default']['NAME']); "
    "print(settings.EMAIL_HOST_PASSWORD); print(settings.CACHES['default']['BACKEND']); "
    "print(settings.STORAGES['private']['OPTIONS']['secret_key'])"
)


def _settings_process(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "SENTRY_"))
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=settings.BASE_DIR,
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "vielfalt.settings",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "example.org",
            "DJANGO_DEFAULT_FROM_EMAIL": "portal@example.org",
            "DJANGO_CONTACT_NOTIFY_EMAILS": "team@example.org",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_read_every_secret_from_files(tmp_path):
    files = {}
    for name, content in {
        "DJANGO_SECRET_KEY": "key-from-a-file",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'from-file.sqlite3'}",
        "DJANGO_EMAIL_HOST_PASSWORD": "mail-password",
        "DJANGO_CACHE_URL": "redis://127.0.0.1:6379/3",
        "DJANGO_S3_SECRET_KEY": "s3-secret",
    }.items():
        path = tmp_path / name.lower()
        path.write_text(content + "\n", encoding="utf-8")
        files[f"{name}_FILE"] = str(path)
    result = _settings_process(
        DJANGO_STORAGE="s3",
        DJANGO_S3_BUCKET="public-media",
        DJANGO_S3_PRIVATE_BUCKET="private-media",
        **files,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "key-from-a-file",
        str(tmp_path / "from-file.sqlite3"),
        "mail-password",
        "django_redis.cache.RedisCache",
        "s3-secret",
    ]


def test_production_refuses_to_start_with_both_forms(tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-file\n")
    result = _settings_process(
        DJANGO_SECRET_KEY="from-variable", DJANGO_SECRET_KEY_FILE=str(secret)
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Set either DJANGO_SECRET_KEY or DJANGO_SECRET_KEY_FILE, not both" in result.stderr
