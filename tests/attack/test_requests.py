"""
Hostile requests rather than hostile text: oversize and many-field bodies,
missing or stale CSRF tokens, foreign Host headers, open redirects, path
tricks and unexpected methods. Expected: a clear 4xx, nothing saved, never a
5xx.
"""

import pytest
from django.test import Client

from posts.models import Article, Post
from tests import factories
from tests.attack.forms import read_form

pytestmark = pytest.mark.django_db


def article_form(client):
    form = read_form(client.get("/admin/posts/article/add/").content)
    form.update(title="Should not exist", slug="should-not-exist", status="draft")
    form.update(published_at_0="01/01/2026", published_at_1="10:00:00")
    return form


def test_oversize_body_is_refused_and_saves_nothing(editor_client, settings):
    form = article_form(editor_client)
    form["body"] = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = editor_client.post("/admin/posts/article/add/", form)
    assert response.status_code in (400, 413)
    assert not Post.objects.filter(slug="should-not-exist").exists()


def test_too_many_fields_are_refused_and_save_nothing(editor_client, settings):
    form = article_form(editor_client)
    for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1):
        form[f"extra{i}"] = "x"
    response = editor_client.post("/admin/posts/article/add/", form)
    assert response.status_code == 400
    assert not Post.objects.filter(slug="should-not-exist").exists()


def test_missing_csrf_token_gets_the_friendly_page(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    form = article_form(client)
    form.pop("csrfmiddlewaretoken")
    response = client.post("/admin/posts/article/add/", form)
    assert response.status_code == 403
    assert b"Please send the form again" in response.content
    assert b'class="site-header"' in response.content
    assert not Post.objects.filter(slug="should-not-exist").exists()


def test_stale_csrf_token_gets_the_friendly_page(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    form = article_form(client)
    form["csrfmiddlewaretoken"] = "x" * 64
    client.cookies["csrftoken"] = "y" * 32
    response = client.post("/admin/posts/article/add/", form)
    assert response.status_code == 403
    assert b"Please send the form again" in response.content
    assert not Post.objects.filter(slug="should-not-exist").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/en/posts/",
        "/en/feed/",
        "/en/feed/atom/",
        "/sitemap.xml",
        "/robots.txt",
    ],
)
def test_foreign_host_is_a_400(client, path):
    factories.make_article()
    response = client.get(path, HTTP_HOST="evil.example")
    assert response.status_code == 400


def test_forwarded_host_is_not_trusted(client):
    factories.make_article(title="Host check")
    response = client.get("/en/feed/", HTTP_X_FORWARDED_HOST="evil.example")
    assert response.status_code == 200
    assert b"evil.example" not in response.content


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "/%2F%2Fevil.example",
        "http://testserver@evil.example/",
    ],
)
def test_login_next_never_redirects_off_site(editor, target):
    client = Client()
    response = client.post(
        f"/admin/login/?next={target}",
        {"username": editor.username, "password": "password", "next": target},
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "evil.example" not in location or location.startswith("/")
    assert not location.startswith(("//", "/\\", "javascript:", "https:", "http:"))


@pytest.mark.parametrize(
    "path",
    [
        "/en/posts/../admin/",
        "/en/posts/%2e%2e/%2e%2e/etc/passwd",
        "/static/../solidarity/settings.py",
        "/static/%2e%2e/manage.py",
        "/en/posts/%00/",
        "/en/posts/\u202egnp/",
        "/en/posts/" + "a" * 5000 + "/",
        "//evil.example/",
        "/en/posts/;jsessionid=1/",
        "/-/health/../../admin/",
        "/en/tags/%ff/",
        "/en/countries/%00/",
    ],
)
def test_path_tricks_are_4xx(client, path):
    response = client.get(path)
    assert 400 <= response.status_code < 500 or response.status_code in (200, 301, 302)
    # `/` only redirects to a language's home page, on this site.
    if response.status_code == 302:
        assert response["Location"] in ("/en/", "/es/", "/ar/")
    assert b"SECRET_KEY" not in response.content
    assert b"import os" not in response.content


@pytest.mark.parametrize("method", ["put", "patch", "delete", "trace"])
@pytest.mark.parametrize("path", ["/en/", "/en/posts/", "/en/feed/", "/-/health/"])
def test_unexpected_methods_are_405(client, method, path):
    factories.make_article()
    response = getattr(client, method)(path)
    assert response.status_code == 405


@pytest.mark.parametrize(
    "path", ["/en/", "/en/posts/", "/en/appeals/", "/en/feed/", "/-/alive/"]
)
def test_head_works_without_a_body(client, path):
    response = client.head(path)
    assert response.status_code == 200
    assert response.content == b""


def test_post_to_a_read_only_page_is_405(client):
    response = client.post("/en/posts/", {"title": "x"})
    assert response.status_code in (403, 405)
    assert not Article.objects.filter(title="x").exists()


def test_pending_message_is_not_reachable_by_guessing(client):
    """Messages have no page of their own; a pending one must not show up on
    any public list, feed or search, nor through a preview of its id."""
    message = factories.make_message(text="Secret pending words", moderation="pending")
    for url in (
        "/en/messages/",
        "/en/",
        "/en/posts/",
        "/en/search/?q=Secret+pending",
        "/en/feed/",
        f"/en/posts/{message.slug}/",
        f"/en/appeals/{message.slug}/",
        f"/en/preview/{message.pk}/",
        f"/en/messages/{message.pk}/",
    ):
        response = client.get(url)
        assert b"Secret pending words" not in response.content, url
        assert response.status_code in (200, 404), url
