"""Scripts only from the static files' path: a file under /media/ can never be a script.

'self' would allow every URL of the origin, uploads included; the policy names the static
path (and the admin's translation catalogue) with the origin of each request instead.
"""

import pytest
from django.urls import reverse

from core.csp import with_origin


def script_sources(response):
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    return directives["script-src"].split()


@pytest.mark.parametrize("path", ["/", "/partner/", "/presse/", "/admin/login/"])
def test_script_src_names_paths_not_the_whole_origin(client, db, path):
    sources = script_sources(client.get(path))
    assert "'self'" not in sources and "*" not in sources
    assert sources == ["http://testserver/static/", "http://testserver" + reverse("admin:jsi18n")]
    assert not any("/media" in source for source in sources)


def test_script_src_follows_the_host_and_scheme_of_each_request(client, db, settings):
    settings.ALLOWED_HOSTS = ["portal.example", "www.portal.example"]
    settings.PAGE_CACHE_ENABLED = True  # a cached page gets the header of its own request
    for _ in range(2):
        response = client.get("/", HTTP_HOST="portal.example", secure=True)
        assert script_sources(response)[0] == "https://portal.example/static/"
    response = client.get("/", HTTP_HOST="www.portal.example")
    assert script_sources(response)[0] == "http://www.portal.example/static/"


def test_an_unknown_host_gets_no_script_source_at_all(client, db):
    response = client.get("/", HTTP_HOST="boese.example")
    assert response.status_code == 400
    assert script_sources(response) == ["'none'"]


def test_absolute_static_urls_and_keywords_stay_as_they_are():
    origin = "https://portal.example"
    assert with_origin(["https://cdn.example/static/"], origin) == ["https://cdn.example/static/"]
    assert with_origin(["//cdn.example/static/"], origin) == ["cdn.example/static/"]
    assert with_origin(["'none'", "/static/"], origin) == ["'none'", origin + "/static/"]
    assert with_origin(["/static/"], None) == ["'none'"]
    assert with_origin(True, origin) is True  # boolean directives (upgrade-insecure-requests)
