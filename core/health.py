"""Health endpoints for load balancers and orchestrators.

``/healthz``: the process is alive (no database, no cache): 200 "ok".
``/readyz``: ready for traffic: 200 when the database answers ``SELECT 1``, else 503. The
JSON body also reports the cache (a set/get round trip) and the file storage (an
``exists`` probe); both are reported but not fatal, because the portal still serves pages
without them.

Load balancers ask with their own Host (often an address like ``10.0.0.5:8000``) and over
plain HTTP. :class:`HealthCheckMiddleware` sits before SecurityMiddleware and answers
exactly these two paths without ever looking at the Host, so ALLOWED_HOSTS stays strict
for every page and there is no redirect to HTTPS for the checks. The responses are never
cached (``Cache-Control: no-store``, ``no_page_cache``, PAGE_CACHE_EXCLUDED_PATHS).
"""

import logging
import uuid

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from core.cache import no_page_cache

logger = logging.getLogger("core.health")

HEALTH_PATHS = ("/healthz", "/readyz")


def _never_cache(response):
    add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
    return response


def check_database(alias=DEFAULT_DB_ALIAS):
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("readyz: database %r unreachable: %s", alias, error)
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True}


def check_cache():
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception as error:  # noqa: BLE001 - any backend's failure is only reported
        logger.warning("readyz: cache round trip failed: %s", error)
        return {"ok": False, "error": type(error).__name__}
    return {"ok": ok} if ok else {"ok": False, "error": "value not read back"}


def check_storage():
    try:
        exists = default_storage.exists("")
    except Exception as error:  # noqa: BLE001 - local disk or object storage, only reported
        logger.warning("readyz: storage probe failed: %s", error)
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True} if exists else {"ok": False, "error": "storage root missing"}


@no_page_cache
@require_safe
def healthz(request):
    return _never_cache(HttpResponse("ok\n", content_type="text/plain; charset=utf-8"))


@no_page_cache
@require_safe
def readyz(request):
    checks = {"database": check_database(), "cache": check_cache(), "storage": check_storage()}
    ready = checks["database"]["ok"]
    body = {"status": "ok" if ready else "unavailable", "checks": checks}
    response = JsonResponse(body, status=200 if ready else 503)
    return _never_cache(response)


VIEWS = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """Answers /healthz and /readyz before anything validates the Host or redirects.

    Place it at the top of MIDDLEWARE (after RequestIdMiddleware). Every other path goes on
    unchanged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = VIEWS.get(request.path_info)
        if view is None:
            return self.get_response(request)
        return view(request)
