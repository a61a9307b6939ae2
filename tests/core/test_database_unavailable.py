"""A database that cannot be reached answers 503 with the designed page, never a 500."""

import pytest
from django.db import OperationalError

from tests.core.urls_for_outage_tests import unreachable_database

pytestmark = pytest.mark.urls("tests.core.urls_for_outage_tests")


class QueryUnreachableDatabaseMiddleware:
    """A middleware (not a view) meeting the outage, as the session middleware would."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        unreachable_database().cursor()
        return response


def assert_designed_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Vorübergehend nicht erreichbar" in page
    assert "in etwa 2 Minuten noch einmal" in page
    assert '<html lang="de">' in page


def test_the_broken_connection_raises_a_real_operational_error(db):
    with pytest.raises(OperationalError):
        unreachable_database().cursor()


def test_a_view_that_cannot_reach_the_database_answers_503(
    client, db, django_assert_num_queries, caplog
):
    with django_assert_num_queries(0):  # the page itself asks no database
        response = client.get("/test/db-weg/")
    assert_designed_503(response)
    assert "Database unavailable, answered 503: GET /test/db-weg/" in caplog.text


def test_a_middleware_that_cannot_reach_the_database_answers_503(client, db, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "tests.core.test_database_unavailable.QueryUnreachableDatabaseMiddleware",
    ]
    client.raise_request_exception = False
    assert_designed_503(client.get("/"))


def test_other_errors_stay_500(client, db):
    client.raise_request_exception = False
    response = client.get("/test/kaputt/")
    assert response.status_code == 500
    assert "Retry-After" not in response
