"""The public pages: home, timeline and its facets, article, hubs, robots."""

import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appeals.models import Appeal, SolidarityMessage
from posts.models import Post
from tests import factories

pytestmark = pytest.mark.django_db


def titles(response):
    return [post.title for post in response.context["object_list"]]


@pytest.fixture
def mix():
    """One public post of each kind, plus hidden ones that must never show."""
    now = timezone.now()
    return {
        "article": factories.make_article(
            title="Dockers strike in Caracas",
            byline="Ana Rodríguez",
            tags=["Labour rights"],
            countries=["VE"],
            published_at=now - timedelta(days=3),
        ),
        "appeal": factories.make_appeal(
            title="Free the miners",
            tags=["Labour rights"],
            countries=["IR"],
            published_at=now - timedelta(days=2),
        ),
        "event": factories.make_event(
            title="Meeting in Dublin", published_at=now - timedelta(days=1)
        ),
        "message": factories.make_message(
            organisation="Teachers' Federation",
            text="We stand with you.",
            received_at=now - timedelta(hours=2),
        ),
        "draft": factories.make_article(title="Secret draft", status="draft"),
        "scheduled": factories.make_article(
            title="Scheduled piece", published_at=now + timedelta(days=1)
        ),
        "expired": factories.make_article(
            title="Expired piece",
            published_at=now - timedelta(days=5),
            expires_at=now - timedelta(days=1),
        ),
        "pending": factories.make_message(
            organisation="Pending Union",
            moderation=SolidarityMessage.Moderation.PENDING,
        ),
    }


HIDDEN = ("Secret draft", "Scheduled piece", "Expired piece", "Message from Pending")


def assert_nothing_hidden(response):
    content = response.content.decode()
    for title in HIDDEN:
        assert title not in content


def test_timeline_lists_every_kind_newest_first_with_type_labels(client, mix):
    response = client.get(reverse("posts:index"))
    assert response.status_code == 200
    assert titles(response) == [
        "Message from Teachers' Federation",
        "Meeting in Dublin",
        "Free the miners",
        "Dockers strike in Caracas",
    ]
    content = response.content.decode()
    for label in ("Article", "Appeal", "Meeting", "Solidarity message"):
        assert f'<span class="kind">{label}</span>' in content
    assert "Page 1 of 1" in content
    assert_nothing_hidden(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=article", ["Dockers strike in Caracas"]),
        ("type=appeal", ["Free the miners"]),
        ("type=event", ["Meeting in Dublin"]),
        ("type=message", ["Message from Teachers' Federation"]),
        ("tag=labour-rights", ["Free the miners", "Dockers strike in Caracas"]),
        ("country=VE", ["Dockers strike in Caracas"]),
        ("country=ve", ["Dockers strike in Caracas"]),
        ("country=IE", ["Meeting in Dublin"]),
        ("author=Ana+Rodr%C3%ADguez", ["Dockers strike in Caracas"]),
        ("tag=labour-rights&country=IR", ["Free the miners"]),
        ("tag=labour-rights&type=article", ["Dockers strike in Caracas"]),
        ("q=dockers", ["Dockers strike in Caracas"]),
        ("q=dockers&type=appeal", []),
    ],
)
def test_timeline_facets_filter_and_combine(client, mix, query, expected):
    response = client.get(f"{reverse('posts:index')}?{query}")
    assert response.status_code == 200
    assert titles(response) == expected
    assert response.context["facets"].errors == []
    assert_nothing_hidden(response)


def test_year_and_month_facets(client):
    tz = timezone.get_current_timezone()
    factories.make_article(
        title="March 2019", published_at=datetime(2019, 3, 31, 23, 30, tzinfo=tz)
    )
    factories.make_article(
        title="April 2019", published_at=datetime(2019, 4, 1, 0, 30, tzinfo=tz)
    )
    factories.make_article(
        title="2020 piece", published_at=datetime(2020, 1, 1, 12, tzinfo=tz)
    )
    url = reverse("posts:index")
    assert titles(client.get(url, {"year": 2019})) == ["April 2019", "March 2019"]
    assert titles(client.get(url, {"year": 2019, "month": 3})) == ["March 2019"]
    assert titles(client.get(url, {"year": 2019, "month": 12})) == []
    response = client.get(url, {"year": 2020})
    assert titles(response) == ["2020 piece"]
    assert (2019, 2019) in response.context["year_options"]


def test_active_filters_are_shown_and_each_removable(client, mix):
    response = client.get(
        reverse("posts:index"), {"country": "ve", "tag": "labour-rights", "year": 2030}
    )
    active = dict(response.context["active_filters"])
    assert active["Country: Venezuela"] == "?tag=labour-rights&year=2030"
    assert active["Tag: Labour rights"] == "?country=VE&year=2030"
    assert active["Year: 2030"] == "?country=VE&tag=labour-rights"
    assert "Clear all filters" in response.content.decode()
    # The pagination keeps the filters.
    assert response.context["query_string"] == "country=VE&tag=labour-rights&year=2030"


def test_type_counts_ignore_the_type_filter(client, mix):
    response = client.get(reverse("posts:index"), {"type": "article"})
    counts = {kind: n for kind, _label, n in response.context["kind_options"]}
    assert counts == {"article": 1, "appeal": 1, "event": 1, "message": 1}


def test_empty_result_says_so(client, mix):
    response = client.get(reverse("posts:index"), {"q": "nonexistentword"})
    assert titles(response) == []
    assert "Nothing matches these filters" in response.content.decode()


def test_timeline_pages(client, settings, monkeypatch):
    from posts.views import TimelineView

    monkeypatch.setattr(TimelineView, "paginate_by", 2)
    for n in range(5):
        factories.make_article(
            title=f"Post {n}", published_at=timezone.now() - timedelta(hours=n + 1)
        )
    url = reverse("posts:index")
    first = client.get(url, {"type": "article"})
    assert titles(first) == ["Post 0", "Post 1"]
    content = first.content.decode()
    assert "Page 1 of 3" in content
    assert 'href="?type=article&amp;page=2"' in content
    assert titles(client.get(url, {"type": "article", "page": 3})) == ["Post 4"]
    assert titles(client.get(url, {"type": "article", "page": "last"})) == ["Post 4"]


def test_counts_are_cached_until_content_changes(client, django_assert_num_queries):
    factories.make_article(title="One")
    factories.make_article(title="Two")
    url = reverse("posts:index")
    first = client.get(url)
    assert first.context["paginator"].count == 2
    factories.make_article(title="Three")
    assert client.get(url).context["paginator"].count == 3


def test_tag_hub_gathers_every_kind(client, mix):
    response = client.get(reverse("posts:tag", args=["labour-rights"]))
    assert response.status_code == 200
    assert titles(response) == ["Free the miners", "Dockers strike in Caracas"]
    content = response.content.decode()
    assert "<h1>#Labour rights</h1>" in content
    assert reverse("posts:tag-feed", args=["labour-rights"]) in content
    # Further facets work inside a hub; the hub's own facet is not removable.
    narrowed = client.get(
        reverse("posts:tag", args=["labour-rights"]), {"type": "appeal"}
    )
    assert titles(narrowed) == ["Free the miners"]
    assert [label for label, _ in narrowed.context["active_filters"]] == [
        "Type: Appeals"
    ]
    # A country inside a tag hub narrows it; the page stays the tag's (it was
    # a 500: the template took the visitor's country for the hub's).
    narrowed = client.get(
        reverse("posts:tag", args=["labour-rights"]), {"country": "VE"}
    )
    assert narrowed.status_code == 200
    assert titles(narrowed) == ["Dockers strike in Caracas"]
    content = narrowed.content.decode()
    assert "<h1>#Labour rights</h1>" in content
    assert reverse("posts:tag-feed", args=["labour-rights"]) in content


@pytest.mark.parametrize(
    ("hub", "feeds"),
    [
        (
            "/en/tags/labour-rights/",
            [
                "/en/tags/labour-rights/feed/",
                "/en/tags/labour-rights/feed/atom/",
                "/en/tags/labour-rights/events.ics",
            ],
        ),
        (
            "/en/countries/ve/",
            [
                "/en/countries/VE/feed/",
                "/en/countries/VE/feed/atom/",
                "/en/countries/VE/events.ics",
            ],
        ),
    ],
)
def test_hubs_link_their_rss_atom_and_calendar_feeds(client, mix, hub, feeds):
    content = client.get(hub).content.decode()
    kinds = ["application/rss+xml", "application/atom+xml", "text/calendar"]
    for kind, feed in zip(kinds, feeds, strict=True):
        # In the page for people, in the head for feed readers.
        assert f'href="{feed}"' in content.split("</head>")[1], feed
        assert re.search(
            f'<link rel="alternate" type="{re.escape(kind)}" [^>]*href="{feed}"',
            content,
        )
        assert client.get(feed).status_code == 200, feed


def test_cards_title_is_the_link_with_no_read_more(client, mix):
    content = client.get(reverse("posts:index")).content.decode()
    article = mix["article"]
    assert (
        f'<h3 class="card-title"><a href="{article.get_absolute_url()}">'
        "Dockers strike in Caracas</a></h3>"
    ) in content
    assert "Read more" not in content
    assert content.count(f'href="{article.get_absolute_url()}"') == 1


@pytest.mark.parametrize("code", ["VE", "ve", "Ve"])
def test_country_hub_accepts_either_case(client, mix, code):
    response = client.get(reverse("posts:country", args=[code]))
    assert response.status_code == 200
    assert titles(response) == ["Dockers strike in Caracas"]
    assert (
        '<link rel="canonical" href="http://testserver/en/countries/VE/">'
        in (response.content.decode())
        or code != "VE"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/en/tags/no-such-tag/",
        "/en/countries/XX/",
        "/en/countries/usa/",
        "/en/countries/%3Cb%3E/",
        "/en/posts/no-such-article/",
        "/en/tags/no-such-tag/feed/",
        "/en/countries/zz/feed/",
    ],
)
def test_unknown_hubs_and_slugs_are_404_in_the_site_design(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_hidden_posts_have_no_public_page(client, mix):
    for name in ("draft", "scheduled", "expired"):
        assert client.get(mix[name].get_absolute_url()).status_code == 404


def test_article_page(client, mix):
    article = mix["article"]
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Dockers strike in Caracas</h1>" in content
    assert 'href="/en/countries/VE/"' in content
    assert 'href="/en/tags/labour-rights/"' in content
    assert 'By <a href="/en/posts/?author=Ana%20Rodr%C3%ADguez">Ana Rodríguez</a>' in (
        content
    )


def test_home_page(client, mix):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    content = response.content.decode()
    # Nothing featured: the urgent appeal leads, with its call to action,
    # and is not repeated among the urgent appeals.
    assert response.context["lead"].title == "Free the miners"
    lead = content.split('<article class="lead-story')[1].split("</article>")[0]
    assert "Free the miners" in lead and ">Act now</a>" in lead
    assert response.context["urgent_appeals"] == []
    assert "Urgent appeals" not in content
    assert "Dockers strike in Caracas" in content
    # Titles are the links: no separate "Read more".
    assert "Read more" not in content
    assert "Meeting in Dublin" in content
    assert "We stand with you." in content
    assert "1 message from 1 country" in content
    assert reverse("join") in content and reverse("donate") in content
    assert_nothing_hidden(response)
    # Sender e-mail addresses are private.
    assert (
        mix["message"].as_message.email not in content
        if hasattr(mix["message"], "as_message")
        else mix["message"].email not in content
    )


def test_home_shows_urgent_appeals_only_while_urgent(client):
    now = timezone.now()
    factories.make_appeal(title="Leading", published_at=now - timedelta(minutes=5))
    factories.make_appeal(title="Still urgent", deadline=now + timedelta(days=1))
    factories.make_appeal(title="Deadline passed", deadline=now - timedelta(days=1))
    factories.make_appeal(title="Won", state="won")
    response = client.get(reverse("home"))
    assert response.context["lead"].title == "Leading"
    assert [a.title for a in response.context["urgent_appeals"]] == ["Still urgent"]


def test_home_puts_featured_articles_first(client):
    factories.make_article(title="Newest")
    factories.make_article(
        title="Featured", featured=True, published_at=timezone.now() - timedelta(days=9)
    )
    factories.make_article(
        title="Also featured",
        featured=True,
        published_at=timezone.now() - timedelta(days=10),
    )
    response = client.get(reverse("home"))
    # The newest featured post leads; the other featured come first in the news.
    assert response.context["lead"].title == "Featured"
    articles = response.context["articles"]
    assert [a.title for a in articles] == ["Also featured", "Newest"]


def test_editors_feature_an_appeal_or_an_article_to_lead_the_home_page(client):
    now = timezone.now()
    factories.make_appeal(title="Urgent, not featured", published_at=now)
    appeal = factories.make_appeal(
        title="Featured appeal",
        featured=True,
        state="ongoing",
        published_at=now - timedelta(days=2),
    )
    factories.make_article(
        title="Older featured article",
        featured=True,
        published_at=now - timedelta(days=5),
    )
    response = client.get(reverse("home"))
    assert response.context["lead"].title == "Featured appeal"
    lead = response.content.decode().split('<article class="lead-story')[1]
    lead = lead.split("</article>")[0]
    assert f'href="{appeal.get_absolute_url()}#act">Act now</a>' in lead
    assert f'href="/en/messages/new/?appeal={appeal.slug}"' in lead
    # The urgent appeal is listed as urgent; the older featured article is news.
    assert [a.title for a in response.context["urgent_appeals"]] == [
        "Urgent, not featured"
    ]
    assert [a.title for a in response.context["articles"]] == ["Older featured article"]
    # Unfeatured, the newest featured article leads.
    Appeal.objects.filter(pk=appeal.pk).update(featured=False)
    response = client.get(reverse("home"))
    assert response.context["lead"].title == "Older featured article"
    assert "Read the article</a>" in response.content.decode()


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_messages_in_the_timeline_link_to_the_wall(client, mix):
    response = client.get(reverse("posts:index"), {"type": "message"})
    message = mix["message"]
    assert f'href="/en/messages/#message-{message.pk}"' in response.content.decode()
    assert message.email not in response.content.decode()


def test_cards_show_the_kind_specific_fields(client, mix):
    content = client.get(reverse("posts:index")).content.decode()
    assert '<span class="state state-urgent">Urgent</span>' in content
    assert "Meets <time" in content


def test_post_kind_is_stored(mix):
    assert Post.objects.get(pk=mix["event"].pk).kind == "event"
