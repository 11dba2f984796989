"""The site's URLs plus a bare view, for bench/load.py only."""

from django.http import HttpResponse
from django.urls import path

from solidarity.urls import handler500  # noqa: F401
from solidarity.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("-/bench/bare/", bare), *site_urlpatterns]
