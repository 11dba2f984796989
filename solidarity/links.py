"""Absolute links, from the site's public address (DJANGO_SITE_URL) and never
from a request: a Host header that ALLOWED_HOSTS lets through (any port of
an allowed name, or `localhost` in development) would otherwise put its host
into emails, feeds, calendars, JSON and pages the cache shares."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path):
    """`path` (from reverse() or get_absolute_url()) on the site's address."""
    return f"{settings.SITE_URL}{path}"


def site_scheme():
    return urlsplit(settings.SITE_URL).scheme


def site_domain():
    return urlsplit(settings.SITE_URL).netloc
