"""
Page-cache hits answered before Django: a WSGI layer around the site
(solidarity/wsgi.py) that replays Django's own answer.

The page cache (solidarity/pagecache.py) decides what is stored and when a
copy is current, but a hit still went through Django's handler and the
middleware above the cache, several times the CPU gunicorn itself spends
on a request. So when Django answers a request as a cache hit, this layer
keeps that answer (status, headers and body as sent) under the request's
*inputs*: everything the layers in front of the view read that can change
a cached page's answer. The next request with the same inputs, while the
content version is the same, gets the same answer without Django.

The inputs: the method; the scheme (`wsgi.url_scheme`, and the proxy's
`X-Forwarded-Proto` with whether the sender is a trusted proxy); the Host
and X-Forwarded-Host headers; the script name and path (the language
prefix is part of it); the query parameters the page declares
(`cache_params`: `utm_*` and `fbclid` do not split a page); Accept-Encoding
(PublicGZipMiddleware compresses by it); a request body's length or
encoding (RequestBodyLimitMiddleware refuses large ones). Same inputs and
same version: the same answer from Django, by construction, whatever the
middleware above the cache adds (security headers, gzip, Vary).

A replay is sent only while the page cache's epoch and version are those
of the copy Django served and its until key is there: a withdrawal (a new
epoch), any change (a new version) or a scheduled change coming due (no
until key) goes to Django, which renews, renders, or serves stale as the
page cache decides; a later hit is remembered again. With Redis, a worker
keeps the three values between requests and Redis pushes it a note of
every write to them (client-side caching, see `Watch`): a replay costs a
look at a socket, not a round trip (which cost as much CPU as the rest of
the replay and gunicorn together). With the local-memory cache they are
read on each request.

Pages with a public form carry a placeholder for the form's signed start
time (solidarity/antispam.py): the replay signs the current time into it,
as the page cache does, and compresses that copy when Django compressed it.
It does so once each START_TICK (0.1 s) and sends that copy meanwhile, so
a visitor's start time is at most 0.1 s early (the 2 s time trap is at
least 1.9 s) and a hot appeal page costs what any other hit costs. The
start time is not a secret: any visitor can fetch one. It is single-use for
each client (solidarity/idempotency.py), so visitors who share one can each
send their form.

Django answers, unchanged, everything else: POST and other methods; a
session or messages cookie (editors); conditional requests (304s); a page
this process has not answered as a hit under the current version; Redis
unreachable, slow or refusing; and the cache closed by a change it could
not be told of (`pagecache.known_open()`: Django looks again once a second).
"""

import contextlib
import gzip
import logging
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.core.handlers.wsgi import get_path_info, get_script_name, get_str_from_wsgi
from django.http import QueryDict, parse_cookie
from redis.exceptions import RedisError

from . import antispam, pagecache
from .middleware import trusted_proxy

logger = logging.getLogger(__name__)

# Replies kept per process (the oldest go first): a few variants (HEAD,
# Accept-Encoding) of a few hundred pages.
REPLIES = 500
# How often a page with a form gets freshly signed start times (seconds).
START_TICK = 0.1
STATE_KEYS = (pagecache.EPOCH_KEY, pagecache.VERSION_KEY, pagecache.UNTIL_KEY)
# The longest a Watch trusts its state without reading it again: the same
# second in which each process looks for changes the cache missed.
REVALIDATE_SECONDS = pagecache.CLOSED_CHECK_SECONDS
CONDITIONAL = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)

_replies = {}
_trusted = {}
_watches = threading.local()


class Reply:
    """Django's answer to one set of inputs under one content version."""

    __slots__ = (
        "state",
        "status",
        "headers",
        "body",
        "pieces",
        "gzip",
        "tick",
        "filled",
    )

    def __init__(self, state, status, headers, body, pieces=None):
        self.state, self.status, self.headers, self.body = state, status, headers, body
        # A page with forms: cut around their start times (see `answer`).
        self.pieces = pieces
        self.gzip = ("Content-Encoding", "gzip") in headers
        self.tick, self.filled = None, None

    def answer(self, head):
        if self.pieces is None:
            return self.status, self.headers, self.body
        # Start times signed afresh each START_TICK: what a visitor is
        # served is never older than that, and a hot page signs (and
        # compresses) a few times a second instead of for each request.
        tick = int(time.time() / START_TICK)
        if tick != self.tick:
            body = antispam.fill_pieces(
                self.pieces, antispam.fresh_starts(self.pieces, when=tick * START_TICK)
            )
            if self.gzip:
                body = gzip.compress(body, compresslevel=6, mtime=0)
            length = ("Content-Length", str(len(body)))
            headers = [length if h[0] == "Content-Length" else h for h in self.headers]
            self.tick, self.filled = tick, (headers, body)
        headers, body = self.filled
        return self.status, headers, b"" if head else body


def request_inputs(environ):
    """What Django's answer to a cached page depends on (see the module's
    docstring), or None when this request must go to Django."""
    method = environ.get("REQUEST_METHOD")
    if method not in ("GET", "HEAD") or not settings.PAGE_CACHE_ENABLED:
        return None
    if any(name in environ for name in CONDITIONAL):
        return None
    cookie = environ.get("HTTP_COOKIE")
    if cookie and not pagecache.anonymous(parse_cookie(cookie)):
        return None
    host = environ.get("HTTP_HOST")
    path = get_path_info(environ)
    params = pagecache.known_params(path)
    if host is None or params is None:
        return None
    query = ""
    if params:
        raw = QueryDict(get_str_from_wsgi(environ, "QUERY_STRING", ""))
        query = pagecache.kept_query(raw, params).urlencode()
    forwarded = environ.get("HTTP_X_FORWARDED_PROTO")
    if forwarded is not None:
        forwarded = (forwarded, is_trusted(environ.get("REMOTE_ADDR", "")))
    return (
        method,
        environ.get("wsgi.url_scheme"),
        forwarded,
        host,
        environ.get("HTTP_X_FORWARDED_HOST"),
        get_script_name(environ),
        path,
        query,
        environ.get("HTTP_ACCEPT_ENCODING"),
        environ.get("CONTENT_LENGTH"),
        environ.get("HTTP_TRANSFER_ENCODING"),
    )


def is_trusted(address):
    if address not in _trusted:
        if len(_trusted) >= REPLIES:
            _trusted.clear()
        _trusted[address] = trusted_proxy(address)
    return _trusted[address]


def current_state():
    """(epoch, version) when the page cache may serve (all three keys
    there, the cache not closed), else None."""
    if not pagecache.known_open():
        return None
    backend = caches["default"]
    try:
        if hasattr(backend, "client") and hasattr(backend.client, "get_client"):
            return watch(backend).current()
        # The local-memory cache (development, tests): in-process anyway.
        found = backend.get_many(STATE_KEYS)
    except (RedisError, OSError):  # Django meets the same and says so
        return None
    except Exception:
        # Whatever else goes wrong here, Django answers.
        logger.exception("Page-cache state unreadable for a replay")
        return None
    if len(found) < len(STATE_KEYS):
        return None
    return found[pagecache.EPOCH_KEY], found[pagecache.VERSION_KEY]


def watch(backend):
    """This thread's Watch on `backend` (a new one if the cache changed)."""
    current = getattr(_watches, "watch", None)
    if current is None or current.backend is not backend:
        if current is not None:
            current.connection.disconnect()
        current = _watches.watch = Watch(backend)
    return current


class Watch:
    """The page cache's (epoch, version) as Redis last said, kept between
    requests while Redis reports no change to any of its keys.

    One connection per thread, made like the cache's own (address, db,
    timeouts, the circuit breaker's connection class) but in RESP3 with
    client-side caching on (`CLIENT TRACKING ON BCAST PREFIX`): Redis
    pushes an invalidation on it whenever a `pagecache:` key is written,
    deleted, expires or is evicted, and flushes it in the same pass as its
    reply to the writer, so by the time the worker that made a change has
    its answer the push sits in every other worker's socket (on one host;
    across hosts it is on the wire). A request looks for one without
    waiting (a poll, no round trip); any push, a closed connection, the
    until key's expiry or REVALIDATE_SECONDS since the last read (so a
    connection that died silently cannot stretch it) read the state again,
    in one round trip that also renews the tracking."""

    def __init__(self, backend):
        self.backend = backend
        pool = backend.client.get_client(write=False).connection_pool
        self.connection = pool.connection_class(
            **{**pool.connection_kwargs, "protocol": 3}
        )
        keys = [backend.make_key(key) for key in STATE_KEYS]
        prefix = backend.make_key("pagecache:")
        self.command = self.connection.pack_commands(
            [
                ("CLIENT", "TRACKING", "OFF"),
                ("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", prefix),
                ("MGET", *keys),
                ("PTTL", keys[2]),
            ]
        )
        self.state, self.expires = None, 0.0

    def current(self):
        now = time.monotonic()
        if (
            self.state is not None
            and now < self.expires
            and not self.connection.can_read(timeout=0)
        ):
            return self.state
        self.state = None
        self.state, self.expires = self.read(now)
        return self.state

    def read(self, now):
        connection = self.connection
        try:
            # Pushes still unread come first and are skipped by the parser.
            connection.send_packed_command(self.command, check_health=False)
            replies = [connection.read_response() for _ in range(4)]
        except BaseException:
            # Never leave half a reply on the connection for the next read.
            connection.disconnect()
            raise
        values, milliseconds = replies[2], replies[3]
        if None in values or milliseconds == -2:
            return None, 0.0
        decode = self.backend.client.decode
        seconds = REVALIDATE_SECONDS
        if milliseconds >= 0:
            seconds = min(seconds, milliseconds / 1000)
        return (decode(values[0]), decode(values[1])), now + seconds


def remember(inputs, copy, status, headers, response):
    """Keep Django's answer to `inputs`, a hit on the stored `copy`."""
    if response.streaming or any(name == "Set-Cookie" for name, _ in headers):
        return
    kept = _replies.get(inputs)
    if kept is not None and kept.state == copy[:2]:
        return  # Django answered while the cache's look was due: same reply
    pieces = antispam.form_token_pieces(copy[3])
    if len(pieces) == 1:
        pieces = None
    else:
        encoding = dict(headers).get("Content-Encoding")
        head = inputs[0] == "HEAD"
        if encoding not in (None, "gzip") or (head and encoding):
            return
        if not any(name == "Content-Length" for name, _ in headers):
            return
    if len(_replies) >= REPLIES:
        # The oldest goes (another thread may be at it too).
        with contextlib.suppress(StopIteration, KeyError, RuntimeError):
            _replies.pop(next(iter(_replies)))
    _replies[inputs] = Reply(copy[:2], status, list(headers), response.content, pieces)


class PageHits:
    """The WSGI application: replays where it can, Django otherwise."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        inputs = request_inputs(environ)
        if inputs is None:
            return self.application(environ, start_response)
        reply = _replies.get(inputs)
        if reply is not None and reply.state == current_state():
            status, headers, body = reply.answer(inputs[0] == "HEAD")
            start_response(status, headers)
            return [body]
        sent = []

        def start(status, headers, exc_info=None):
            sent[:] = [status, headers]
            return start_response(status, headers, exc_info)

        response = self.application(environ, start)
        copy = getattr(response, "page_copy", None)
        if copy is not None and sent:
            remember(inputs, copy, sent[0], sent[1], response)
        return response
