import sys

from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template.loader import render_to_string

from .cache import no_page_cache
from .middleware import DATABASE_UNAVAILABLE, database_unavailable_response


@no_page_cache
def bench_ping(request):
    """The benchmark's reference: the full middleware stack, no database, no template.

    Registered only when BENCH_REFERENCE_VIEW is on (set by `make bench`), never in normal
    operation. Kept out of the page cache so that it measures the stack, not a cache hit.
    """
    return HttpResponse(b"pong", content_type="text/plain; charset=utf-8")


# The error handlers. Django's own are wrapped in requires_csrf_token, which runs the CSRF
# check again and so reads request.POST: for a body Django cannot parse (a form post in
# another charset than UTF-8, a broken multipart body) that raises once more while the 400
# page is made, then again in the 500 handler, and the client gets the server's bare 500.
# These never touch request.POST. The 500 page is rendered without the request: it must work
# when the database does not.


def bad_request(request, exception):
    return HttpResponseBadRequest(render_to_string("400.html", request=request))


def permission_denied(request, exception):
    return HttpResponseForbidden(render_to_string("403.html", request=request))


def page_not_found(request, exception):
    return HttpResponseNotFound(render_to_string("404.html", request=request))


def server_error(request):
    """A database outage noticed outside a view (in a middleware, e.g. while saving a
    session) is answered like one inside a view, with the designed 503 page."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable_response()
    return HttpResponseServerError(render_to_string("500.html"))
