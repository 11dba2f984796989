"""The site's URLs plus a page with a CSRF form, for the page cache tests
(public forms arrive with other work; this one stands in for any of them)."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from solidarity.urls import handler500, urlpatterns  # noqa: F401


def form_page(request):
    return HttpResponse(
        f'<form method="post"><input name="csrfmiddlewaretoken" '
        f'value="{get_token(request)}"></form>'
    )


urlpatterns = [path("test-form/", form_page), *urlpatterns]
