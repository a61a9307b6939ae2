"""The CACHES setting for one cache URL and release: a plain function, so that tests build
the very configuration production uses, pointed at a Redis of their own.

Two aliases:

- "default" holds what must outlive a deploy and be shared by every release running side
  by side: the contact forms' rate-limit counters and the content version (core/cache.py).
- the pages alias holds rendered pages and values derived from the content; its key prefix
  names the release, so that a page rendered by one release (linking its hashed CSS) is
  never served by another.

With Redis both fail open: a call that cannot reach Redis within ``socket_timeout`` seconds
is a miss (get) or a no-op (set), never an error for the visitor (django-redis'
IGNORE_EXCEPTIONS), and after a failure the process leaves Redis alone for a few seconds
(core.failfast), so that a frozen Redis costs one timeout, not one per cache call.
"""

from django.core.exceptions import ImproperlyConfigured

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


def cache_settings(url, release, socket_timeout=0.5, pages_alias="pages"):
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
        }
    raise ImproperlyConfigured("DJANGO_CACHE_URL must start with redis://, rediss:// or unix://.")
