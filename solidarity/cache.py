"""
A Redis cache that degrades instead of failing.

Django's RedisCache raises when Redis is down or slow, so every page that
touches the cache (counts, rate limits, the page cache) would fail with it.
Here reads miss and writes are dropped while Redis is unreachable, with a
warning in the log; /-/health/ still reports the outage (what it stores does
not come back). Short socket timeouts (settings) keep a hung Redis from
hanging requests.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, OSError)


def degrade(default):
    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE as error:
                logger.warning("Cache unavailable (%s): %s", method.__name__, error)
                return default(*args, **kwargs) if callable(default) else default

        return wrapper

    return decorator


def _default_arg(key, default=None, *args, **kwargs):
    return default


class ResilientRedisCache(RedisCache):
    get = degrade(_default_arg)(RedisCache.get)
    get_many = degrade({})(RedisCache.get_many)
    set = degrade(None)(RedisCache.set)
    set_many = degrade([])(RedisCache.set_many)
    add = degrade(False)(RedisCache.add)
    delete = degrade(False)(RedisCache.delete)
    delete_many = degrade(None)(RedisCache.delete_many)
    touch = degrade(False)(RedisCache.touch)
    has_key = degrade(False)(RedisCache.has_key)
    clear = degrade(None)(RedisCache.clear)
    # incr of a missing key raises ValueError, as callers expect; an outage
    # counts as the first request (rate limits fail open, not closed).
    incr = degrade(1)(RedisCache.incr)
