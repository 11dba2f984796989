"""
Spam and flood defences for the public forms, with no third-party service.

- A honeypot field that people never see (it is moved off-screen by CSS and
  labelled "leave empty"); bots that fill every field reveal themselves.
- A signed timestamp rendered with the form: a submission sooner than
  MIN_SECONDS after the form was served is a bot; one older than MAX_AGE is
  stale and gets a friendly "please send it again".
- A rate limit per client, counted in the cache (shared through Redis when
  REDIS_URL is set) under a keyed hash of the address.

Raw IP addresses are never stored: only `ip_hash()`, an HMAC keyed with the
secret key, which cannot be reversed without it.
"""

import hashlib
import hmac
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.shortcuts import render

MIN_SECONDS = 2
MAX_AGE = 24 * 60 * 60
_SALT = "solidarity.antispam.started"


def client_ip(request):
    """The client's address; behind N trusted proxies, the Nth from the right
    of X-Forwarded-For (DJANGO_TRUSTED_PROXIES)."""
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def ip_hash(request):
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, client_ip(request).encode(), hashlib.sha256).hexdigest()


def rate_limited(request, scope, limit, period):
    """Count this request against `limit` per `period` seconds for its client
    and say whether it is over. Fixed windows: cheap and good enough."""
    window = int(time.time() // period)
    key = f"ratelimit:{scope}:{ip_hash(request)}:{window}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    return count > limit


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
    quietly (show the usual thank-you, save nothing).
    """

    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_bot = False
        if not self.is_bound:
            self.initial["started"] = signing.dumps(time.time(), salt=_SALT)

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            self.is_bot = True
        try:
            started = float(signing.loads(self.data.get("started", ""), salt=_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            self.is_bot = True
            return cleaned_data
        if time.time() - started > MAX_AGE:
            self.add_error(
                None,
                "This form was open for too long. Please check it and send it again.",
            )
            return cleaned_data
        if time.time() - started < MIN_SECONDS:
            self.is_bot = True
        return cleaned_data
