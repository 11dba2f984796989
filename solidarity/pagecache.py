"""
The page cache: whole anonymous pages kept in the cache (Redis with
REDIS_URL, so every worker shares them; local memory otherwise), and the one
*content version* that says whether a stored copy is current.

The version. Three small values in the cache:

* `version` goes up whenever public content changes (`content_changed()`,
  called after the commit by the apps' signal handlers and bulk updates);
* `epoch` goes up only when something was *withdrawn* (unpublished, deleted,
  erased: `content_changed(hard=True)`);
* `until` exists while no scheduled change is due: it expires at the next
  scheduled publication, expiry or meeting start/end (the apps register how
  to find that moment with `register_schedule()`), and its absence makes the
  next request renew the version (as a withdrawal: an expiry withdraws).

A stored page records the version and epoch it was rendered under. Same
version: a hit. Older version but the same epoch (only additions and edits
since): the copy may be served *stale* for a few seconds while one worker,
holding a short lock, renders the new one, so a hot page that changes is
rendered once, not by every worker at once (nginx's `proxy_cache_lock` with
`proxy_cache_use_stale updating`). Another epoch: never served; re-rendered.
The same version and its per-request memo (`content_version()`) key the
data caches of the lists' counts (posts/listing.py).

A deploy starts afresh: the key of every page holds `release()`, a digest
of the code and templates that render it, so no copy rendered by the
previous code is served (stale or not) once the new code runs.

What is stored: anonymous GET/HEAD requests (no session or messages cookie)
whose response is a 200 that sets no cookie, did not touch the CSRF token,
and does not say private/no-store/no-cache. The key is the scheme, host,
path (which holds the language: every page has its language's prefix) and
only the query parameters the page's view declares (`cache_params`): the
view sees only those, so `utm_*`, `fbclid` or junk
share one copy. A view that rejects a value says so by marking its response
private (`dont_store()`).

When the cache cannot be told of a change (Redis away or refusing writes),
the change is written down in the database and no worker serves from the
cache until the version could be renewed (`cache_closed()`, looked up once
a second): a withdrawn page is never served after the admin said "done",
and the editor is told (`UntoldChangesMiddleware`). Redis calls go through
a circuit breaker (solidarity/cachebreaker.py): one timeout per request at
most.

Public forms carry a signed start time (solidarity/antispam.py) that must
be when the visitor was served, not when the page was cached: a page holds
a placeholder, and this middleware signs the current time into each copy
it hands out (`antispam.fill_form_tokens`).

Most hits never come this far: solidarity/pagehits.py, in front of Django,
replays this middleware's answer to a hit (marked `page_copy`) while the
version stays the same. What reaches it is the first hit of a page per
process and version, and conditional requests.
"""

import functools
import hashlib
import logging
import os
import time
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.http import http_date
from django.utils.translation import get_language_from_path, override
from django.utils.translation import gettext as _

from . import antispam
from .models import UntoldChange

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
EPOCH_KEY = "pagecache:epoch"
UNTIL_KEY = "pagecache:until"
RENEW_LOCK_KEY = "pagecache:renewing"
# Pages outlive versions so that a stale copy is there to serve while the
# new one is rendered; the LRU policy of Redis bounds the memory.
PAGE_TTL = 24 * 60 * 60
# The longest a version lives without a scheduled change: a safety net for
# changes made outside Django (a manual SQL fix).
MAX_VERSION_AGE = 24 * 60 * 60
# How long one worker may take to render a page before another tries.
LOCK_SECONDS = 10
MAX_QUERY_LENGTH = 512

# How often each process looks for changes the cache could not be told of.
CLOSED_CHECK_SECONDS = 1.0

_schedules = []
_request_version = ContextVar("content_version", default=None)
_untold = ContextVar("untold_change", default=False)
_closed = {"until": 0.0, "closed": False}
# Per process: the parameters each path's view reads.
LOCAL_ENTRIES = 200
_known_params = {}


# What makes a page besides the content (see `release()`).
RELEASE_DIRECTORIES = (
    "solidarity",
    "posts",
    "appeals",
    "templates",
    "static",
    "locale",
)
RELEASE_SUFFIXES = (
    ".py",
    ".html",
    ".txt",
    ".xml",
    ".mo",
    ".css",
    ".js",
    ".svg",
    ".json",
)


@functools.cache
def release():
    """The code that renders the pages, in 16 hex digits: DJANGO_RELEASE
    when the deployment names it (say, its git revision), else a digest of
    the project's modules, templates, translations and static files (the
    same on every server running the same files). Part of every page's key,
    so after a deploy no page that the previous code rendered is served,
    even though the content version did not change."""
    named = os.environ.get("DJANGO_RELEASE", "")
    if named:
        return hashlib.sha256(named.encode()).hexdigest()[:16]
    digest = hashlib.sha256()
    for directory in RELEASE_DIRECTORIES:
        for path in sorted((settings.BASE_DIR / directory).rglob("*")):
            if path.suffix in RELEASE_SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def register_schedule(next_change):
    """`next_change(now)` returns the next moment public content changes by
    the clock alone (or None). Apps register it in AppConfig.ready()."""
    if next_change not in _schedules:
        _schedules.append(next_change)


def seconds_to_next_change():
    now = timezone.now()
    moments = [m for m in (f(now) for f in _schedules) if m is not None]
    if not moments:
        return MAX_VERSION_AGE
    seconds = (min(moments) - now).total_seconds()
    # Round up so the version never outlives the change.
    return max(1, min(MAX_VERSION_AGE, int(seconds) + 1))


def content_changed(hard=False):
    """Public content changed: a new version now (so the request that made
    the change pays for the schedule query, not the next visitor) and again
    when the transaction commits (a request racing the commit could
    otherwise store the old content under the first new version). `hard`
    when something was withdrawn: no copy from before may be served, not
    even for a few seconds."""
    _bump(hard)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(hard))


def _bump(hard):
    """Renew the version. If the cache cannot be told, the change is written
    down in the database (UntoldChange) and no worker serves from the cache
    until a later renewal succeeds: fail closed, so a withdrawn page is
    never served after the admin said "done". Says whether it was told."""
    try:
        owed = UntoldChange.objects.exists()
    except DatabaseError:  # e.g. inside a failed transaction
        owed = False
    if _renew(hard or owed):
        if owed:
            UntoldChange.objects.all().delete()
        return True
    logger.error("The page cache could not be told of a content change")
    _untold.set(True)
    _closed["until"] = 0.0  # this process stops serving from the cache now
    try:
        UntoldChange.objects.create()
    except DatabaseError:
        logger.exception("Could not record a change the page cache missed")
    return False


def _renew(hard):
    for key in [EPOCH_KEY, VERSION_KEY] if hard else [VERSION_KEY]:
        try:
            if cache.incr(key) is None:  # django-redis: Redis unreachable
                return False
        except ValueError:  # the key was evicted or never made
            if cache.add(key, time.time_ns(), None) is None:
                return False
    try:
        cache.set(UNTIL_KEY, 1, seconds_to_next_change())
    except DatabaseError:  # renew on the next request instead
        logger.exception("Could not find the next scheduled change")
        cache.delete(UNTIL_KEY)
    return True


def cache_closed():
    """Whether a change is still untold (then the cache is bypassed). Looked
    up at most once a second per process, trying to settle it each time."""
    now = time.monotonic()
    if now < _closed["until"]:
        return _closed["closed"]
    try:
        closed = UntoldChange.objects.exists() and not _bump(hard=True)
    except DatabaseError:  # the database is away: cached pages are welcome
        closed = False
    _closed.update(until=now + CLOSED_CHECK_SECONDS, closed=closed)
    return closed


class UntoldChangesMiddleware:
    """Tells the editor when a change they made could not reach the page
    cache (placed after MessageMiddleware, so the message is kept)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _untold.set(False)
        try:
            response = self.get_response(request)
            if _untold.get() and hasattr(request, "_messages"):
                messages.warning(
                    request,
                    _(
                        "The public site's cache could not be told of this "
                        "change. Until it can, the site is served without its "
                        "cache, so nobody is shown the old version."
                    ),
                )
        finally:
            _untold.reset(token)
        return response


def _state():
    """(epoch, version) now, making or renewing them as needed, or None when
    the cache cannot say (then nothing is served from or stored in it)."""
    found = cache.get_many([EPOCH_KEY, VERSION_KEY, UNTIL_KEY])
    return _checked_state(found)


def _checked_state(found):
    if EPOCH_KEY not in found or VERSION_KEY not in found:
        stamp = time.time_ns()
        cache.add(EPOCH_KEY, stamp, None)
        cache.add(VERSION_KEY, stamp, None)
        found = cache.get_many([EPOCH_KEY, VERSION_KEY, UNTIL_KEY])
        if EPOCH_KEY not in found or VERSION_KEY not in found:
            return None  # the cache is away
    if UNTIL_KEY not in found and cache.add(RENEW_LOCK_KEY, 1, LOCK_SECONDS):
        # A scheduled change is due (or was never looked for): one worker
        # renews; the others go on with the version they read.
        try:
            _bump(hard=True)
        finally:
            cache.delete(RENEW_LOCK_KEY)
        found = cache.get_many([EPOCH_KEY, VERSION_KEY])
        if EPOCH_KEY not in found or VERSION_KEY not in found:
            return None
    return found[EPOCH_KEY], found[VERSION_KEY]


def content_version():
    """The current content version, for keys of data cached until content
    changes (the lists' counts). Read once per request."""
    memo = _request_version.get()
    if memo is not None:
        return memo
    state = _state()
    return state[1] if state else None


def fragment_version():
    """The version for the keys of template fragments (`{% cache %}` of
    cards, `template_context`), or a value never seen again when it cannot
    be trusted (the cache closed by an untold change, or away): then no
    fragment is reused."""
    version = None if cache_closed() else content_version()
    return uuid.uuid4().hex if version is None else version


def template_context(request):
    """Context processor: `content_version`, read when a template first
    uses it. Cards are rendered once per process and version
    (CACHES["fragments"], local memory: a round trip per card would eat a
    third of what they save), the content version in their keys."""
    return {"content_version": SimpleLazyObject(fragment_version)}


def dont_store(response):
    """Keep `response` out of every shared cache (e.g. a page shown for an
    invalid filter value: a copy per junk value would flood the cache)."""
    patch_cache_control(response, private=True)
    return response


def cache_params(*names):
    """Declare the query parameters a function view reads; the page cache
    keys its pages by those alone (class-based views set `cache_params`)."""

    def decorator(view):
        view.cache_params = frozenset(names)
        return view

    return decorator


def known_params(path_info):
    """The query parameters the view at `path_info` reads, if this process
    has resolved that path already (else None)."""
    return _known_params.get(path_info)


def anonymous(cookies):
    """Whether a visitor with these cookies may be served from the cache:
    no session (editors) and no pending messages for them."""
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def kept_query(query, params):
    """The declared `params` of QueryDict `query`, in a fixed order: what
    the view sees and what keys the page."""
    kept = QueryDict(mutable=True)
    for name in sorted(params):
        values = query.getlist(name)
        if values:
            kept.setlist(name, values)
    kept._mutable = False
    return kept


def known_open():
    """Whether the last look (at most CLOSED_CHECK_SECONDS ago) found the
    cache open; False when it is due again (then `cache_closed()` looks)."""
    return time.monotonic() < _closed["until"] and not _closed["closed"]


def view_params(match):
    params = getattr(match.func, "cache_params", None)
    if params is None:
        params = getattr(getattr(match.func, "view_class", None), "cache_params", ())
    return params


class PageCacheMiddleware:
    """Serve and store whole anonymous pages; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.finish(request, self.get_response(request))
        params = self.params_of(request.path_info)
        if params is None:
            return self.finish(request, self.get_response(request))
        self.keep_params(request, params)
        if len(request.META["QUERY_STRING"]) > MAX_QUERY_LENGTH:
            return self.finish(request, self.get_response(request))
        key = self.key(request)
        # The state and the page in one round trip.
        found = cache.get_many([EPOCH_KEY, VERSION_KEY, UNTIL_KEY, key])
        state = _checked_state(found)
        if state is None:
            return self.finish(request, self.get_response(request))
        stored = found.get(key)
        locked = False
        if stored is not None:
            if stored[:2] == state:
                response = self.rebuild(stored, "hit")
                # The copy served, for solidarity/pagehits.py's replay.
                response.page_copy = stored
                return self.finish(request, response)
            if stored[0] == state[0]:
                locked = cache.add(f"{key}:lock", 1, LOCK_SECONDS)
                if not locked:
                    # Another worker is rendering the new copy meanwhile.
                    return self.finish(request, self.rebuild(stored, "stale"))
        token = _request_version.set(state[1])
        try:
            response = self.get_response(request)
        finally:
            _request_version.reset(token)
        if self.cacheable_response(request, response):
            self.store(key, state, response)
            response["X-Page-Cache"] = "miss"
        if locked:
            cache.delete(f"{key}:lock")
        return self.finish(request, response)

    @staticmethod
    def params_of(path):
        """The query parameters the view at `path` reads (None: no view),
        remembered per process: resolving costs more than the rest of a hit."""
        if path not in _known_params:
            try:
                # This runs before the language middleware, and a path under
                # i18n_patterns resolves only in its own prefix's language.
                with override(get_language_from_path(path) or settings.LANGUAGE_CODE):
                    params = view_params(resolve(path))
            except Resolver404:
                return None
            if len(_known_params) >= LOCAL_ENTRIES:
                _known_params.clear()
            _known_params[path] = params
        return _known_params[path]

    def cacheable_request(self, request):
        return (
            settings.PAGE_CACHE_ENABLED
            and request.method in ("GET", "HEAD")
            and anonymous(request.COOKIES)
            and not request.path.startswith((self.admin_prefix, "/-/"))
            and not cache_closed()
        )

    @staticmethod
    def keep_params(request, params):
        """Leave the view only the parameters it declared, in a fixed order."""
        kept = kept_query(request.GET, params)
        request.GET = kept
        # get_full_path() and links built from it see the same.
        request.META["QUERY_STRING"] = kept.urlencode()

    @staticmethod
    def key(request):
        # get_host() validates the Host header against ALLOWED_HOSTS (a bad
        # one raises DisallowedHost, a 400, before anything is stored).
        raw = "|".join(
            (
                release(),
                request.scheme,
                request.get_host(),
                request.path,
                request.GET.urlencode(),
            )
        )
        digest = hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()
        return f"page:{digest}"

    @staticmethod
    def cacheable_response(request, response):
        if response.status_code != 200 or response.streaming:
            return False
        if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False
        control = response.get("Cache-Control", "").lower()
        if any(word in control for word in ("private", "no-store", "no-cache")):
            return False
        if "immutable" in control:
            # Under an address that names its content (the site's stylesheet):
            # cheap to make, and storing it would cut its year to max-age=0.
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",")}
        return vary <= {"", "cookie", "accept-encoding"}

    @staticmethod
    def store(key, state, response):
        digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        response["ETag"] = f'"{digest}"'
        response["Last-Modified"] = http_date(time.time())
        patch_cache_control(response, public=True, max_age=0)
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in ("x-page-cache", "set-cookie", "content-length")
        ]
        cache.set(key, (*state, headers, response.content), PAGE_TTL)

    @staticmethod
    def rebuild(stored, how):
        headers, content = stored[2:]
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = how
        return response

    @staticmethod
    def finish(request, response):
        """Sign each visitor's own form tokens into the page, and send no
        body to a HEAD request (the length stays the GET's)."""
        if response.streaming:
            return response
        response.content = antispam.fill_form_tokens(response.content)
        response["Content-Length"] = str(len(response.content))
        if request.method == "HEAD":
            response.content = b""
        return response
