"""
A circuit breaker for the Redis cache.

django-redis (IGNORE_EXCEPTIONS) already turns a Redis error into a miss,
but each call still waits for its own socket timeout: with Redis paused or
unreachable, a page that touches the cache ten times took ten timeouts. So
the first call that fails on the network opens the breaker for a few
seconds, during which every call in this process fails at once (a miss)
instead of waiting; then one call tries Redis again. A request pays at most
one timeout.

Wired in through django-redis's documented extension point
(OPTIONS["CONNECTION_FACTORY"]), with redis-py's own connection class
underneath: nothing private is overridden.
"""

import time

from django_redis.pool import ConnectionFactory
from redis.connection import Connection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

OPEN_SECONDS = 5.0
_state = {"open_until": 0.0}


def is_open():
    return time.monotonic() < _state["open_until"]


def trip():
    _state["open_until"] = time.monotonic() + OPEN_SECONDS


def reset():
    _state["open_until"] = 0.0


def _watched(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except (RedisConnectionError, RedisTimeoutError):
        trip()
        raise


class BreakerConnection(Connection):
    """A plain TCP connection to Redis that minds the breaker."""

    def connect(self):
        if is_open():
            raise RedisConnectionError("Redis skipped for a few seconds after an error")
        return _watched(super().connect)

    def send_packed_command(self, command, check_health=True):
        if is_open():
            raise RedisConnectionError("Redis skipped for a few seconds after an error")
        return _watched(super().send_packed_command, command, check_health)

    def read_response(self, *args, **kwargs):
        return _watched(super().read_response, *args, **kwargs)


class BreakerConnectionFactory(ConnectionFactory):
    def get_connection_pool(self, params):
        if params["url"].startswith("redis://"):  # rediss:// and unix:// as they are
            params = {**params, "connection_class": BreakerConnection}
        return super().get_connection_pool(params)
