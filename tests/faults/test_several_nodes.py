"""One shared cache or none: several nodes without Redis refuse to start; the content
version file has a fixed place, not the temporary folder."""

import os
import subprocess
import sys
import tempfile

from django.conf import settings

from vielfalt.settings.caches import cache_settings
from vielfalt.settings.production import production_problems

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "portal.example",
    "DJANGO_DEFAULT_FROM_EMAIL": "portal@ministerium.example",
    "DJANGO_CONTACT_NOTIFY_EMAILS": "team@ministerium.example",
}


def _settings(code, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import vielfalt.settings as s; print({code})"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def _values(nodes, url):
    return {
        "SECRET_KEY": "x",
        "ALLOWED_HOSTS": ["portal.example"],
        "DEFAULT_FROM_EMAIL": "portal@example",
        "CONTACT_NOTIFY_EMAILS": ["team@example"],
        "NODES": nodes,
        "CACHES": cache_settings(url, "r1"),
    }


def test_several_nodes_need_a_shared_cache():
    assert production_problems(_values(1, "")) == []
    assert production_problems(_values(3, "redis://cache.internal:6379/0")) == []
    (problem,) = production_problems(_values(2, ""))
    assert "DJANGO_NODES=2" in problem and "DJANGO_CACHE_URL" in problem


def test_startup_refuses_two_nodes_without_a_shared_cache():
    refused = _settings("s.NODES", **PRODUCTION, DJANGO_NODES="2")
    assert refused.returncode != 0
    assert "DJANGO_NODES=2" in refused.stderr and "shared cache" in refused.stderr
    started = _settings(
        "s.NODES", **PRODUCTION, DJANGO_NODES="2", DJANGO_CACHE_URL="redis://cache.internal/0"
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "2"


def test_the_content_version_file_has_a_fixed_place():
    default = _settings("s.PAGE_CACHE_VERSION_FILE")
    assert default.returncode == 0, default.stderr
    path = default.stdout.strip()
    assert path == str(settings.BASE_DIR / "var" / "content-version")
    assert not path.startswith(tempfile.gettempdir())
    moved = _settings("s.PAGE_CACHE_VERSION_FILE", DJANGO_STATE_DIR="/srv/vielfalt/state")
    assert moved.stdout.strip() == "/srv/vielfalt/state/content-version"
