"""
{% post_cards posts %} and {% event_cards events %}: the items of a list
(includes/post_card.html, posts/event_summary.html), each rendered once and
then taken from the cache.

An item's HTML is a pure function of what it shows: a few of the row's
columns, its tags and countries, a search snippet, and the template itself.
Its cache key is a digest of exactly those, so an edit to anything an item
shows makes a new key and nothing ever needs invalidating (an old entry
simply expires). Twenty items then cost one cache round trip instead of
twenty template renders (0.3-0.5 ms each, half of a list page's time).
Whatever a template shows must be in its key: add it to the lists below.
"""

import hashlib

from django import template
from django.core.cache import cache
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import mark_safe

from posts.models import Post

register = template.Library()

TTL = 24 * 60 * 60
# What includes/post_card.html shows of a post, and of each kind's own row.
POST_FIELDS = ("kind", "title", "slug", "summary", "byline", "published_at")
KIND_FIELDS = {
    Post.Kind.APPEAL: ("state",),
    Post.Kind.EVENT: ("starts_at", "city"),
}
# What posts/event_summary.html shows of a meeting.
EVENT_FIELDS = (
    "title",
    "slug",
    "summary",
    "starts_at",
    "timezone",
    "venue_name",
    "address",
    "city",
    "country",
    "online_url",
    "is_cancelled",
)


def post_shows(post):
    item = post.specific
    return (
        [getattr(post, name) for name in POST_FIELDS],
        [getattr(item, name) for name in KIND_FIELDS.get(post.kind, ())],
        [(tag.slug, tag.name) for tag in post.tag_list],
        [(country.code, country.name) for country in post.country_list],
        getattr(post, "snippet", None),
    )


def event_shows(event, show_report):
    report = event.report if show_report else None
    return (
        [str(getattr(event, name)) for name in EVENT_FIELDS],
        report and (report.pk, report.slug, report.title, report.is_published()),
    )


def render_cached(template_name, items, context, shows):
    """The concatenated HTML of `template_name` rendered for each item, with
    `context(item)`, each cached under a digest of `shows(item)`."""
    items = list(items)
    card = get_template(template_name)
    # The template's own source is part of every key: a changed template
    # never serves old HTML, even under the development reloader.
    source = hashlib.blake2b(card.template.source.encode(), digest_size=8).digest()
    common = (source, get_script_prefix(), timezone.get_current_timezone_name())
    keys = []
    for item in items:
        shown = repr((common, item.pk, shows(item))).encode()
        keys.append(f"card:{hashlib.blake2b(shown, digest_size=16).hexdigest()}")
    found = cache.get_many(keys)
    rendered = {}
    for item, key in zip(items, keys, strict=True):
        if key not in found:
            rendered[key] = card.render(context(item))
    if rendered:
        cache.set_many(rendered, TTL)
    # Every part was rendered by an autoescaping template.
    return mark_safe(  # noqa: S308
        "".join(found.get(key) or rendered[key] for key in keys)
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
