"""Absolute links, from the site's public address (DJANGO_SITE_URL) and never
from a request: a Host header that ALLOWED_HOSTS lets through (any port of
an allowed name, or `localhost` in development) would otherwise put its host
into emails, feeds, calendars, JSON and pages the cache shares."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.encoding import iri_to_uri


def absolute_url(path):
    """`path` (from reverse(), get_absolute_url() or request.path) on the
    site's address, encoded as build_absolute_uri() would (a NUL or a space
    in a requested path becomes %00, %20)."""
    return f"{settings.SITE_URL}{iri_to_uri(path)}"


def site_scheme():
    return urlsplit(settings.SITE_URL).scheme


def site_domain():
    return urlsplit(settings.SITE_URL).netloc
