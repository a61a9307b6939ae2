"""Small middleware of the portal's own: a designed 503 when the database is unavailable,
405 for unused methods, no published static manifest, early 413 for oversized bodies."""

import logging

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from whitenoise.middleware import WhiteNoiseMiddleware

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


class AllowedMethodsMiddleware:
    """Answer 405 to the HTTP methods no view of the portal uses (TRACE, PUT, DELETE, ...).

    Views that only read (feeds, the sitemap, calendars) also refuse POST themselves
    (``require_safe``); class-based views answer 405 to what they do not define.
    """

    allowed = ("GET", "HEAD", "POST", "OPTIONS")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.allowed:
            return HttpResponseNotAllowed(self.allowed)
        return self.get_response(request)


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, minus the manifest of hashed names that collectstatic writes.

    ``staticfiles.json`` lists every static file; the app reads it from disk, a browser
    never needs it, so it is not published. (A web server that serves STATIC_ROOT itself
    must leave it out as well.)
    """

    def is_manifest(self, url):
        return url == self.static_prefix + ManifestFilesMixin.manifest_name

    def add_file_to_dictionary(self, url, path, stat_cache=None):
        if not self.is_manifest(url):
            super().add_file_to_dictionary(url, path, stat_cache=stat_cache)

    def find_file(self, url):
        return None if self.is_manifest(url) else super().find_file(url)


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than any form of the portal takes, before it is read.

    Checked on the declared Content-Length, before the CSRF check or a view reads the body,
    so nothing of it reaches memory or a temporary file. A public form takes one upload of
    at most MAX_UPLOAD_SIZE plus its fields; editors may add several files in one save.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        # request.user is only looked at when the public limit is exceeded.
        if length > settings.MAX_REQUEST_SIZE and not (
            length <= settings.MAX_STAFF_REQUEST_SIZE and request.user.is_staff
        ):
            return render(
                request,
                "413.html",
                {"max_upload_size": settings.MAX_UPLOAD_SIZE},
                status=413,
            )
        return self.get_response(request)
