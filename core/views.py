import sys

from django.http import HttpResponse
from django.views import defaults

from .cache import no_page_cache
from .middleware import DATABASE_UNAVAILABLE, database_unavailable_response


@no_page_cache
def bench_ping(request):
    """The benchmark's reference: the full middleware stack, no database, no template.

    Registered only when BENCH_REFERENCE_VIEW is on (set by `make bench`), never in normal
    operation. Kept out of the page cache so that it measures the stack, not a cache hit.
    """
    return HttpResponse(b"pong", content_type="text/plain; charset=utf-8")


def server_error(request):
    """The 500 handler: a database outage noticed outside a view (in a middleware, e.g. while
    saving a session) is answered like one inside a view, with the designed 503 page."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable_response()
    return defaults.server_error(request)
