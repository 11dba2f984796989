"""Public HTML is sent gzipped, cached or not; the admin never is (its pages
carry the CSRF token: BREACH)."""

import gzip

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_a_public_page_is_gzipped_when_fresh_and_when_cached(client):
    factories.make_article(title="Dockers strike", summary="x" * 400)
    plain = client.get("/en/posts/")
    assert "Content-Encoding" not in plain  # asked for nothing
    first = client.get("/en/posts/", **GZIP)
    second = client.get("/en/posts/", **GZIP)
    assert second["X-Page-Cache"] == "hit"
    for response in (first, second):
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert gzip.decompress(response.content) == plain.content
        assert len(response.content) < len(plain.content) / 2


def test_a_gzipped_page_still_answers_304(client):
    """The ETag is made before compression and turned weak by it; a browser
    sending it back gets a 304."""
    first = client.get("/en/posts/", **GZIP)
    etag = first["ETag"]
    assert etag.startswith('W/"')
    again = client.get("/en/posts/", HTTP_IF_NONE_MATCH=etag, **GZIP)
    assert again.status_code == 304


def test_feeds_are_gzipped(client):
    factories.make_article()
    assert client.get("/en/feed/atom/", **GZIP)["Content-Encoding"] == "gzip"


def test_the_admin_is_never_compressed(admin_client):
    for url in ("/admin/", "/admin/posts/", "/admin/appeals/siteidentity/1/change/"):
        response = admin_client.get(url, **GZIP)
        assert response.status_code == 200, url
        assert "Content-Encoding" not in response, url


def test_a_page_that_used_the_csrf_token_is_not_compressed(client, settings):
    """Any page with a token, wherever it is: here the login form, with the
    admin's prefix check out of the way."""
    settings.ADMIN_URL = "elsewhere/"
    response = client.get("/admin/login/", **GZIP)
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "Content-Encoding" not in response
