"""A store for counters that every process of the portal shares, without Redis.

The forms' rate limit (django-ratelimit) counts with ``cache.add()`` and ``cache.incr()``,
and the single-use form tokens are marked with ``cache.add()``. Django's per-process memory
cache cannot share these between gunicorn workers; its file and database caches can, but
their ``incr()`` reads, adds and writes back, so two workers at the same moment lose a count
(django-ratelimit's own system check calls them "not atomic"). This backend is Django's
database cache with an ``incr()`` that cannot lose one: a compare-and-swap in a single
``UPDATE … WHERE value = <old value>``, repeated when another process was first. ``add()``
is already safe: the key is the table's primary key, so of two inserts one fails.

With Redis (DJANGO_CACHE_URL) the counters live there instead; Redis counts atomically.
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router

#: Name of the table; migration core 0001 creates it, so that `migrate` prepares a machine.
TABLE = "vielfalt_counters"


class DatabaseCounterCache(DatabaseCache):
    #: Compare-and-swap rounds before giving up (each lost round means another process counted).
    attempts = 50

    def _encoded(self, value):
        # The same encoding as DatabaseCache._base_set(), so get() reads what incr() wrote.
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")

    def incr(self, key, delta=1, version=None):
        stored_key = self.make_and_validate_key(key, version=version)
        connection = connections[router.db_for_write(self.cache_model_class)]
        quote_name = connection.ops.quote_name
        sql = "UPDATE {table} SET {value} = %s WHERE {key} = %s AND {value} = %s".format(
            table=quote_name(self._table), value=quote_name("value"), key=quote_name("cache_key")
        )
        for _ in range(self.attempts):
            current = self.get(key, version=version)
            if current is None:
                raise ValueError(f"Key '{key}' not found")
            new = current + delta
            with connection.cursor() as cursor:
                cursor.execute(sql, [self._encoded(new), stored_key, self._encoded(current)])
                if cursor.rowcount == 1:
                    return new
        raise ValueError(f"Key '{key}' is changed by others too often to count")
