"""
The anonymous page cache: whole public pages and feeds, kept in the cache
(Redis with REDIS_URL, so every worker shares it; local memory otherwise).

Correctness comes from a *content version* in every key. Any change to
content (a save, delete, tag or country change, or a bulk `update()` such as
moderation) replaces the version, so every cached page is missed at once.
The version also expires by itself at the next moment a page's content
changes without a write: the next scheduled publication, expiry, or a
meeting starting or ending. So a scheduled item appears on time, a withdrawn
appeal or an unapproved message is never served from the cache.

Only anonymous GET/HEAD requests without a session or messages cookie are
served from or stored in the cache. A response is stored only if it is a
200 that sets no cookie, did not use the CSRF token (a page with a form must
not hand one visitor's token to another), and does not say private/no-store
/no-cache (previews). The admin and /-/ are never cached.
"""

import hashlib
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import Min, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from posts import listing

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
PAGE_TTL = 600  # seconds; the version bounds it further
MAX_QUERY_LENGTH = 512
CONTENT_APPS = {"posts", "appeals", "taggit"}


def next_change(now):
    """The next moment published content changes by the clock alone: a
    scheduled publication, an expiry, a meeting starting or ending."""
    from posts.models import Post

    published = Q(status=Post.Status.PUBLISHED)
    moments = Post.objects.aggregate(
        publish=Min("published_at", filter=published & Q(published_at__gt=now)),
        expire=Min("expires_at", filter=published & Q(expires_at__gt=now)),
        start=Min("as_event__starts_at", filter=Q(as_event__starts_at__gt=now)),
        end=Min("as_event__ends_at", filter=Q(as_event__ends_at__gt=now)),
    )
    moments = [m for m in moments.values() if m is not None]
    return min(moments) if moments else None


def content_version():
    """The current version, or None when it cannot be known (cache or
    database away): then nothing is served from or stored in the cache."""
    try:
        version = cache.get(VERSION_KEY)
        if version is not None:
            return version
        version, timeout = new_version()
        # add(): when two workers race, both use the one that won.
        if not cache.add(VERSION_KEY, version, timeout):
            return cache.get(VERSION_KEY) or version
        # Here the version had expired (or was evicted): the clock may have
        # passed a scheduled change, and the timeline's cached counts
        # (posts/listing.py) must follow too.
        listing.bump_content_version()
        return version
    except (DatabaseError, ConnectionError, OSError) as error:
        logger.warning("Page cache unavailable: %s", error)
        return None


def new_version():
    """A fresh version and how long it may live: until the next scheduled
    change, at most PAGE_TTL. One query."""
    now = timezone.now()
    upcoming = next_change(now)
    timeout = PAGE_TTL
    if upcoming is not None:
        # Round up, so the version never outlives the change.
        timeout = min(timeout, max(1, int((upcoming - now).total_seconds()) + 1))
    return uuid.uuid4().hex[:12], timeout


def bump_content_version(**kwargs):
    """Content changed: a new version now (so the request that made the
    change pays for the schedule query, not the next visitor), and again
    when the transaction commits (a request racing the commit could
    otherwise store old content under the first new version). The lists'
    cached counts and menus (posts/listing.py) follow too: bulk updates such
    as unpublishing send no signal of their own."""
    listing.bump_content_version()
    _renew()
    transaction.on_commit(_renew)


def _renew():
    try:
        version, timeout = new_version()
        cache.set(VERSION_KEY, version, timeout)
    except DatabaseError:
        # E.g. inside a transaction that already failed: forget instead.
        _forget()
    except Exception:  # noqa: BLE001 (an unreachable cache holds nothing stale)
        logger.warning("Could not renew the page cache version")


def _forget():
    try:
        cache.delete(VERSION_KEY)
    except Exception:  # noqa: BLE001 (an unreachable cache holds nothing to forget)
        logger.warning("Could not reset the page cache version")


def content_changed(sender, action=None, **kwargs):
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed: only once the change is made
    if sender._meta.app_label in CONTENT_APPS:
        bump_content_version()


def connect_signals():
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"pagecache-{signal!r}")


class AnonymousPageCacheMiddleware:
    """Serve and store whole anonymous pages; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def cacheable_request(self, request):
        return (
            settings.PAGE_CACHE_ENABLED
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
            and not request.path.startswith((self.admin_prefix, "/-/"))
            and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH
        )

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        key = self.key(request)
        # One round trip for the version and the page; a page stored under
        # an older version is a miss.
        try:
            found = cache.get_many([VERSION_KEY, key])
        except Exception:  # noqa: BLE001 (serve uncached when the cache is away)
            found = {}
        version = found.get(VERSION_KEY) or content_version()
        if version is None:
            return self.get_response(request)
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            return self.rebuild(request, stored)
        response = self.get_response(request)
        if self.cacheable_response(request, response):
            self.store(key, version, response)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def key(request):
        # get_host() validates the Host header against ALLOWED_HOSTS (a bad
        # one raises DisallowedHost, a 400, before anything is stored).
        raw = f"{request.get_host()}{request.get_full_path()}"
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
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",")}
        return vary <= {"", "cookie", "accept-encoding"}

    @staticmethod
    def store(key, version, response):
        now = time.time()
        digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        response["ETag"] = f'"{digest}"'
        response["Last-Modified"] = http_date(now)
        patch_cache_control(response, public=True, max_age=0)
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in ("x-page-cache", "set-cookie")
        ]
        try:
            cache.set(key, (version, headers, response.content), PAGE_TTL)
        except Exception:  # noqa: BLE001
            logger.warning("Could not store a page in the cache")

    @staticmethod
    def rebuild(request, stored):
        _, headers, content = stored
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
