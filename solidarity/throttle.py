"""
A throttle for the expensive pages: search and filtered lists that the page
cache did not answer. Distinct query strings each miss the cache; 20
connections of distinct searches ran at 52 req/s with a p99 of 555 ms and
slowed cached pages for everyone. Each client (IPv6 by /64, as the form
limits) gets DJANGO_EXPENSIVE_PER_MINUTE such requests a minute, then 429
with Retry-After.

The middleware runs after the page cache, so a cached copy (a hit or a
stale copy) is never throttled; only the work of rendering is. A view opts
in with `throttled` (a decorator, or `throttled = True` on a class-based
view); a request counts when it carries any of the view's `cache_params`
other than `page`, so an unfiltered list is never throttled. Editors are
not. When the cache cannot count, the request is let through: these are
reads (the forms, which write, fail closed instead).
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import Resolver404, resolve

from .antispam import CannotCount, rate_limited
from .pagecache import view_params

WINDOW = 60


def throttled(view):
    """Mark a function view as expensive when filtered (see the module)."""
    view.throttled = True
    return view


def is_throttled(match):
    view = match.func
    return getattr(view, "throttled", False) or getattr(
        getattr(view, "view_class", None), "throttled", False
    )


class ExpensiveRequestThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.EXPENSIVE_PER_MINUTE
        if (
            limit
            and request.method in ("GET", "HEAD")
            and not request.user.is_staff
            and self.expensive(request)
        ):
            try:
                over = rate_limited(request, "expensive", limit, WINDOW)
            except CannotCount:
                over = False
            if over:
                response = render(request, "429_expensive.html", status=429)
                response["Retry-After"] = str(WINDOW)
                response["Cache-Control"] = "no-store"
                return response
        return self.get_response(request)

    @staticmethod
    def expensive(request):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        if not is_throttled(match):
            return False
        params = set(view_params(match)) - {"page"}
        return any(request.GET.get(name) for name in params)
