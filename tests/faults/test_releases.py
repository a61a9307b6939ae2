"""Rolling deploys: two releases side by side on one Redis never serve each other's pages,
but share the content version and the rate-limit counters."""

import json
import subprocess

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse

from core.spam import hit_rate_limit
from vielfalt.settings.release import default_release, git_revision, manifest_digest


@pytest.mark.services
@pytest.mark.django_db
def test_two_releases_on_one_redis_never_serve_each_others_pages(client, make_partner, use_redis):
    make_partner(name="Stadt Bonn")
    url = reverse("partners:list")
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    use_redis.release("b")  # a node of the next release, same Redis
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    use_redis.release("a")
    assert client.get(url)["X-Page-Cache"] == "hit"  # its own page, still there

    # An edit on a node of one release invalidates the pages of both.
    use_redis.release("b")
    make_partner(name="Stadt Köln")
    use_redis.release("a")
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Stadt Köln" in response.content.decode()


@pytest.mark.services
def test_rate_limit_counters_outlive_a_deploy(use_redis, settings):
    settings.FORM_RATE_LIMIT = 1
    request = RequestFactory().post("/kontakt/", REMOTE_ADDR="192.0.2.7")
    assert not hit_rate_limit(request).exceeded
    use_redis.release("b")
    assert hit_rate_limit(request).exceeded


def test_only_the_pages_alias_names_the_release():
    from vielfalt.settings.caches import cache_settings

    a = cache_settings("redis://127.0.0.1:6379/0", "1.0-abc")
    b = cache_settings("redis://127.0.0.1:6379/0", "1.1-def")
    assert a["default"] == b["default"]
    assert a["pages"]["KEY_PREFIX"] != b["pages"]["KEY_PREFIX"]
    for alias in a.values():
        assert alias["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
        assert alias["OPTIONS"]["SOCKET_TIMEOUT"] <= 0.5
        assert alias["OPTIONS"]["SOCKET_CONNECT_TIMEOUT"] <= 0.5


def test_release_default_is_the_checkout_and_the_static_manifest(tmp_path):
    base = django_settings.BASE_DIR
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=base, capture_output=True, text=True, check=False
    )
    if head.returncode == 0:
        assert git_revision(base) == head.stdout.strip()[:12]
    assert git_revision(tmp_path) == ""  # no checkout: no revision, no error

    first, second = tmp_path / "first", tmp_path / "second"
    for folder, css in [(first, "site.1111.css"), (second, "site.2222.css")]:
        folder.mkdir()
        manifest = {"paths": {"css/site.css": css}, "version": "1.1"}
        (folder / "staticfiles.json").write_text(json.dumps(manifest))
    assert manifest_digest(tmp_path / "none") == ""
    # Two releases that ship different hashed CSS have different names.
    assert default_release(base, first) != default_release(base, second)
    assert default_release(tmp_path, tmp_path / "none")  # never empty


def test_the_running_release_is_in_the_settings():
    assert django_settings.RELEASE
    assert django_settings.RELEASE in caches["pages"].key_prefix
