"""Canonical links, OpenGraph/Twitter meta and JSON-LD on detail pages."""

import json
import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


def json_ld(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_article_meta(client):
    article = factories.make_article(
        title="Pickets </script><b>everywhere</b>", tags=["Labour"]
    )
    response = client.get(article.get_absolute_url())
    content = response.content.decode()
    url = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in content
    assert '<meta property="og:type" content="article">' in content
    assert (
        '<meta property="og:title" content="Pickets &lt;/script&gt;&lt;b&gt;'
        'everywhere&lt;/b&gt;">' in content
    )
    assert '<meta name="twitter:card" content="summary">' in content
    data = json_ld(response)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Pickets </script><b>everywhere</b>"
    assert data["url"] == url
    assert data["keywords"] == ["Labour"]
    assert "</script><b>" not in content


def test_appeal_meta_comes_from_the_base_template(client):
    appeal = factories.make_appeal(title="Free the miners")
    response = client.get(appeal.get_absolute_url())
    assert json_ld(response)["@type"] == "NewsArticle"
    assert '<meta property="og:title" content="Free the miners">' in (
        response.content.decode()
    )


def test_event_json_ld(client):
    event = factories.make_event(
        title="Meeting", online_url="https://meet.example.org/x"
    )
    data = json_ld(client.get(event.get_absolute_url()))
    assert data["@type"] == "Event"
    assert data["name"] == "Meeting"
    assert data["eventAttendanceMode"].endswith("MixedEventAttendanceMode")
    assert data["location"][0]["address"]["addressLocality"] == "Dublin"
    starts = datetime.fromisoformat(data["startDate"])
    assert abs(starts - event.starts_at) < timedelta(seconds=1)
    assert starts.utcoffset() == event.starts_at.astimezone(event.tzinfo).utcoffset()


def test_list_pages_have_a_canonical_link_but_no_json_ld(client):
    factories.make_article()
    content = client.get("/en/posts/?type=article").content.decode()
    assert '<link rel="canonical" href="http://testserver/en/posts/">' in content
    assert "application/ld+json" not in content


def test_unpublished_preview_is_not_indexable(editor_client):
    article = factories.make_article(
        status="draft", published_at=timezone.now() - timedelta(hours=1)
    )
    response = editor_client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
