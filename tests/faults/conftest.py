"""Faults that must degrade, never lose: Redis down or frozen, the database down, a hanging
mail server, two releases side by side. The servers are real (tests/services.py)."""

import pytest

from core import cache as page_cache
from core import failfast
from tests.contact.conftest import contact_settings, message_data, request_data, smtp
from tests.servers import RedisServer
from vielfalt.settings.caches import cache_settings

__all__ = ["contact_settings", "message_data", "request_data", "smtp"]


@pytest.fixture
def redis_server(request):
    server = RedisServer(persistent=bool(request.node.get_closest_marker("persistent_redis")))
    server.start()
    yield server
    server.remove()


@pytest.fixture
def use_redis(settings, redis_server):
    """The portal's production cache configuration (release "a") on the test's Redis, with
    the page cache on. ``use_redis.release("b")`` switches to another release."""

    def release(name):
        settings.CACHES = cache_settings(redis_server.url, name)

    release("a")
    settings.PAGE_CACHE_ENABLED = True
    failfast.resume()
    page_cache._bump_owed = False
    redis_server.release = release
    yield redis_server
    failfast.resume()
    page_cache._bump_owed = False
