"""Every public page runs the same number of queries whether it lists 1, 10
or 50 items: guards against N+1 on kinds, tags, countries and messages."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from posts.views import SearchView, TimelineView
from solidarity import pagecache
from solidarity.views import HomeView
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def many():
    """Fifty of each kind, each with two tags and two countries; twenty
    articles have a published Spanish translation (so the Spanish lists mix
    translations and originals)."""
    posts = []
    for n in range(50):
        kw = {"tags": ["Labour", f"Tag {n % 3}"], "countries": ["VE", "IE"]}
        article = factories.make_article(title=f"Dockers article {n}", **kw)
        posts.append(article)
        if n < 20:
            factories.publish_translation(article, "es", f"Dockers artículo {n}")
        posts.append(factories.make_appeal(title=f"Dockers appeal {n}", **kw))
        posts.append(factories.make_event(title=f"Dockers meeting {n}", **kw))
        message = factories.make_message(text=f"Dockers message {n}", country="VE")
        message.tags.add("Labour")
        posts.append(message)
    return posts


def count_queries(client, url):
    cache.clear()
    # The page cache's content version costs one query per content change
    # (solidarity/pagecache.py), not per page: known before counting.
    pagecache.content_version()
    pagecache.cache_closed()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


PAGES = [
    "/en/posts/",
    "/en/posts/?page=2",
    "/en/posts/?country=ve&tag=labour&type=article",
    "/en/posts/?q=dockers&year=2026",
    "/en/tags/labour/",
    "/en/countries/VE/",
    "/en/search/?q=dockers",
    "/en/search/?q=dockers&page=2",
    "/es/posts/",
    "/es/posts/?page=2",
    "/es/posts/?lang=en",
    "/es/search/?q=dockers",
]


def test_pages_run_constant_queries(
    client, many, monkeypatch, django_assert_num_queries
):
    """The count at 1, 10 and 50 items a page is the same, on every list page,
    detail page, feed and the home page (one data set, built once)."""
    for url in PAGES:
        counts = {}
        for size in (1, 10, 50):
            monkeypatch.setattr(TimelineView, "paginate_by", size)
            monkeypatch.setattr(SearchView, "paginate_by", size)
            counts[size], response = count_queries(client, url)
            assert len(response.context["object_list"]) == size
        assert counts[1] == counts[10] == counts[50], (url, counts)
    check_home(client, monkeypatch)
    check_feeds(client, monkeypatch)
    check_details(client, many)
    check_timeline_budget(client, django_assert_num_queries)


def check_timeline_budget(client, django_assert_num_queries):
    """Kind counts (which give the list's count too), countries, tags, years,
    ids, rows, tags, countries; and once per content version the site's
    identity."""
    cache.clear()
    pagecache.content_version()
    with django_assert_num_queries(9):
        client.get("/en/posts/")
    # With the counts and options cached: ids, rows, tags, countries.
    with django_assert_num_queries(4):
        client.get("/en/posts/?page=2")


def check_home(client, monkeypatch):
    counts = {}
    for size in (1, 10, 50):
        monkeypatch.setattr(HomeView, "article_count", size)
        counts[size], response = count_queries(client, "/en/")
        assert len(response.context["articles"]) == size
    assert counts[1] == counts[10] == counts[50], counts
    # featured articles, the featured appeal, latest, urgent appeals, one
    # tags and one countries query for all their cards, meetings, messages,
    # the messages' counts by country (kept five minutes); the site's
    # identity.
    assert counts[1] == 10


def check_details(client, posts):
    """An article with two tags and two countries: the post, tags, countries,
    the site's identity (the cache cleared), and, when it has translations,
    one query for them."""
    for kind in ("article", "appeal", "event"):
        first, second = [p for p in posts if p.kind == kind][:2]
        one = count_queries(client, first.get_absolute_url())[0]
        assert one == count_queries(client, second.get_absolute_url())[0]
        if kind == "article":
            assert one == 5  # the fixture's first articles are translated
    untranslated = [p for p in posts if p.kind == "article"][-1]
    assert count_queries(client, untranslated.get_absolute_url())[0] == 4


FEEDS = [
    "/en/feed/",
    "/en/feed/atom/",
    "/en/appeals/feed/",
    "/en/tags/labour/feed/",
    "/es/feed/",
]


def check_feeds(client, monkeypatch):
    from posts import feeds

    for url in [*FEEDS, "/en/countries/ve/feed/"]:
        counts = {}
        for size in (1, 10, 50):
            monkeypatch.setattr(feeds, "FEED_LENGTH", size)
            counts[size], _ = count_queries(client, url)
        assert counts[1] == counts[10] == counts[50], (url, counts)
    # The count, the page, and the translations of the page's translated posts.
    assert count_queries(client, "/sitemap-articles.xml")[0] == 3
    assert count_queries(client, "/sitemap-appeals.xml")[0] == 2
