"""The portal's own 400, 403, 404 and 500 pages, in German and in the portal's design."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.urls("tests.security.error_urls")


def assert_portal_page(response, status, heading):
    html = response.content.decode()
    assert response.status_code == status
    assert 'lang="de"' in html
    assert f"<h1>{heading}</h1>" in html
    assert "css/site.css" in html and 'class="skip-link"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'href="/"' in html  # a way back home
    assert "Traceback" not in html
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("path", ["/test/500/", "/test/datenbank/"])
def test_server_error_page_needs_no_database(client, django_db_blocker, path):
    client.raise_request_exception = False
    with django_db_blocker.block():
        response = client.get(path)
    assert_portal_page(response, 500, "Ein Fehler ist aufgetreten")
    html = response.content.decode()
    assert "Bitte versuchen Sie es in einigen Minuten noch einmal." in html
    assert "<footer" not in html  # the footer reads the letterhead from the database


def test_permission_denied_page(client):
    assert_portal_page(client.get("/test/403/"), 403, "Zugriff nicht erlaubt")


def test_bad_request_page(client):
    assert_portal_page(client.get("/test/400/"), 400, "Ungültige Anfrage")


def test_unknown_host_gets_the_bad_request_page(client):
    assert_portal_page(client.get("/", HTTP_HOST="boese.example"), 400, "Ungültige Anfrage")


def test_not_found_page(db, client):
    assert_portal_page(client.get("/gibt-es-nicht/"), 404, "Seite nicht gefunden")


def test_csrf_failure_page_explains_in_german(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert_portal_page(response, 403, "Das Formular konnte nicht angenommen werden")
    assert "Erlauben Sie Cookies für diese Website." in response.content.decode()
