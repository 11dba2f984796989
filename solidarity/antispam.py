"""
Spam and flood defences for the public forms, with no third-party service.

- A honeypot field that people never see (it is moved off-screen by CSS and
  labelled "leave empty"); bots that fill every field reveal themselves.
- A signed timestamp rendered with the form, bound to that form (a join
  form's token is refused by the message form): a submission sooner than
  MIN_SECONDS after the form was served is a bot; one older than MAX_AGE is
  stale and gets a friendly "please send it again". Pages are cached whole
  and shared, so the form renders a placeholder and the page cache signs a
  fresh time into each copy it serves (`fill_form_tokens`; the replay in
  solidarity/pagehits.py signs one each tenth of a second): every visitor
  gets the time they were served, however old the cached page.
- A rate limit per client, counted in the cache (shared through Redis when
  REDIS_URL is set) under a keyed hash of the address.

Raw IP addresses are never stored: only `ip_hash()`, an HMAC keyed with the
secret key, which cannot be reversed without it.
"""

import functools
import hashlib
import hmac
import ipaddress
import re
import time
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

MIN_SECONDS = 2
MAX_AGE = 24 * 60 * 60
_SALT = "solidarity.antispam.started"


@functools.cache
def form_token_mark():
    """The placeholder a form renders for its start time (bytes): unguessable,
    so text a visitor sent and the page shows can never be taken for one."""
    key = settings.SECRET_KEY.encode()
    digest = hmac.new(key, b"form-token", hashlib.sha256).hexdigest()[:16]
    return f"form-token-{digest}-".encode()


@functools.lru_cache(maxsize=64)
def _start_signer(form_id, secret_key):
    # signing.dumps() makes this signer on every call: a third of the cost
    # of a cached appeal page's hit.
    return signing.TimestampSigner(key=secret_key, salt=f"{_SALT}:{form_id}")


def sign_start(form_id, when=None):
    """A start time for form `form_id`, signed so only that form takes it
    (what `signing.dumps(when, salt=...)` gives)."""
    signer = _start_signer(form_id, settings.SECRET_KEY)
    return signer.sign_object(time.time() if when is None else when)


def form_token_placeholder(form_id):
    return f"{form_token_mark().decode()}{form_id}-"


def form_token_pieces(content):
    """`content` (bytes) cut around its forms' placeholders: text, form id,
    text, ... (just [content] when it has none). Cut once, filled often."""
    mark = form_token_mark()
    if mark not in content:
        return [content]
    return re.split(re.escape(mark) + rb"([a-z]{1,20})-", content)


def fresh_starts(pieces, when=None):
    """A start time (bytes) signed for each form of `pieces`: `when`, or now."""
    return [sign_start(form_id.decode(), when).encode() for form_id in pieces[1::2]]


def fill_pieces(pieces, starts=None):
    """The page of `form_token_pieces` with a start time in each form
    (`starts`, or freshly signed ones)."""
    if len(pieces) == 1:
        return pieces[0]
    filled = [pieces[0]]
    for start, text in zip(starts or fresh_starts(pieces), pieces[2::2], strict=True):
        filled += [start, text]
    return b"".join(filled)


def fill_form_tokens(content):
    """`content` (bytes) with every form's placeholder replaced by a freshly
    signed start time."""
    return fill_pieces(form_token_pieces(content))


def client_ip(request):
    """The client's address: REMOTE_ADDR, which TrustedProxyMiddleware has
    set from X-Forwarded-For when a trusted proxy sent the request
    (DJANGO_TRUSTED_PROXIES). django-axes uses this too."""
    return request.META.get("REMOTE_ADDR", "")


def ip_hash(request):
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, client_ip(request).encode(), hashlib.sha256).hexdigest()


class CannotCount(Exception):
    """The cache could not count a submission (Redis down or full): public
    forms then refuse it with a 503 and Retry-After (see `public_form`)."""


# Retry-After for a submission refused because the cache could not count.
CANNOT_COUNT_RETRY = 60


def client_group(request):
    """The unit a rate limit counts: the IPv4 address, or the IPv6 /64 (one
    subscriber's network: every address in it is one client, or one /64
    would be 2^64 buckets)."""
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _count(key, period):
    """Add one to the counter `key` (living `period` seconds) and return it;
    CannotCount when the cache cannot (django-redis answers None when Redis
    is away, having swallowed the error)."""
    try:
        cache.add(key, 0, timeout=period)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            count = 1 if cache.add(key, 1, timeout=period) else cache.incr(key)
    except CannotCount:
        raise
    except Exception as error:  # noqa: BLE001 (any cache failure: fail closed)
        raise CannotCount from error
    if count is None:
        raise CannotCount
    return count


def rate_limited(request, scope, limit, period):
    """Count this request against `limit` per `period` seconds for its client
    (`client_group`: IPv6 by /64) and say whether it is over. Fixed windows:
    cheap and good enough. Raises CannotCount when the cache cannot count:
    a flood must not get through because Redis is away."""
    window = int(time.time() // period)
    group = hmac.new(
        settings.SECRET_KEY.encode(), client_group(request).encode(), hashlib.sha256
    ).hexdigest()
    return _count(f"ratelimit:{scope}:{group}:{window}", period) > limit


def surging(scope, ceiling, period):
    """Count one accepted submission of form `scope` from anyone and say
    whether more than `ceiling` came in this `period`: a surge from many
    addresses (each under its own limit). Submissions beyond it are *held*,
    not refused: saved as always (nothing is public before an editor acts)
    but without the emails they would cause, so a flood cannot mail the
    editors or third parties by the hundred (README, "Rate limits")."""
    window = int(time.time() // period)
    return _count(f"ceiling:{scope}:{window}", period) > ceiling


def cannot_count(request):
    """503 with Retry-After, in the site's design: the submission was not
    saved and can be sent again in a minute."""
    response = render(request, "503_cannot_count.html", status=503)
    response["Retry-After"] = str(CANNOT_COUNT_RETRY)
    add_never_cache_headers(response)
    return response


def too_many_requests(request, retry_after):
    """A clear 429 page in the site's design."""
    response = render(
        request,
        "429.html",
        {"retry_after_minutes": max(1, retry_after // 60)},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


class SpamProtectedForm(forms.Form):
    """Adds the honeypot and the signed start time to a form.

    After `is_valid()`, `form.is_bot` says whether to discard the submission
    quietly (show the usual thank-you, save nothing). Subclasses name
    themselves with `form_id` (lowercase letters), which binds their tokens.
    """

    form_id = "form"
    # Sooner than this after the form was served is a bot (None: MIN_SECONDS).
    # A form whose action a signed link already authorises (unsubscribing,
    # cancelling an RSVP) sets 0.
    min_seconds = None

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_bot = False
        if not self.is_bound:
            self.initial["started"] = form_token_placeholder(self.form_id)

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            self.is_bot = True
        try:
            started = float(
                signing.loads(
                    self.data.get("started", ""), salt=f"{_SALT}:{self.form_id}"
                )
            )
        except (signing.BadSignature, TypeError, ValueError):
            self.is_bot = True
            return cleaned_data
        if time.time() - started > MAX_AGE:
            self.add_error(
                None,
                _(
                    "This form was open for too long. Please check it and send "
                    "it again."
                ),
            )
            return cleaned_data
        limit = MIN_SECONDS if self.min_seconds is None else self.min_seconds
        if time.time() - started < limit:
            self.is_bot = True
        return cleaned_data


def from_this_site(request):
    """Whether a POST was sent by a page of this site, as browsers tell:
    `Sec-Fetch-Site` (every current browser) and `Origin` (sent with every
    cross-origin POST). A request with neither comes from a program, not a
    visitor's browser, and cannot ride on a visitor's session (there is none)."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    own = f"{request.scheme}://{request.get_host()}"
    site = urlsplit(settings.SITE_URL)
    return origin in {own, f"{site.scheme}://{site.netloc}"} | set(
        settings.CSRF_TRUSTED_ORIGINS
    )


def public_form(view):
    """For the anonymous public forms, whose pages are cached and shared:
    no CSRF cookie or token (a page with one could not be shared), and a
    POST from another site refused with a 403 page instead. The signed,
    form-bound start time (above) still comes with every submission. The
    admin keeps Django's CSRF protection. See README, "Security"."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and not from_this_site(request):
            response = render(request, "403_cross_site.html", status=403)
            add_never_cache_headers(response)
            return response
        if request.method == "POST" and request.FILES:
            # No public form takes a file (the body is at most
            # PUBLIC_BODY_MAX by now: RequestBodyLimitMiddleware).
            response = render(
                request,
                "request_refused.html",
                {
                    "message": _(
                        "This form takes no files. Please send it without them."
                    )
                },
                status=415,
            )
            add_never_cache_headers(response)
            return response
        try:
            return view(request, *args, **kwargs)
        except CannotCount:
            # Fail closed: nothing was saved (the limits are checked before
            # anything is written, and a raise inside submit_once rolls back).
            return cannot_count(request)

    return csrf_exempt(wrapper)


def signed_link_page(request, target, form_class, act, template, context):
    """The page behind a signed link in mail (unsubscribe, cancel an RSVP):
    a GET shows a button and changes nothing (mail scanners open links); the
    button's POST, a public form of `form_class`, does `act(target)`. The
    link is the authority, so `target` None (a bad link) answers 400. Never
    stored by the page cache: the link is personal."""
    done = False
    form = form_class()
    if request.method == "POST" and target is not None:
        form = form_class(request.POST)
        if form.is_valid() and not form.is_bot:
            act(target)
            done = True
    response = render(
        request,
        template,
        {**context, "form": form, "done": done},
        status=200 if target is not None else 400,
    )
    add_never_cache_headers(response)
    return response
