"""/healthz and /readyz: for load balancers, with their Host, never cached."""

import socket

import pytest
from django.db import connections
from django.db.utils import load_backend

LOAD_BALANCER_HOST = "10.0.0.5:8000"


@pytest.fixture
def production_hosts(settings):
    """Strict hosts and the HTTPS redirect, as in production."""
    settings.ALLOWED_HOSTS = ["vielfalt.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.PAGE_CACHE_ENABLED = True


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends


@pytest.fixture
def unreachable_database():
    """The default connection pointed at a PostgreSQL port where nothing listens: a real
    connection failure (psycopg gets "connection refused"), whatever the tests run on."""
    original = connections["default"]
    backend = load_backend("django.db.backends.postgresql")
    broken = backend.DatabaseWrapper(
        {
            **original.settings_dict,
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "vielfalt",
            "USER": "vielfalt",
            "PASSWORD": "",
            "HOST": "127.0.0.1",
            "PORT": str(_closed_port()),
            "OPTIONS": {"connect_timeout": 5},
        },
        "default",
    )
    connections["default"] = broken
    try:
        yield
    finally:
        connections["default"] = original
        broken.close()


def test_healthz_answers_without_the_database(client, production_hosts):
    # No django_db mark: pytest-django makes any database access fail this test.
    response = client.get("/healthz", HTTP_HOST=LOAD_BALANCER_HOST)
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]
    assert response["X-Request-ID"]


@pytest.mark.django_db
def test_readyz_reports_database_cache_and_storage(client, production_hosts, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.get("/readyz", HTTP_HOST=LOAD_BALANCER_HOST)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response.json() == {
        "status": "ok",
        "checks": {"database": {"ok": True}, "cache": {"ok": True}, "storage": {"ok": True}},
    }


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_is_unreachable(client, unreachable_database):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {"ok": False, "error": "OperationalError"}
    assert body["checks"]["cache"] == {"ok": True}
    assert "no-store" in response["Cache-Control"]


def test_healthz_stays_200_when_the_database_is_unreachable(client, unreachable_database):
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_broken_cache_and_missing_storage_are_reported_not_fatal(client, settings, tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(not_a_folder / "cache"),
        },
    }
    settings.MEDIA_ROOT = tmp_path / "missing"
    response = client.get("/readyz")
    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["database"] == {"ok": True}
    assert checks["cache"]["ok"] is False
    assert checks["storage"] == {"ok": False, "error": "storage root missing"}


@pytest.mark.django_db
def test_unknown_host_is_still_refused_for_pages(client, production_hosts):
    assert client.get("/", HTTP_HOST=LOAD_BALANCER_HOST, secure=True).status_code == 400
    assert client.get("/healthzx", HTTP_HOST=LOAD_BALANCER_HOST).status_code == 400
    assert client.get("/en/healthz", HTTP_HOST=LOAD_BALANCER_HOST).status_code == 400


def test_health_checks_are_not_redirected_to_https(client, production_hosts):
    response = client.get("/healthz", HTTP_HOST="vielfalt.example.org")
    assert response.status_code == 200
    assert client.get("/", HTTP_HOST="vielfalt.example.org").status_code == 301


@pytest.mark.django_db
def test_health_checks_never_enter_the_page_cache(client, production_hosts):
    for path in ("/healthz", "/readyz"):
        for _ in range(2):
            response = client.get(path, HTTP_HOST="vielfalt.example.org")
            assert response.status_code == 200
            assert "X-Page-Cache" not in response


def test_only_get_and_head(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
