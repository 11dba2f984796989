"""Feeds and the sitemap: valid, and only ever public items."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from appeals.models import SolidarityMessage
from tests import factories

pytestmark = pytest.mark.django_db

HIDDEN = ("Secret draft", "Scheduled piece", "Expired piece", "Pending Union")


@pytest.fixture
def content():
    now = timezone.now()
    visible = [
        factories.make_article(
            title="Dockers strike", tags=["Labour"], countries=["VE"]
        ),
        factories.make_appeal(
            title="Free the miners", tags=["Labour"], countries=["VE"]
        ),
        factories.make_event(title="Meeting in Dublin", tags=["Labour"]),
        factories.make_message(organisation="Teachers", country="VE"),
    ]
    hidden = [
        factories.make_article(
            title="Secret draft", status="draft", tags=["Labour"], countries=["VE"]
        ),
        factories.make_appeal(
            title="Scheduled piece",
            published_at=now + timedelta(days=1),
            tags=["Labour"],
            countries=["VE"],
        ),
        factories.make_article(
            title="Expired piece",
            published_at=now - timedelta(days=3),
            expires_at=now - timedelta(days=1),
            tags=["Labour"],
            countries=["VE"],
        ),
        factories.make_message(
            organisation="Pending Union",
            country="VE",
            moderation=SolidarityMessage.Moderation.PENDING,
        ),
    ]
    return visible, hidden


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    for entry in feed.entries:
        assert entry.title
        assert entry.link.startswith("http://testserver/")
        assert entry.published_parsed
        for hidden in HIDDEN:
            assert hidden not in entry.title
    return feed


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/en/feed/", 4),
        ("/en/feed/atom/", 4),
        ("/en/appeals/feed/", 1),
        ("/en/tags/labour/feed/", 3),
        ("/en/countries/VE/feed/", 3),
        ("/en/countries/ve/feed/", 3),
        ("/en/appeals/feed/atom/", 1),
        ("/en/tags/labour/feed/atom/", 3),
        ("/en/countries/VE/feed/atom/", 3),
    ],
)
def test_feeds_are_valid_and_public_only(client, content, url, expected):
    feed = parse(client, url)
    assert len(feed.entries) == expected


def test_timeline_feed_items(client, content):
    feed = parse(client, "/en/feed/")
    titles = [entry.title for entry in feed.entries]
    assert titles == [
        "Message from Teachers",
        "Meeting: Meeting in Dublin",
        "Appeal: Free the miners",
        "Article: Dockers strike",
    ]
    article = content[0][0]
    entry = feed.entries[-1]
    assert entry.link == f"http://testserver{article.get_absolute_url()}"
    assert entry.summary == article.summary
    assert [tag.term for tag in entry.tags] == ["Labour"]
    assert feed.feed.title == "Solidarity: campaign timeline"


def test_atom_feed_has_updated_dates(client, content):
    feed = parse(client, "/en/feed/atom/")
    assert feed.version == "atom10"
    assert all(entry.updated_parsed for entry in feed.entries)


@pytest.mark.parametrize(
    ("rss", "atom"),
    [
        ("/en/feed/", "/en/feed/atom/"),
        ("/en/appeals/feed/", "/en/appeals/feed/atom/"),
        ("/en/tags/labour/feed/", "/en/tags/labour/feed/atom/"),
        ("/en/countries/VE/feed/", "/en/countries/VE/feed/atom/"),
    ],
)
def test_every_rss_feed_has_an_atom_twin(client, content, rss, atom):
    """The Atom twin lists the same entries, titles and subtitle as its RSS
    feed, and says it is Atom."""
    rss_feed, atom_feed = parse(client, rss), parse(client, atom)
    assert rss_feed.version == "rss20"
    assert atom_feed.version == "atom10"
    assert [e.link for e in atom_feed.entries] == [e.link for e in rss_feed.entries]
    assert atom_feed.feed.title == rss_feed.feed.title
    assert atom_feed.feed.subtitle == rss_feed.feed.description
    assert all(entry.updated_parsed for entry in atom_feed.entries)


def test_message_email_never_in_feeds(client, content):
    message = content[0][3]
    assert message.email not in client.get("/en/feed/").content.decode()


NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_index_and_sections(client, content):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ET.fromstring(response.content)
    sections = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert "http://testserver/sitemap-articles.xml" in sections
    urls = []
    for section in sections:
        part = client.get(section.removeprefix("http://testserver"))
        assert part.status_code == 200
        tree = ET.fromstring(part.content)
        urls += [loc.text for loc in tree.findall("s:url/s:loc", NS)]
    visible = content[0]
    for post in visible[:3]:
        assert f"http://testserver{post.get_absolute_url()}" in urls
    for post in content[1]:
        assert f"http://testserver{post.get_absolute_url()}" not in urls
    assert "http://testserver/en/posts/" in urls


@pytest.mark.parametrize(
    ("url", "title"),
    [("/en/feed/", "Message from Teachers"), ("/es/feed/", "Mensaje: Teachers")],
)
def test_a_message_is_titled_in_the_feeds_language(client, content, url, title):
    titles = [entry.title for entry in parse(client, url).entries]
    assert title in titles
