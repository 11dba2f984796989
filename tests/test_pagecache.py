"""The anonymous page cache: hits, invalidation on every kind of change and
on the clock, never for forms or editors, and conditional GET."""

import time
from datetime import timedelta
from unittest import mock

import pytest
import redis
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.utils import timezone

from appeals.models import SolidarityMessage
from posts.models import Article, Post
from solidarity import cachebreaker, pagecache
from solidarity.models import UntoldChange
from tests import factories

pytestmark = pytest.mark.django_db


def get(client, path, **extra):
    response = client.get(path, **extra)
    assert response.status_code == 200, (path, response.status_code)
    return response, response.content.decode()


def test_second_visit_is_served_from_the_cache(client, django_assert_num_queries):
    factories.make_article(title="Dock strike")
    first, html = get(client, "/en/posts/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second, cached_html = get(client, "/en/posts/")
    assert second["X-Page-Cache"] == "hit"
    assert cached_html == html
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "Dock strike" in cached_html


def test_a_new_release_never_serves_what_the_old_code_rendered(client, monkeypatch):
    factories.make_article(title="Dock strike")
    get(client, "/en/posts/")
    assert get(client, "/en/posts/")[0]["X-Page-Cache"] == "hit"
    # A deploy: same content version, other code and templates.
    monkeypatch.setattr(pagecache, "release", lambda: "0123456789abcdef")
    assert get(client, "/en/posts/")[0]["X-Page-Cache"] == "miss"
    assert get(client, "/en/posts/")[0]["X-Page-Cache"] == "hit"


def test_the_release_is_what_the_deployment_names_or_a_digest_of_the_code(
    monkeypatch,
):
    pagecache.release.cache_clear()
    digest = pagecache.release()
    assert len(digest) == 16 and digest == pagecache.release()
    monkeypatch.setenv("DJANGO_RELEASE", "4f2c9e1")
    pagecache.release.cache_clear()
    named = pagecache.release()
    assert named != digest and len(named) == 16
    monkeypatch.delenv("DJANGO_RELEASE")
    pagecache.release.cache_clear()
    assert pagecache.release() == digest


def test_publishing_shows_at_once(client):
    get(client, "/en/posts/")
    factories.make_article(title="Fresh news")
    response, html = get(client, "/en/posts/")
    assert response["X-Page-Cache"] == "miss"
    assert "Fresh news" in html


def test_a_withdrawn_appeal_disappears_at_once(client):
    appeal = factories.make_appeal(title="Free the miners")
    assert "Free the miners" in get(client, "/en/appeals/")[1]
    get(client, appeal.get_absolute_url())
    appeal.status = Post.Status.DRAFT
    appeal.save()
    assert "Free the miners" not in get(client, "/en/appeals/")[1]
    assert client.get(appeal.get_absolute_url()).status_code == 404


def test_moderation_by_bulk_update_is_seen_at_once(client, editor):
    message = factories.make_message(
        text="Pending words", moderation=SolidarityMessage.Moderation.PENDING
    )
    assert "Pending words" not in get(client, "/en/messages/")[1]
    SolidarityMessage.objects.filter(pk=message.pk).moderate(
        SolidarityMessage.Moderation.APPROVED, editor
    )
    assert "Pending words" in get(client, "/en/messages/")[1]
    SolidarityMessage.objects.filter(pk=message.pk).moderate(
        SolidarityMessage.Moderation.REJECTED, editor
    )
    assert "Pending words" not in get(client, "/en/messages/")[1]
    assert "Pending words" not in get(client, "/en/")[1]


def test_admin_bulk_unpublish_is_seen_at_once(client, editor_client):
    article = factories.make_article(title="To be withdrawn")
    assert "To be withdrawn" in get(client, "/en/posts/")[1]
    editor_client.post(
        "/admin/posts/article/",
        {"action": "unpublish", "_selected_action": [article.pk]},
    )
    assert Article.objects.get(pk=article.pk).status == Post.Status.DRAFT
    assert "To be withdrawn" not in get(client, "/en/posts/")[1]


def test_tag_change_is_seen_at_once(client):
    article = factories.make_article()
    get(client, article.get_absolute_url())
    version_before = client.get("/en/posts/")
    article.tags.add("newtag")
    assert client.get("/en/posts/")["X-Page-Cache"] == "miss"
    assert version_before["X-Page-Cache"] in ("hit", "miss")


def test_scheduled_article_appears_on_time(client):
    """The version expires at the next scheduled moment: no write needed."""
    factories.make_article(
        title="Scheduled piece", published_at=timezone.now() + timedelta(seconds=1.5)
    )
    assert "Scheduled piece" not in get(client, "/en/posts/")[1]
    assert get(client, "/en/posts/")[0]["X-Page-Cache"] == "hit"
    time.sleep(2.1)
    assert "Scheduled piece" in get(client, "/en/posts/")[1]


def test_expired_appeal_disappears_on_time(client):
    factories.make_appeal(
        title="Short-lived appeal",
        published_at=timezone.now() - timedelta(hours=1),
        expires_at=timezone.now() + timedelta(seconds=1.5),
    )
    assert "Short-lived appeal" in get(client, "/en/appeals/")[1]
    time.sleep(2.1)
    assert "Short-lived appeal" not in get(client, "/en/appeals/")[1]


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
    assert editor_client.get("/en/posts/").get("X-Page-Cache") is None
    # The editor's requests stored nothing a visitor could get.
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert get(client, "/en/posts/")[0]["X-Page-Cache"] == "miss"


def test_conditional_get(client):
    factories.make_article()
    first, _ = get(client, "/en/posts/")
    etag = first["ETag"]
    assert first["Last-Modified"]
    hit = client.get("/en/posts/", HTTP_IF_NONE_MATCH=etag)
    assert hit.status_code == 304
    factories.make_article(title="Changed")
    assert client.get("/en/posts/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_conditional_get_on_an_uncached_page(editor_client):
    first = editor_client.get("/en/posts/")
    again = editor_client.get("/en/posts/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_head_is_served(client):
    get(client, "/en/posts/")
    response = client.head("/en/posts/")
    assert response.status_code == 200
    assert response.content == b""


def test_query_strings_are_separate_pages(client):
    for i in range(3):
        factories.make_article(title=f"Item {i}")
    one = get(client, "/en/posts/?page=1")[1]
    assert get(client, "/en/posts/?page=1")[0]["X-Page-Cache"] == "hit"
    assert get(client, "/en/posts/?page=1&type=article")[0]["X-Page-Cache"] == "miss"
    assert "Item 0" in one


def test_parameters_the_page_does_not_read_share_its_copy(client):
    """utm_*, fbclid and junk are left out of the key (and out of the view's
    sight, so what it renders cannot depend on them)."""
    factories.make_article(title="Shared widely")
    first = get(client, "/en/posts/?type=article")[0]
    assert first["X-Page-Cache"] == "miss"
    for junk in ("utm_source=x&fbclid=abc", "zzz=1", "utm_medium=y%3Cb%3E"):
        response, html = get(client, f"/en/posts/?{junk}&type=article")
        assert response["X-Page-Cache"] == "hit", junk
        assert "fbclid" not in html and "utm_" not in html and "zzz" not in html


def test_an_invalid_filter_value_is_not_stored(client):
    response, html = get(client, "/en/posts/?type=bogus")
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert "X-Page-Cache" not in get(client, "/en/posts/?type=bogus")[0]


def test_foreign_host_is_refused_and_not_stored(client):
    response = client.get("/en/posts/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert get(client, "/en/posts/")[0]["X-Page-Cache"] == "miss"


def test_redis_outage_serves_uncached(settings):
    """Redis unreachable (a closed port): pages are served, uncached."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        },
    }
    factories.make_article(title="Still served")
    client = Client()
    started = time.monotonic()
    assert "Still served" in get(client, "/en/posts/")[1]
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


def test_an_appeal_page_with_its_form_is_a_hit_and_sets_no_cookie(client):
    """The page people share: the message form no longer keeps it out."""
    appeal = factories.make_appeal(title="Free the dockers")
    first = client.get(appeal.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    assert 'name="started"' in first.content.decode()
    second = Client().get(appeal.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert not first.cookies and not second.cookies
    assert "csrftoken" not in second.get("Set-Cookie", "")


def test_a_form_from_a_cached_copy_saves_exactly_one_pending_message(
    client, message_data
):
    appeal = factories.make_appeal(title="Free the dockers")
    client.get(appeal.get_absolute_url())
    cached = Client().get(appeal.get_absolute_url())
    assert cached["X-Page-Cache"] == "hit"
    html = cached.content.decode()
    token = html.split('name="started" value="')[1].split('"')[0]
    # The time trap counts from when this copy was served.
    data = {**message_data, "appeal": appeal.slug, "started": token}
    with mock.patch("time.time", return_value=time.time() + 5):
        first = Client().post(
            "/en/messages/new/", data, HTTP_ORIGIN="http://testserver"
        )
        again = Client().post(
            "/en/messages/new/", data, HTTP_ORIGIN="http://testserver"
        )
    assert first.status_code == again.status_code == 302
    message = SolidarityMessage.objects.get()
    assert message.moderation == SolidarityMessage.Moderation.PENDING
    assert message.appeal == appeal


@pytest.mark.parametrize(
    "url",
    ["/en/messages/new/", "/en/join/", "/en/events/propose/", "/en/join/confirm/x/"],
)
def test_every_public_form_refuses_a_cross_site_post(client, url):
    response = client.post(url, {"x": "1"}, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert "sent from another site" in response.content.decode()
    assert not SolidarityMessage.objects.exists()


def test_private_changes_invalidate_nothing(client, message_data, editor):
    """A pending message, a supporter, a proposal, a preview link: nothing
    public changed, so the home page stays a hit."""
    from posts import preview

    article = factories.make_article(title="Published")
    factories.make_article(title="Draft", status=Post.Status.DRAFT)
    get(client, "/en/")
    assert get(client, "/en/")[0]["X-Page-Cache"] == "hit"
    message = factories.make_message(moderation=SolidarityMessage.Moderation.PENDING)
    SolidarityMessage.objects.filter(pk=message.pk).moderate(
        SolidarityMessage.Moderation.REJECTED, editor
    )
    factories.make_supporter()
    factories.make_event(status=Post.Status.DRAFT)
    preview.revoke(article)
    assert get(client, "/en/")[0]["X-Page-Cache"] == "hit"


def test_unpublishing_is_a_404_at_once_and_never_served_stale(client):
    from solidarity.pagecache import PageCacheMiddleware

    appeal = factories.make_appeal(title="Withdraw me")
    url = appeal.get_absolute_url()
    get(client, url)
    # Even while another worker holds the render lock of this page.
    request = RequestFactory().get(url)
    PageCacheMiddleware.keep_params(request, ())
    cache.add(f"{PageCacheMiddleware.key(request)}:lock", 1, 10)
    appeal.status = Post.Status.DRAFT
    appeal.save()
    assert client.get(url).status_code == 404


def test_a_hot_page_is_served_stale_while_one_worker_renders_it(client):
    """An edit (nothing withdrawn): while one worker renders the new copy
    (it holds the lock), the others serve the previous one."""
    from solidarity.pagecache import PageCacheMiddleware

    article = factories.make_article(title="First headline")
    url = article.get_absolute_url()
    get(client, url)
    request = RequestFactory().get(url)
    PageCacheMiddleware.keep_params(request, ())
    lock = f"{PageCacheMiddleware.key(request)}:lock"
    article.title = "Second headline"
    article.save()
    cache.add(lock, 1, 10)
    response, html = get(client, url)
    assert response["X-Page-Cache"] == "stale"
    assert "First headline" in html
    cache.delete(lock)
    response, html = get(client, url)
    assert response["X-Page-Cache"] == "miss"
    assert "Second headline" in html
    assert get(client, url)[0]["X-Page-Cache"] == "hit"


def test_head_from_the_cache_has_no_body(client):
    get(client, "/en/posts/")
    response = client.head("/en/posts/")
    assert response["X-Page-Cache"] == "hit"
    assert response.content == b""
    assert int(response["Content-Length"]) > 1000


def test_favicon_answers(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")


@pytest.fixture
def full_redis(own_redis):
    """Our own Redis at its maxmemory with noeviction: writes refused (OOM)."""
    with pytest.raises(redis.ResponseError, match="maxmemory"):
        for n in range(10_000):
            own_redis.set(f"filler:{n}", b"x" * 10_000)
    return own_redis


def test_a_redis_out_of_memory_gives_pages_not_errors(full_redis, message_data):
    factories.make_appeal(title="Still standing")
    client = Client()
    for path in ("/en/", "/en/posts/", "/en/appeals/", "/en/messages/new/"):
        response = client.get(path)
        assert response.status_code == 200, path
    # A submission the full cache cannot count fails closed (issue 16): a
    # 503 that says nothing was saved, never a 500.
    response = client.post("/en/messages/new/", message_data)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert SolidarityMessage.objects.count() == 0


def test_every_public_page_sets_no_cookie_and_is_served_from_the_cache(client):
    """Walk the URL configuration (so pages added later are covered): an
    anonymous visitor gets no cookie anywhere, and every page that answers
    200 is a cache hit the second time."""
    from tests.test_privacy import UNFILLABLE, fill, routes

    appeal = factories.make_appeal(countries=["ES"], tags=["miners"])
    article = factories.make_article(tags=["miners"], countries=["ES"])
    event = factories.make_event(tags=["miners"], countries=["ES"])
    values = {"slug": [appeal.slug, article.slug, event.slug, "miners", "es"]}
    values["str"] = values["tag"] = values["slug"]
    paths = {
        f"/{path}"
        for route in routes()
        if not any(marker in route for marker in UNFILLABLE)
        for path in fill(route, values)
    }
    served = 0
    for path in sorted(paths):
        response = client.get(path)
        assert not response.cookies, path
        if path.startswith("/-/"):
            continue  # health checks: never cached
        if response.status_code == 200 and not response.streaming:
            again = Client().get(path)
            assert again.get("X-Page-Cache") == "hit", (
                path,
                again.get("Cache-Control"),
            )
            assert not again.cookies, path
            served += 1
    assert served >= 20


def test_a_paused_redis_costs_a_request_one_timeout_at_most(own_redis):
    """Redis answering nothing (CLIENT PAUSE): the first call waits for its
    0.5 s timeout and opens the breaker; the rest of the page, and the next
    pages, skip Redis at once."""
    factories.make_article(title="Served anyway")
    client = Client()
    get(client, "/en/posts/")
    own_redis.execute_command("CLIENT", "PAUSE", 10_000, "ALL")
    try:
        started = time.monotonic()
        assert "Served anyway" in get(client, "/en/posts/")[1]
        assert time.monotonic() - started < 1.5
        assert cachebreaker.is_open()
        started = time.monotonic()
        for path in ("/en/", "/en/posts/", "/en/appeals/"):
            get(client, path)
        assert time.monotonic() - started < 1.5
    finally:
        own_redis.execute_command("CLIENT", "UNPAUSE")


def test_a_withdrawal_the_cache_cannot_hear_closes_the_cache(
    own_redis, editor_client, monkeypatch
):
    """Redis refusing writes when an editor unpublishes: the change is
    written down, the editor is told, nobody is served the withdrawn page
    from the cache; once Redis listens again the cache comes back."""
    monkeypatch.setattr(pagecache, "CLOSED_CHECK_SECONDS", 0)
    article = factories.make_article(title="Withdraw to protect someone")
    visitor = Client()
    url = article.get_absolute_url()
    get(visitor, url)
    assert get(visitor, url)[0]["X-Page-Cache"] == "hit"
    own_redis.execute_command("CLIENT", "PAUSE", 10_000, "WRITE")
    try:
        response = editor_client.post(
            "/admin/posts/article/",
            {"action": "unpublish", "_selected_action": [article.pk]},
            follow=True,
        )
        assert "could not be told of this change" in response.content.decode()
        assert UntoldChange.objects.exists()
        cachebreaker.reset()  # reads still work during a write pause
        assert visitor.get(url).status_code == 404
    finally:
        own_redis.execute_command("CLIENT", "UNPAUSE")
    cachebreaker.reset()
    assert visitor.get(url).status_code == 404
    assert not UntoldChange.objects.exists()
    factories.make_article(title="Back to normal")
    get(visitor, "/en/posts/")
    assert get(visitor, "/en/posts/")[0]["X-Page-Cache"] == "hit"


def test_a_card_shows_an_edit_at_once_wherever_it_is_listed(client, settings):
    """Cards are kept per process under the content version: an edit is on
    every list at once, the page cache in front or not."""
    settings.PAGE_CACHE_ENABLED = False
    article = factories.make_article(title="First headline")
    appeal = factories.make_appeal(title="Free the dockers")
    factories.make_message(appeal=appeal, text="Solidarity from the port")
    assert "First headline" in get(client, "/en/posts/")[1]
    assert "Solidarity from the port" in get(client, "/en/messages/")[1]
    article.title = "Second headline"
    article.save()
    message = SolidarityMessage.objects.get()
    message.text = "Solidarity from the docks"
    message.save()
    for path in ("/en/posts/", "/en/"):
        html = get(client, path)[1]
        assert "Second headline" in html and "First headline" not in html, path
    html = get(client, "/en/messages/")[1]
    assert "from the docks" in html and "from the port" not in html


def test_no_card_is_reused_while_a_change_is_untold(client, settings):
    """A change the cache could not hear of (fail closed): cards are
    rendered again, as pages are."""
    settings.PAGE_CACHE_ENABLED = False
    article = factories.make_article(title="Name to protect")
    assert "Name to protect" in get(client, "/en/posts/")[1]
    # Changed where no signal tells the cache, then written down as untold.
    Post._base_manager.filter(pk=article.pk).update(title="Initials only")
    UntoldChange.objects.create()
    pagecache._closed["until"] = 0.0
    html = get(client, "/en/posts/")[1]
    assert "Initials only" in html and "Name to protect" not in html
