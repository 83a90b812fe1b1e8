"""Django's Redis cache, made optional: when Redis cannot be reached the site
goes on as if the cache were empty instead of failing the request.

Redis is only a cache and a broker here; nothing that must last is kept in it.
A save that invalidates the page cache, a page read from it or a lock taken in
it must not turn a Redis outage into errors for visitors and editors. So a
connection error or a timeout becomes a miss: ``get`` returns the default,
``add`` and ``touch`` return False (a lock is not taken, the guarded work is
skipped), writes and deletes do nothing. Other errors still raise. ``incr``
keeps raising too, as it has no value to give. /healthz still reports the cache
as failing, since it reads back what it writes.
"""

import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import connection

logger = logging.getLogger(__name__)


def site_key(name: str) -> str:
    """A cache key of this site's own: the database name keeps two sites (or
    two test databases) that share one Redis apart."""
    return f"{name}:{connection.settings_dict['NAME']}"


# Log an outage once a minute per process, not on every cache call.
_LOG_INTERVAL = 60.0
_last_logged = 0.0


def _log_outage(error: Exception) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= _LOG_INTERVAL:
        _last_logged = now
        logger.warning("The cache is unreachable (%s); going on without it.", error)


def _or_miss(fallback):
    def decorate(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            errors = self._lib.exceptions
            try:
                return method(self, *args, **kwargs)
            except (errors.ConnectionError, errors.TimeoutError) as error:
                _log_outage(error)
            return fallback(*args) if callable(fallback) else fallback

        return wrapper

    return decorate


class _ClientWithoutOutages(RedisCacheClient):
    add = _or_miss(False)(RedisCacheClient.add)
    get = _or_miss(lambda key, default: default)(RedisCacheClient.get)
    set = _or_miss(None)(RedisCacheClient.set)
    touch = _or_miss(False)(RedisCacheClient.touch)
    delete = _or_miss(False)(RedisCacheClient.delete)
    get_many = _or_miss(lambda keys: {})(RedisCacheClient.get_many)
    has_key = _or_miss(False)(RedisCacheClient.has_key)
    set_many = _or_miss(None)(RedisCacheClient.set_many)
    delete_many = _or_miss(None)(RedisCacheClient.delete_many)
    clear = _or_miss(False)(RedisCacheClient.clear)


class ResilientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that treats an
    unreachable Redis as an empty cache (see the module docstring)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ClientWithoutOutages
