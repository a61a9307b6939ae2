"""The portal's answer when the database is unavailable: a designed 503, not a 500."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)


# What a database that is down, restarting or unreachable raises (psycopg: connection
# refused or lost, server shutting down; SQLite: file locked or unreadable).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# Asked of clients in Retry-After, and said to visitors in minutes.
DATABASE_RETRY_AFTER_SECONDS = 120


def database_unavailable_response():
    """The designed 503 page. Rendered without the request, so that no context processor
    (the letterhead) and nothing else asks the database that just failed."""
    content = render_to_string(
        "503.html", {"retry_after_minutes": DATABASE_RETRY_AFTER_SECONDS // 60}
    )
    return with_retry_after(HttpResponse(content, status=503))


def with_retry_after(response):
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """A view (or its template) that fails because the database is unavailable answers
    503 with the designed page and Retry-After instead of a 500. The public forms catch
    the same errors themselves, to show the form again with what was typed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        logger.error(
            "Database unavailable, answered 503: %s %s",
            request.method,
            request.path,
            exc_info=exception,
        )
        return database_unavailable_response()
