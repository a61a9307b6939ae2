"""Redis that fails fast: after a connection to Redis failed or timed out, this process
leaves that Redis alone for PAUSE_SECONDS and answers every cache call at once as failed.

django-redis (IGNORE_EXCEPTIONS) turns each failed call into a miss, so pages are served
uncached and forms still work. Without the pause a frozen Redis would cost the socket
timeout on every cache call, several per request; with it, one timeout per process and pause.
After the pause the next call tries Redis again: recovery needs no restart.

Used through django-redis' CONNECTION_POOL_CLASS (vielfalt/settings/caches.py).
"""

import logging
import time

import redis

PAUSE_SECONDS = 5.0

# Address of a Redis server -> time.monotonic() until which it is left alone.
_paused_until = {}


def is_paused(address, now=None):
    return (time.monotonic() if now is None else now) < _paused_until.get(address, 0.0)


# Counts the pauses begun, so that each outage is logged (see OncePerPause).
_pauses_begun = 0


def pause(address):
    global _pauses_begun
    _pauses_begun += 1
    _paused_until[address] = time.monotonic() + PAUSE_SECONDS


def resume(address=None):
    """End the pause at once (for all servers without ``address``)."""
    if address is None:
        _paused_until.clear()
    else:
        _paused_until.pop(address, None)


class FailFastMixin:
    def redis_address(self):
        return getattr(self, "path", None) or (self.host, self.port)

    def connect(self):
        address = self.redis_address()
        if self._sock is None and is_paused(address):
            raise redis.ConnectionError(
                f"Redis {address} failed less than {PAUSE_SECONDS:g} s ago; not asked"
            )
        try:
            return super().connect()
        except (redis.ConnectionError, redis.TimeoutError):
            pause(address)
            raise

    def read_response(self, *args, **kwargs):
        try:
            return super().read_response(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError):
            pause(self.redis_address())
            raise


_fail_fast_classes = {}


def fail_fast(connection_class):
    """``connection_class`` (TCP, TLS or Unix socket) with the pause after a failure."""
    if connection_class not in _fail_fast_classes:
        _fail_fast_classes[connection_class] = type(
            f"FailFast{connection_class.__name__}", (FailFastMixin, connection_class), {}
        )
    return _fail_fast_classes[connection_class]


class FailFastConnectionPool(redis.ConnectionPool):
    def __init__(self, connection_class=redis.Connection, **kwargs):
        super().__init__(connection_class=fail_fast(connection_class), **kwargs)


class OncePerPause(logging.Filter):
    """Let the first record of each pause through, and otherwise one per PAUSE_SECONDS: an
    outage is logged, not every cache call it made fail."""

    def __init__(self, name=""):
        super().__init__(name)
        self.next_allowed = 0.0
        self.logged_pause = 0

    def filter(self, record):
        now = time.monotonic()
        if now < self.next_allowed and self.logged_pause == _pauses_begun:
            return False
        self.next_allowed = now + PAUSE_SECONDS
        self.logged_pause = _pauses_begun
        return True


def install_log_filter(logger_name):
    logger = logging.getLogger(logger_name)
    if not any(isinstance(existing, OncePerPause) for existing in logger.filters):
        logger.addFilter(OncePerPause())
