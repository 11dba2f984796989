"""
Project middleware: public pages compressed (never the admin), the admin's
Content Security Policy, the staff idle timeout, and the 503 page shown when
the database is unreachable.
"""

import base64
import hashlib
import ipaddress
import logging
import re
import time

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth import logout
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponseNotAllowed
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class PublicGZipMiddleware(GZipMiddleware):
    """Django's gzip for public pages only. A compressed page that reflects
    what the visitor sends next to a secret can leak that secret through its
    length (BREACH, https://www.breachattack.com/): public pages carry no
    CSRF token (see pagecache), but the admin and any response that used the
    token do, so those are sent as they are. It sits above the page cache,
    so cached pages are compressed on the way out and stored uncompressed
    (one copy whatever the visitor accepts); ConditionalGetMiddleware's
    ETag, made before, is turned weak by Django's gzip, as RFC 9110 asks of
    a changed representation."""

    def process_response(self, request, response):
        # A page that used the token renews the CSRF cookie (Django's CSRF
        # middleware then clears CSRF_COOKIE_NEEDS_UPDATE).
        used_token = settings.CSRF_COOKIE_NAME in response.cookies or (
            request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        )
        if used_token or request.path_info.startswith("/" + settings.ADMIN_URL):
            return response
        return super().process_response(request, response)


IMPORTMAP = re.compile(r'<script type="importmap"[^>]*>(.*?)</script>', re.DOTALL)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with CONTENT_SECURITY_POLICY_ADMIN under the
    admin's address (its rich-text editor and widgets need inline styles and
    data: images) and the strict CONTENT_SECURITY_POLICY everywhere else.

    django-prose-editor loads its modules through an inline
    `<script type="importmap">` (JSON, not code), which Django 5.2's admin
    cannot give a nonce; admin pages allow exactly that import map by its
    SHA-256 hash, so script-src keeps no 'unsafe-inline'.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith("/" + settings.ADMIN_URL)
        ):
            directives = dict(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
            hashes = self.importmap_hashes(response)
            if hashes:
                directives["script-src"] = [*directives["script-src"], *hashes]
            parts.config = directives
        return parts

    @staticmethod
    def importmap_hashes(response):
        if response.streaming or "html" not in response.get("Content-Type", ""):
            return []
        html = response.content.decode(response.charset, errors="replace")
        digests = (
            hashlib.sha256(body.encode()).digest() for body in IMPORTMAP.findall(html)
        )
        return [f"'sha256-{base64.b64encode(digest).decode()}'" for digest in digests]


class StaffSessionTimeoutMiddleware:
    """Log a signed-in user out after STAFF_IDLE_TIMEOUT seconds without a
    request. (SESSION_COOKIE_AGE bounds the whole session; this bounds an
    unattended one, such as an editor's laptop left open.)

    The time of the last request is kept in the cache, keyed by a hash of the
    session key, so activity costs no database write. A cache that lost the
    entry counts the session as active from now.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only requests that carry a session cookie: anonymous visitors never
        # make the session store (the database) be read.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and (
            request.user.is_authenticated
        ):
            key = self.cache_key(request.session.session_key)
            now = int(time.time())
            try:
                last_seen = cache.get(key)
                if last_seen and now - last_seen > settings.STAFF_IDLE_TIMEOUT:
                    logout(request)
                    cache.delete(key)
                else:
                    cache.set(key, now, settings.STAFF_IDLE_TIMEOUT + 60)
            except Exception:  # noqa: BLE001 (a cache outage must not lock editors out)
                logger.warning("Cache unavailable for the staff idle timeout")
        return self.get_response(request)

    @staticmethod
    def cache_key(session_key):
        digest = hashlib.sha256((session_key or "").encode()).hexdigest()
        return f"staff-seen:{digest}"


def trusted_proxy(address):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def forwarded_client(forwarded):
    """The client's address in X-Forwarded-For: the rightmost entry that is
    not one of our own proxies (entries further left were written by the
    client and prove nothing). None if an entry is not an address."""
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return None
        if not trusted_proxy(hop):
            return hop
    return hops[0] if hops else None


class TrustedProxyMiddleware:
    """Believe X-Forwarded-For and X-Forwarded-Proto only from the proxies
    in DJANGO_TRUSTED_PROXIES: from them, REMOTE_ADDR becomes the client's
    address (rate limits, django-axes and logs all read it); from anyone
    else both headers are dropped, so `request.scheme` (canonical links in
    cached pages) and the address cannot be spoofed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if trusted_proxy(meta.get("REMOTE_ADDR", "")):
            client = forwarded_client(meta.get("HTTP_X_FORWARDED_FOR", ""))
            if client:
                meta["REMOTE_ADDR"] = client
        else:
            meta.pop("HTTP_X_FORWARDED_FOR", None)
            meta.pop("HTTP_X_FORWARDED_PROTO", None)
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    """Refuse a request body the page cannot want, before anything reads it:
    outside the admin, more than PUBLIC_BODY_MAX bytes (413: file parts of
    a multipart body escape DATA_UPLOAD_MAX_MEMORY_SIZE, and a 300 MB
    "message" held a worker for 6 s) or a body of unknown length (411). The
    admin keeps Django's own limits (uploads up to 20 MB). nginx refuses the
    same in front (solidarity/deploy/nginx.conf); this holds without it.
    Public forms refuse a file (415) in solidarity.antispam.public_form."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        if not request.path_info.startswith(self.admin_prefix):
            refusal = self.refusal(request.META)
            if refusal:
                status, message = refusal
                response = render(
                    request, "request_refused.html", {"message": message}, status=status
                )
                response["Connection"] = "close"
                return response
        return self.get_response(request)

    @staticmethod
    def refusal(meta):
        length = meta.get("CONTENT_LENGTH") or ""
        if meta.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked":
            return 411, _("Please send the form from its page on this site.")
        if not length:
            return None
        try:
            size = int(length)
        except ValueError:
            return 400, _("Please send the form from its page on this site.")
        if size > settings.PUBLIC_BODY_MAX:
            return 413, _(
                "What you sent is too long for this form. Please shorten it and "
                "send it again."
            )
        return None


class MethodAllowlistMiddleware:
    """405 for any method but GET, HEAD, POST and OPTIONS, site-wide: nothing
    here accepts PUT, PATCH or DELETE, and function views (feeds, sitemaps,
    robots.txt) would otherwise answer them as a GET."""

    allowed = frozenset({"GET", "HEAD", "POST", "OPTIONS"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.allowed:
            return HttpResponseNotAllowed(sorted(self.allowed))
        return self.get_response(request)


DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER = 10


def is_unavailable(exception):
    """Whether `exception` means the database is down or too slow (a
    connection failure or a statement_timeout), not a bug in a query."""
    if isinstance(exception, DATABASE_ERRORS):
        return True
    # psycopg reports statement_timeout as QueryCanceled, which Django maps
    # to OperationalError; anything else under DatabaseError is a real error.
    return isinstance(exception, DatabaseError) and "canceling statement" in str(
        exception
    )


class DatabaseUnavailableMiddleware:
    """Answer 503 with Retry-After, in the site's design, when the database
    is unreachable or a query exceeded the statement timeout, instead of a
    500 (or a request that hangs until the worker is killed).

    Django closes the broken connection when the request finishes (it
    checks connections that saw an error), and CONN_HEALTH_CHECKS tests a
    reused one before the next request, so the site recovers on the first
    request after the database returns, without restarting the workers.
    Errors raised outside a view (in middleware, such as loading an editor's
    session) reach `solidarity.views.server_error`, which does the same.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_unavailable(exception):
            logger.warning("Database unavailable: %s", exception)
            return unavailable_response(request)
        return None


def unavailable_response(request):
    # The database is away: the page takes the default name and stylesheet
    # instead of asking for the site's identity (a context processor's
    # values give way to these).
    response = render(
        request, "503.html", {"identity": None, "site_css_url": None}, status=503
    )
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
