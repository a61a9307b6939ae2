from django.http import HttpResponse

from .cache import no_page_cache


@no_page_cache
def bench_ping(request):
    """The benchmark's reference: the full middleware stack, no database, no template.

    Registered only when BENCH_REFERENCE_VIEW is on (set by `make bench`), never in normal
    operation. Kept out of the page cache so that it measures the stack, not a cache hit.
    """
    return HttpResponse(b"pong", content_type="text/plain; charset=utf-8")
