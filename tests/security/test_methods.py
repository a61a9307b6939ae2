"""Every public address answers only the methods it uses; others get 405."""

import pytest

from tests.public_pages import PUBLIC_PAGES

FORMS = {
    "/partner-werden/",
    "/kontakt/",
    "/en/kontakt/",
    "/admin/login/",
    "/berichten/beispiel-berichtslink-nur-fuer-tests/",
}
READ_ONLY = [
    "/partner/feed/",
    "/presse/feed/",
    "/presse/atom/",
    "/presse/termine.ics",
    "/presse/termine/klute-integration-durch-staedtepartnerschaften.ics",
    "/sitemap.xml",
    "/robots.txt",
    "/partner/export.csv",
    "/partner/export.json",
    "/en/partner/feed/",
    "/massnahmen/feed/",
    "/massnahmen/export.csv",
    "/massnahmen/export.json",
    *sorted({page.path for page in PUBLIC_PAGES if page.status == 200} - FORMS),
]
EVERY_PATH = sorted(set(READ_ONLY) | FORMS)


@pytest.mark.parametrize("method", ["TRACE", "PUT", "PATCH", "DELETE", "CONNECT", "PROPFIND"])
def test_unused_methods_are_not_allowed(client, seed, method):
    statuses = {path: client.generic(method, path).status_code for path in EVERY_PATH}
    assert statuses == dict.fromkeys(EVERY_PATH, 405)


def test_read_only_addresses_refuse_posts(client, seed):
    assert {path: client.get(path).status_code for path in READ_ONLY} == dict.fromkeys(
        READ_ONLY, 200
    )
    assert {path: client.head(path).status_code for path in READ_ONLY} == dict.fromkeys(
        READ_ONLY, 200
    )
    statuses = {path: client.post(path, {"x": "1"}).status_code for path in READ_ONLY}
    assert statuses == dict.fromkeys(READ_ONLY, 405)


def test_the_answer_names_the_allowed_methods(client, db):
    response = client.generic("TRACE", "/partner/feed/")
    assert response["Allow"] == "GET, HEAD, POST, OPTIONS"
