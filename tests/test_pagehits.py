"""Page-cache hits replayed before Django (solidarity/pagehits.py): the
same bytes Django sends, never after a change, never to editors, and Django
again whenever Redis cannot say."""

import contextlib
import gzip
import re
import time

import pytest
import redis
from django.core import signing
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from posts.models import Post
from solidarity import pagecache, pagehits
from tests import factories

pytestmark = pytest.mark.django_db

START = re.compile(rb'name="started" value="([^"]+)"')


class Site:
    """The site as gunicorn calls it (solidarity/wsgi.py's layering), with
    a count of the requests that reached Django."""

    def __init__(self):
        self.django = WSGIHandler()
        self.application = pagehits.PageHits(self.counted)
        self.calls = 0

    def counted(self, environ, start_response):
        self.calls += 1
        return self.django(environ, start_response)

    def __call__(self, path, method="GET", **headers):
        environ = RequestFactory().generic(method, path, **headers).environ
        environ.setdefault("HTTP_HOST", "testserver")  # as every browser sends
        sent = {}

        def start_response(status, response_headers, exc_info=None):
            sent.update(status=status, headers=response_headers)

        calls = self.calls
        # As Django's test client does: the test's transaction is not a
        # stale connection to close.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result = self.application(environ, start_response)
            body = b"".join(result)
            if hasattr(result, "close"):
                result.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return Answer(sent["status"], sent["headers"], body, self.calls > calls)


class Answer:
    def __init__(self, status, headers, body, by_django):
        self.status, self.headers, self.body = status, headers, body
        self.by_django = by_django

    def header(self, name):
        return dict(self.headers).get(name)


@pytest.fixture
def site():
    return Site()


def replayed(site, path, **headers):
    """Django's hit (the second request) and the replay (the third)."""
    site(path, **headers)
    hit = site(path, **headers)
    assert hit.by_django and hit.header("X-Page-Cache") == "hit", hit.status
    again = site(path, **headers)
    assert not again.by_django, "not replayed"
    return hit, again


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize("encoding", [None, "gzip, deflate, br"])
def test_a_replay_is_byte_for_byte_djangos_hit(site, method, encoding):
    factories.make_article(title="Dock strike")
    headers = {"HTTP_ACCEPT_ENCODING": encoding} if encoding else {}
    site("/en/posts/", **headers)
    hit = site("/en/posts/", method=method, **headers)
    assert hit.by_django and hit.header("X-Page-Cache") == "hit"
    replay = site("/en/posts/", method=method, **headers)
    assert not replay.by_django
    assert (replay.status, replay.headers, replay.body) == (
        hit.status,
        hit.headers,
        hit.body,
    )
    # Security headers added above the page cache are there too.
    assert replay.header("X-Content-Type-Options") == "nosniff"
    assert replay.header("Content-Security-Policy")
    if method == "HEAD":
        assert replay.body == b""
        assert int(replay.header("Content-Length")) > 1000
    elif encoding:
        assert replay.header("Content-Encoding") == "gzip"
        assert b"Dock strike" in gzip.decompress(replay.body)
    else:
        assert b"Dock strike" in replay.body


@pytest.mark.parametrize("encoding", [None, "gzip"])
def test_a_page_with_a_form_is_replayed_with_a_current_start_time(site, encoding):
    appeal = factories.make_appeal(title="Free the dockers")
    headers = {"HTTP_ACCEPT_ENCODING": encoding} if encoding else {}

    def page(answer):
        body = gzip.decompress(answer.body) if encoding else answer.body
        assert int(answer.header("Content-Length")) == len(answer.body)
        return body

    def start(body):
        token = START.search(body)[1].decode()
        return signing.loads(token, salt="solidarity.antispam.started:message")

    before = time.time()
    hit, replay = replayed(site, appeal.get_absolute_url(), **headers)
    time.sleep(pagehits.START_TICK * 1.5)
    later = site(appeal.get_absolute_url(), **headers)
    assert not later.by_django
    bodies = [page(hit), page(replay), page(later)]
    starts = [start(body) for body in bodies]
    # Each copy says when it was served (to a tick), not when it was cached.
    assert before - pagehits.START_TICK <= starts[1] <= starts[2] <= time.time()
    assert starts[2] > starts[1]
    assert len({START.sub(b"", body) for body in bodies}) == 1
    lengthless = [
        [h for h in answer.headers if h[0] != "Content-Length"]
        for answer in (hit, replay)
    ]
    assert lengthless[0] == lengthless[1]


def test_a_head_of_a_page_with_a_form_has_no_body(site):
    appeal = factories.make_appeal(title="Free the dockers")
    get = site(appeal.get_absolute_url())
    hit = site(appeal.get_absolute_url(), method="HEAD")
    assert hit.by_django and hit.header("X-Page-Cache") == "hit"
    replay = site(appeal.get_absolute_url(), method="HEAD")
    assert not replay.by_django and replay.body == b""
    # (Signed start times differ in length by a few characters.)
    assert abs(int(replay.header("Content-Length")) - len(get.body)) < 20


def test_parameters_the_page_does_not_read_share_the_replay(site):
    factories.make_article(title="Dock strike")
    replayed(site, "/en/posts/")
    assert not site("/en/posts/?utm_source=x&fbclid=abc").by_django
    # A parameter the list reads is another page.
    assert site("/en/posts/?type=article").by_django


def test_an_unpublished_page_is_never_replayed(site):
    appeal = factories.make_appeal(title="Withdraw me")
    url = appeal.get_absolute_url()
    replayed(site, url)
    appeal.status = Post.Status.DRAFT
    appeal.save()
    gone = site(url)
    assert gone.by_django and gone.status.startswith("404")


def test_an_edit_is_never_replayed(site):
    article = factories.make_article(title="First headline")
    url = article.get_absolute_url()
    replayed(site, url)
    article.title = "Second headline"
    article.save()
    fresh = site(url)
    assert fresh.by_django and b"Second headline" in fresh.body


def test_editors_and_conditional_requests_go_to_django(site, client, editor):
    factories.make_article(title="Dock strike")
    hit, _ = replayed(site, "/en/posts/")
    client.force_login(editor)
    session = f"sessionid={client.cookies['sessionid'].value}"
    answer = site("/en/posts/", HTTP_COOKIE=session)
    assert answer.by_django and answer.header("X-Page-Cache") is None
    answer = site("/en/posts/", HTTP_COOKIE="messages=x")
    assert answer.by_django
    # Another cookie (a visitor who once opened the admin's login) is fine.
    assert not site("/en/posts/", HTTP_COOKIE="csrftoken=abc").by_django
    answer = site("/en/posts/", HTTP_IF_NONE_MATCH=hit.header("ETag"))
    assert answer.by_django and answer.status.startswith("304")
    assert site("/en/posts/", method="POST").by_django


def test_a_closed_cache_goes_to_django(site, monkeypatch):
    factories.make_article(title="Dock strike")
    replayed(site, "/en/posts/")
    monkeypatch.setitem(pagecache._closed, "closed", True)
    answer = site("/en/posts/")
    assert answer.by_django and answer.header("X-Page-Cache") is None


def test_a_scheduled_change_coming_due_goes_to_django(site):
    factories.make_article(title="Dock strike")
    replayed(site, "/en/posts/")
    cache.delete(pagecache.UNTIL_KEY)  # as when it expires
    assert site("/en/posts/").by_django


def test_a_change_is_seen_at_once_through_redis(own_redis, site):
    """With Redis, a worker keeps the version between requests and Redis
    pushes every change to it (client-side caching): the next request after
    a withdrawal made elsewhere already knows."""
    appeal = factories.make_appeal(title="Withdraw me")
    url = appeal.get_absolute_url()
    replayed(site, url)
    assert not site(url).by_django
    # The withdrawal, made through another connection (another worker).
    Post.objects.filter(pk=appeal.pk).update(status=Post.Status.DRAFT)
    gone = site(url)
    assert gone.by_django and gone.status.startswith("404")
    # And the until key's expiry, a scheduled change, as soon as it is due.
    article = factories.make_article(title="Dock strike")
    replayed(site, article.get_absolute_url())
    cache.set(pagecache.UNTIL_KEY, 1, 0.3)
    time.sleep(0.4)
    assert site(article.get_absolute_url()).by_django


def test_redis_away_goes_to_django(own_redis, site):
    factories.make_article(title="Still served")
    replayed(site, "/en/posts/")
    with contextlib.suppress(redis.ConnectionError):
        own_redis.shutdown(nosave=True)
    started = time.monotonic()
    answer = site("/en/posts/")
    assert answer.by_django and answer.status.startswith("200")
    assert b"Still served" in answer.body
    assert time.monotonic() - started < 2
