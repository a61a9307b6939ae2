"""Static files, templates, database connections and gunicorn as production runs them."""

import runpy
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.template import engines
from django.test import RequestFactory

from core.middleware import StaticFilesMiddleware
from tests.helpers import PRODUCTION_ENV, load_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic with the production storage into a folder of its own."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    from django.test import override_settings

    storages = {
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=static_root, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
    return static_root, storages


def test_collectstatic_makes_hashed_gzip_and_brotli_files(collected):
    static_root, _storages = collected
    hashed = sorted((static_root / "vendor" / "bootstrap").glob("bootstrap.min.*.css"))
    assert hashed, "no hashed copy of bootstrap.min.css"
    name = hashed[0].name
    assert (hashed[0].parent / f"{name}.gz").exists()
    assert (hashed[0].parent / f"{name}.br").exists()
    assert (static_root / "staticfiles.json").exists()


def test_hashed_static_files_are_cached_for_at_least_a_year(collected, settings):
    static_root, storages = collected
    settings.STATIC_ROOT = static_root
    settings.STORAGES = storages
    settings.WHITENOISE_MAX_AGE = 31536000
    middleware = StaticFilesMiddleware(lambda request: None)
    from django.contrib.staticfiles.storage import staticfiles_storage

    url = staticfiles_storage.url("css/site.css")
    assert url != "/static/css/site.css"  # hashed
    request = RequestFactory().get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    response = middleware(request)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age >= 365 * 24 * 60 * 60
    assert "immutable" in response["Cache-Control"]


def test_production_uses_the_compressed_manifest_storage():
    production = load_settings(**PRODUCTION_ENV)
    backend = production["STORAGES"]["staticfiles"]["BACKEND"]
    assert backend == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert production["WHITENOISE_MAX_AGE"] >= 31536000
    assert production["PAGE_CACHE_ENABLED"] is True
    assert production["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    production = load_settings(**PRODUCTION_ENV, DJANGO_CACHE_URL="redis://127.0.0.1:6379/1")
    assert production["CACHES"]["default"]["BACKEND"].endswith("RedisCache")
    pages = production["CACHES"][production["PAGE_CACHE_ALIAS"]]
    assert pages["BACKEND"].endswith("RedisCache")
    assert pages["LOCATION"] == "redis://127.0.0.1:6379/1"
    assert pages["KEY_PREFIX"] != production["CACHES"]["default"]["KEY_PREFIX"]


def test_templates_use_the_cached_loader():
    loaders = engines["django"].engine.loaders
    assert loaders[0][0] == "django.template.loaders.cached.Loader"


def test_database_connections_persist_with_health_checks():
    database = django_settings.DATABASES["default"]
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["CONN_MAX_AGE"] > 0


def test_middleware_order_puts_the_page_cache_before_compression_and_etags():
    order = django_settings.MIDDLEWARE
    position = {name.rsplit(".", 1)[1]: index for index, name in enumerate(order)}
    assert (
        position["StaticFilesMiddleware"]
        < position["PageCacheMiddleware"]
        < position["GZipMiddleware"]
        < position["ConditionalGetMiddleware"]
        < position["SessionMiddleware"]
    )


def load_gunicorn_config(monkeypatch, **env):
    for name in [
        "GUNICORN_BIND",
        "WEB_CONCURRENCY",
        "GUNICORN_THREADS",
        "GUNICORN_ACCESSLOG",
        "GUNICORN_MAX_REQUESTS",
    ]:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_defaults(monkeypatch):
    config = load_gunicorn_config(monkeypatch)
    assert config["bind"] == ["127.0.0.1:8000"]
    assert 3 <= config["workers"] <= 12
    assert config["threads"] == 1
    assert config["timeout"] > 0 and config["graceful_timeout"] > 0
    assert config["max_requests"] > 0 and config["max_requests_jitter"] > 0
    assert config["accesslog"] == "-"
    assert config["preload_app"] is True
    assert "%(h)s" not in config["access_log_format"]  # no client IP addresses


def test_gunicorn_reads_the_environment(monkeypatch):
    config = load_gunicorn_config(
        monkeypatch,
        GUNICORN_BIND="0.0.0.0:9000, unix:/run/vielfalt.sock",
        WEB_CONCURRENCY="3",
        GUNICORN_THREADS="4",
        GUNICORN_ACCESSLOG="",
    )
    assert config["bind"] == ["0.0.0.0:9000", "unix:/run/vielfalt.sock"]
    assert config["workers"] == 3
    assert config["threads"] == 4
    assert config["accesslog"] is None


def test_warm_up_compiles_the_project_templates_before_workers_fork():
    from vielfalt.warmup import template_names, warm_up

    names = template_names()
    assert "base.html" in names and "partners/partner_list.html" in names
    # Public pages only: the admin's templates (and the project's overrides of them) are
    # compiled when the office first opens them.
    assert not any(name.startswith("admin/") for name in names)
    assert warm_up() == len(names)
    cached_loader = engines["django"].engine.template_loaders[0]
    assert "base.html" in {key.split(":")[0] for key in cached_loader.get_template_cache}
