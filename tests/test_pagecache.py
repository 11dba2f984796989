"""The anonymous page cache: hits, invalidation on every kind of change and
on the clock, never for forms or editors, and conditional GET."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from appeals.models import SolidarityMessage
from posts.models import Article, Post
from tests import factories

pytestmark = pytest.mark.django_db


def get(client, path, **extra):
    response = client.get(path, **extra)
    assert response.status_code == 200, (path, response.status_code)
    return response, response.content.decode()


def test_second_visit_is_served_from_the_cache(client, django_assert_num_queries):
    factories.make_article(title="Dock strike")
    first, html = get(client, "/posts/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second, cached_html = get(client, "/posts/")
    assert second["X-Page-Cache"] == "hit"
    assert cached_html == html
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "Dock strike" in cached_html


def test_publishing_shows_at_once(client):
    get(client, "/posts/")
    factories.make_article(title="Fresh news")
    response, html = get(client, "/posts/")
    assert response["X-Page-Cache"] == "miss"
    assert "Fresh news" in html


def test_a_withdrawn_appeal_disappears_at_once(client):
    appeal = factories.make_appeal(title="Free the miners")
    assert "Free the miners" in get(client, "/appeals/")[1]
    get(client, appeal.get_absolute_url())
    appeal.status = Post.Status.DRAFT
    appeal.save()
    assert "Free the miners" not in get(client, "/appeals/")[1]
    assert client.get(appeal.get_absolute_url()).status_code == 404


def test_moderation_by_bulk_update_is_seen_at_once(client, editor):
    message = factories.make_message(
        text="Pending words", moderation=SolidarityMessage.Moderation.PENDING
    )
    assert "Pending words" not in get(client, "/messages/")[1]
    SolidarityMessage.objects.filter(pk=message.pk).moderate(
        SolidarityMessage.Moderation.APPROVED, editor
    )
    assert "Pending words" in get(client, "/messages/")[1]
    SolidarityMessage.objects.filter(pk=message.pk).moderate(
        SolidarityMessage.Moderation.REJECTED, editor
    )
    assert "Pending words" not in get(client, "/messages/")[1]
    assert "Pending words" not in get(client, "/")[1]


def test_admin_bulk_unpublish_is_seen_at_once(client, editor_client):
    article = factories.make_article(title="To be withdrawn")
    assert "To be withdrawn" in get(client, "/posts/")[1]
    editor_client.post(
        "/admin/posts/article/",
        {"action": "unpublish", "_selected_action": [article.pk]},
    )
    assert Article.objects.get(pk=article.pk).status == Post.Status.DRAFT
    assert "To be withdrawn" not in get(client, "/posts/")[1]


def test_tag_change_is_seen_at_once(client):
    article = factories.make_article()
    get(client, article.get_absolute_url())
    version_before = client.get("/posts/")
    article.tags.add("newtag")
    assert client.get("/posts/")["X-Page-Cache"] == "miss"
    assert version_before["X-Page-Cache"] in ("hit", "miss")


def test_scheduled_article_appears_on_time(client):
    """The version expires at the next scheduled moment: no write needed."""
    factories.make_article(
        title="Scheduled piece", published_at=timezone.now() + timedelta(seconds=1.5)
    )
    assert "Scheduled piece" not in get(client, "/posts/")[1]
    assert get(client, "/posts/")[0]["X-Page-Cache"] == "hit"
    time.sleep(2.1)
    assert "Scheduled piece" in get(client, "/posts/")[1]


def test_expired_appeal_disappears_on_time(client):
    factories.make_appeal(
        title="Short-lived appeal",
        published_at=timezone.now() - timedelta(hours=1),
        expires_at=timezone.now() + timedelta(seconds=1.5),
    )
    assert "Short-lived appeal" in get(client, "/appeals/")[1]
    time.sleep(2.1)
    assert "Short-lived appeal" not in get(client, "/appeals/")[1]


def test_page_with_a_csrf_form_is_never_stored(settings):
    settings.ROOT_URLCONF = "tests.pagecache_urls"
    first, second = Client(), Client()
    one = first.get("/test-form/")
    two = second.get("/test-form/")
    assert "X-Page-Cache" not in one
    assert "X-Page-Cache" not in two
    assert one.cookies["csrftoken"].value != two.cookies["csrftoken"].value


def test_editors_are_never_served_or_stored(editor_client):
    client = Client()
    factories.make_article(title="Public")
    draft = factories.make_article(title="Draft only", status=Post.Status.DRAFT)
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert editor_client.get("/posts/").get("X-Page-Cache") is None
    # The editor's requests stored nothing a visitor could get.
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert get(client, "/posts/")[0]["X-Page-Cache"] == "miss"


def test_conditional_get(client):
    factories.make_article()
    first, _ = get(client, "/posts/")
    etag = first["ETag"]
    assert first["Last-Modified"]
    hit = client.get("/posts/", HTTP_IF_NONE_MATCH=etag)
    assert hit.status_code == 304
    factories.make_article(title="Changed")
    assert client.get("/posts/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_conditional_get_on_an_uncached_page(editor_client):
    first = editor_client.get("/posts/")
    again = editor_client.get("/posts/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_head_is_served(client):
    get(client, "/posts/")
    response = client.head("/posts/")
    assert response.status_code == 200
    assert response.content == b""


def test_query_strings_are_separate_pages(client):
    for i in range(3):
        factories.make_article(title=f"Item {i}")
    one = get(client, "/posts/?page=1")[1]
    assert get(client, "/posts/?page=1")[0]["X-Page-Cache"] == "hit"
    assert get(client, "/posts/?x=1")[0]["X-Page-Cache"] == "miss"
    assert "Item 0" in one


def test_foreign_host_is_refused_and_not_stored(client):
    response = client.get("/posts/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert get(client, "/posts/")[0]["X-Page-Cache"] == "miss"


def test_redis_outage_serves_uncached(settings):
    """Redis unreachable (a closed port): pages are served, uncached."""
    settings.CACHES = {
        "default": {
            "BACKEND": "solidarity.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    factories.make_article(title="Still served")
    client = Client()
    started = time.monotonic()
    assert "Still served" in get(client, "/posts/")[1]
    assert time.monotonic() - started < 3
    health = client.get("/-/health/")
    assert health.status_code == 503
    assert b"cache: error" in health.content


def test_hashed_static_files_are_cached_for_ever(settings, tmp_path):
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command
    from django.utils.functional import empty

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    staticfiles_storage._wrapped = empty
    try:
        call_command(
            "collectstatic",
            interactive=False,
            verbosity=0,
            ignore_patterns=["admin", "django_prose_editor"],
        )
        url = staticfiles_storage.url("css/site.css")
        assert url != "/static/css/site.css"
        response = Client().get(url)
        assert response.status_code == 200
        control = response["Cache-Control"]
        assert "max-age=315360000" in control
        assert "immutable" in control
    finally:
        staticfiles_storage._wrapped = empty
