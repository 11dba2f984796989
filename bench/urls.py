"""The site's URLs plus a bare view, for the bench scripts only; with
BENCH_SERVE_MEDIA=1 (bench/lighthouse.py), the pictures too, with the
headers nginx gives them (solidarity/deploy/nginx.conf)."""

import os

from django.conf import settings
from django.http import HttpResponse
from django.urls import path, re_path
from django.utils.cache import patch_cache_control
from django.views.static import serve

from solidarity.urls import handler500  # noqa: F401
from solidarity.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse("ok")


def media(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    patch_cache_control(response, public=True, max_age=31536000, immutable=True)
    return response


urlpatterns = [path("-/bench/bare/", bare), *site_urlpatterns]
if os.environ.get("BENCH_SERVE_MEDIA"):
    urlpatterns.insert(0, re_path(r"^media/(?P<path>.+\.(?:jpg|png|webp))$", media))
