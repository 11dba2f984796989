"""
{% post_cards posts %}: the cards of a list (includes/post_card.html), each
rendered once and then taken from the cache.

A card is a pure function of what it shows: the post's own columns, its
kind's few fields, its tags and countries, a search snippet, and the
template itself. Its cache key is a digest of exactly those, so an edit to
anything a card shows makes a new key and nothing ever needs invalidating
(an old card simply expires). Twenty cards then cost one cache round trip
instead of twenty template renders, about half of a list page's time.
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

CARD_TEMPLATE = "includes/post_card.html"
CARD_TTL = 24 * 60 * 60
# What the card template shows of a post, and of each kind's own row.
SHOWN_FIELDS = ("kind", "title", "slug", "summary", "byline", "published_at")
KIND_FIELDS = {
    Post.Kind.APPEAL: ("state",),
    Post.Kind.EVENT: ("starts_at", "city"),
}


def card_key(post, template_digest):
    item = post.specific
    shown = (
        template_digest,
        get_script_prefix(),
        timezone.get_current_timezone_name(),
        post.pk,
        [getattr(post, name) for name in SHOWN_FIELDS],
        [getattr(item, name) for name in KIND_FIELDS.get(post.kind, ())],
        [(tag.slug, tag.name) for tag in post.tag_list],
        [(country.code, country.name) for country in post.country_list],
        getattr(post, "snippet", None),
    )
    digest = hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()
    return f"card:{digest}"


@register.simple_tag
def post_cards(posts):
    """The cards of `posts` (loaded with for_cards() or listing.post_rows()),
    in order, as safe HTML."""
    posts = list(posts)
    card = get_template(CARD_TEMPLATE)
    # The template's own source is part of every key: a changed card
    # template never serves old cards, even under the development reloader.
    digest = hashlib.blake2b(card.template.source.encode(), digest_size=8).digest()
    keys = [card_key(post, digest) for post in posts]
    found = cache.get_many(keys)
    rendered = {}
    for post, key in zip(posts, keys, strict=True):
        if key not in found:
            rendered[key] = card.render({"post": post})
    if rendered:
        cache.set_many(rendered, CARD_TTL)
    # Every part was rendered by the autoescaping card template.
    return mark_safe(  # noqa: S308
        "".join(found.get(key) or rendered[key] for key in keys)
    )
