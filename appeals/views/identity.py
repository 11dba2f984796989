"""The site's one stylesheet: static/css/site.css with the campaign's accent
colour (SiteIdentity.accent) as the --accent custom property. Served by a
view because the Content Security Policy forbids inline styles, and as one
file so a page waits for no chain of stylesheets. Its address carries a
digest of its content, so browsers may keep it for a year."""

import functools
import hashlib

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import DatabaseError
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control

from posts.listing import cached
from solidarity.pagecache import cache_params

from ..colours import HEX_COLOUR
from ..models import SiteIdentity

SOURCE = "css/site.css"
YEAR = 365 * 24 * 60 * 60
# Long enough to spare the database; the content version ends it sooner.
IDENTITY_TTL = 60 * 60


def current_identity():
    """The identity: one cache lookup under the page cache's content
    version (saving it renews the version), the database on a miss."""
    try:
        return cached("site-identity", {}, SiteIdentity.load, timeout=IDENTITY_TTL)
    except DatabaseError:
        # The 503 page shown while the database is away renders base.html
        # too: it gets the defaults.
        return SiteIdentity(pk=SiteIdentity.SINGLETON_PK)


def _read_source():
    with open(finders.find(SOURCE), encoding="utf-8") as source:
        return source.read()


_cached_source = functools.cache(_read_source)


def source():
    """The static stylesheet, read once per process (each time under DEBUG,
    so edits show at once)."""
    return _read_source() if settings.DEBUG else _cached_source()


def stylesheet(accent):
    """The whole stylesheet for `accent` (the default one if `accent` is not
    a #rrggbb colour, so nothing else can reach the CSS)."""
    if not HEX_COLOUR.match(accent or ""):
        accent = SiteIdentity._meta.get_field("accent").default
    return f"{source()}\n:root {{ --accent: {accent}; }}\n"


@functools.lru_cache(maxsize=16)
def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def stylesheet_digest(accent):
    return _digest(stylesheet(accent))


@cache_params()
def site_stylesheet(request, digest):
    """The stylesheet (no template): immutable for a year under its current
    digest; under any other (a page from before the accent changed), the
    page cache's rule: stored, revalidated by the browser each time."""
    css = stylesheet(current_identity().accent)
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    if digest == _digest(css):
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    return response


@cache_params()
def web_manifest(request):
    """/manifest.webmanifest: the campaign's name, colour and the app icons
    made from its logo, for phones that add the site to their home screen.
    Pages link it only when a logo is set; without one, 404."""
    identity = current_identity()
    icons = identity.icons()
    if not icons:
        raise Http404("No logo, so no app icons.")
    manifest = {
        "name": identity.shown_name,
        "short_name": identity.shown_name[:12],
        "description": identity.shown_tagline,
        "start_url": "/",
        "display": "browser",
        "theme_color": identity.accent,
        "background_color": "#ffffff",
        "icons": [
            {"src": icons[size], "sizes": f"{size}x{size}", "type": "image/png"}
            for size in ("192", "512")
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json")
