"""The CACHES setting for one cache URL and release: a plain function, so that tests build
the very configuration production uses, pointed at a Redis of their own.

Three aliases:

- "default" holds what must outlive a deploy and be shared by every release running side
  by side: the content version (core/cache.py), the letterhead.
- the pages alias holds rendered pages and values derived from the content; its key prefix
  names the release, so that a page rendered by one release (linking its hashed CSS) is
  never served by another.
- the counters alias holds what every process must count together: the forms' rate limit
  (django-ratelimit) and the marks of used form tokens. Redis when configured (atomic,
  shared between machines, not per release so that a deploy does not reset the limits);
  otherwise a table in the database (core.counters, shared by every worker and machine that
  uses the database). Never per-process memory: each gunicorn worker would count alone.

With Redis both fail open: a call that cannot reach Redis within ``socket_timeout`` seconds
is a miss (get) or a no-op (set), never an error for the visitor (django-redis'
IGNORE_EXCEPTIONS), and after a failure the process leaves Redis alone for a few seconds
(core.failfast), so that a frozen Redis costs one timeout, not one per cache call.
"""

from django.core.exceptions import ImproperlyConfigured

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


def cache_settings(
    url, release, socket_timeout=0.5, pages_alias="pages", counters_alias="counters"
):
    if url.startswith(REDIS_SCHEMES):
        shared = {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": socket_timeout,
                "SOCKET_TIMEOUT": socket_timeout,
                "CONNECTION_POOL_CLASS": "core.failfast.FailFastConnectionPool",
            },
        }
        return {
            "default": {**shared, "KEY_PREFIX": "vielfalt"},
            pages_alias: {**shared, "KEY_PREFIX": f"vielfalt-pages-{release}"},
            counters_alias: {**shared, "KEY_PREFIX": "vielfalt-counters"},
        }
    if url in ("", "locmem://"):
        return {
            "default": {"BACKEND": LOCMEM},
            pages_alias: {
                "BACKEND": LOCMEM,
                "LOCATION": "pages",
                "KEY_PREFIX": f"vielfalt-pages-{release}",
                "OPTIONS": {"MAX_ENTRIES": 2000},
            },
            counters_alias: {
                "BACKEND": "core.counters.DatabaseCounterCache",
                "LOCATION": "vielfalt_counters",
                # Culling may drop live entries: far above a window's worth of clients.
                "OPTIONS": {"MAX_ENTRIES": 200_000},
            },
        }
    raise ImproperlyConfigured("DJANGO_CACHE_URL must start with redis://, rediss:// or unix://.")
