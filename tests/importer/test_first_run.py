"""What a new user sees after `make run` (migrate, then `import_seeds
--if-empty` on an empty site): the seeds' articles on the home page and the
timeline, their meetings under past meetings, every date as precise as the
text allows and none of them the day of the import."""

import html
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_run():
    call_command("import_seeds", "--if-empty", stdout=StringIO())


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def no_import_day(text):
    today = timezone.localdate()
    for shown in (
        f"{today:%-d %B %Y}",
        f"{today:%a %-d %b %Y}",
        f"{today:%a %-d %B %Y}",
    ):
        assert shown not in text


def test_home_page_shows_the_seeds_articles_with_their_dates(first_run, client):
    home = page(client, "/en/")
    assert "Venezuela, Palestine, Haiti…we stand with you" in home
    assert '<time datetime="2026-01-06">6 January 2026</time>' in home
    # The 2019 news items, dated by what they report: "February 2019".
    assert '<time datetime="2019-02">February 2019</time>' in home
    no_import_day(home)


def test_timeline_lists_dated_items_first_and_undated_ones_last_without_a_date(
    first_run, client
):
    pages, number = [], 1
    while client.get(f"/en/posts/?page={number}").status_code == 200:
        pages.append(page(client, f"/en/posts/?page={number}"))
        number += 1
    timeline = "".join(pages)
    no_import_day(timeline)
    assert '<time datetime="2019">2019</time>' in timeline
    # Newest first: the statement of 2026, the 2019 news, the 2012 appeals,
    # then the listing that gives no year at all (seed 000), without a date.
    order = [
        timeline.index(title)
        for title in (
            "Venezuela, Palestine, Haiti",
            "On Saturday, February 16, over 100 students",
            "Kurdish prisoners on hunger strike",
            "We have recieved these two letters",
        )
    ]
    assert order == sorted(order)
    for title in ("We have recieved these two letters", "Around 40 peopled gathered"):
        card = timeline[timeline.index(title) :].split("</article>", 1)[0]
        assert "<time" not in card


def card(html, title):
    """The <article> of the list in `html` whose text has `title`."""
    before, after = html.split(title, 1)
    return (
        "<article"
        + before.rsplit("<article", 1)[1]
        + title
        + after.split("</article>", 1)[0]
    )


def test_past_meetings_show_the_seeds_meetings_as_precisely_as_they_are_known(
    first_run, client
):
    past = page(client, "/en/events/past/")
    for title in (
        "Conference in London",
        "Demonstration at Venezuelan consulate, Montreal",
        "Meeting at Bolivar Hall, London",
        "Meeting in Dublin",
        "Meeting in Cork",
    ):
        assert title in past
    # "On Saturday, February 16" after the listing's 29 January 2019: that
    # Saturday; no time in the text, so none shown.
    conference = card(past, "Conference in London")
    assert (
        '<time class="date-block" datetime="2019-02-16"><span class="date-weekday">'
        'Sat</span> <span class="date-day">16</span> <span class="date-month">feb'
        "</span></time>"
    ) in conference
    assert "event-time" not in conference
    dublin = card(past, "Meeting in Dublin")
    assert "<time" not in dublin
    assert "Date not known" in dublin
    no_import_day(past)


def test_an_undated_article_page_shows_no_date(first_run, client):
    from posts.models import Article

    article = Article.objects.get(title__startswith="Around 40 peopled")
    detail = page(client, article.get_absolute_url())
    meta = detail[detail.index('class="meta"') :].split("</p>", 1)[0]
    assert "<time" not in meta
    assert "1900" not in detail


def test_feeds_and_metadata_give_no_date_the_text_does_not(first_run, client):
    from posts.models import Article

    feed = page(client, "/en/feed/")
    assert "1900" not in feed
    assert "Tue, 06 Jan 2026" in feed  # the statement's own date line
    article = Article.objects.get(title__startswith="Alan Woods, editor")  # "2019"
    detail = page(client, article.get_absolute_url())
    assert "article:published_time" not in detail
    assert "datePublished" not in detail


def test_an_undated_meeting_says_so_and_offers_no_calendar_entry(first_run, client):
    from posts.models import Event

    dublin = Event.objects.get(title="Meeting in Dublin")
    detail = page(client, dublin.get_absolute_url())
    assert "The page it was imported from gives no date." in detail
    assert "Add to calendar" not in detail
    assert "1900" not in detail
