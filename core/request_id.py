"""One id per request, in every log line written while it is handled and in its response.

nginx passes its own ``$request_id`` as ``X-Request-ID`` (see deploy/nginx/); a request that
comes without one, or with a value that does not look like an id, gets a fresh uuid4. The
id reaches log records through a context variable and :class:`RequestIdFilter`, so the
lines of one request can be found across nginx, gunicorn and Django.
"""

import contextvars
import logging
import re
import uuid

from django.core.signals import request_finished

HEADER = "X-Request-ID"
# Letters, digits, dot, underscore and hyphen, at most 64: nothing that could forge a log
# line or a header (no spaces, no newlines, no quotes).
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
NO_REQUEST = "-"

_current = contextvars.ContextVar("request_id", default=NO_REQUEST)


def current_request_id():
    """The id of the request being handled in this context, or "-" outside a request."""
    return _current.get()


def request_id_from(value):
    """The incoming header value if it is safe, else a new random id."""
    if value and SAFE_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` (the current request's id, or "-") to every record."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = _current.get()
        return True


def _request_finished(**kwargs):
    _current.set(NO_REQUEST)


# Django logs "Not Found"/"Internal Server Error" after the middleware chain has returned,
# so the id stays set until the response is closed (request_finished), not only while the
# middleware runs. Each thread has its own context: gthread workers do not mix ids.
request_finished.connect(_request_finished, dispatch_uid="core.request_id.finished")


class RequestIdMiddleware:
    """First in MIDDLEWARE: sets the id for the whole request and on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.headers.get(HEADER, ""))
        request.request_id = request_id
        _current.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response
