"""
{% post_cards posts %} and {% event_cards events %}: the items of a list
(includes/post_card.html, posts/event_summary.html), each rendered once and
then taken from the cache under a digest of what it shows (see
solidarity/fragments.py). Whatever a template shows must be in its `*_shows`
function below: a card's are Post.CARD_FIELDS and listing.KIND_CARD_FIELDS
(the columns post_rows() loads), a summary's Event.CALENDAR_FIELDS.
"""

from django import template

from posts.listing import KIND_CARD_FIELDS
from posts.models import Event, Post
from solidarity.fragments import render_cached

register = template.Library()


def post_shows(post):
    item = post.specific
    return (
        post.pk,
        [getattr(post, name) for name in Post.CARD_FIELDS],
        [getattr(item, name) for name in KIND_CARD_FIELDS.get(post.kind, ())],
        [(tag.slug, tag.name) for tag in post.tag_list],
        [(country.code, country.name) for country in post.country_list],
        getattr(post, "snippet", None),
    )


def event_shows(event, show_report):
    report = event.report if show_report else None
    return (
        event.pk,
        # A summary shows a subset of what a calendar entry does.
        [str(getattr(event, name)) for name in Event.CALENDAR_FIELDS],
        report and (report.pk, report.slug, report.title, report.is_published()),
    )


@register.simple_tag
def post_cards(posts):
    """The cards of `posts` (loaded with for_cards() or listing.post_rows(),
    labels attached), in order, as safe HTML."""
    return render_cached(
        "includes/post_card.html", posts, lambda post: {"post": post}, post_shows
    )


@register.simple_tag
def event_cards(events, show_report=False):
    """The summaries of `events` in order; with `show_report`, a link to each
    one's published report-back article (select_related("report"))."""
    return render_cached(
        "posts/event_summary.html",
        events,
        lambda event: {"event": event, "show_report": show_report},
        lambda event: event_shows(event, show_report),
    )
