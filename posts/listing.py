"""
Paginating big lists of posts in the database, fast.

Two costs grow with the table, and each gets its own answer:

* **COUNT(*)** for "Page N of M" and the type menu: on a million published
  rows it takes a few hundred milliseconds. `cached_many()` keeps such
  values in the cache under the page cache's content version
  (solidarity.pagecache.content_version(), which changes with public
  content and at each scheduled change), so a count is computed once per
  change, not once per request. What is listed always comes from the query.
* **Deep pages** (OFFSET 40,000): joining the four kinds' tables for every
  skipped row would be slow, so a page is fetched in two steps: the ids of
  the page (an index-only scan of the covering `post_timeline_idx`), then
  those rows with their kind, tags and countries ("deferred join").
"""

import hashlib
from collections import defaultdict

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import get_language
from taggit.models import Tag

from solidarity.pagecache import content_version

from .models import Country, Post, TaggedPost

COUNT_TTL = 300


def cache_key(prefix, params, versioned=True):
    """A cache key for `params` (a dict of filters) at the current content
    version (or, not `versioned`, for COUNT_TTL whatever changes), in the
    active language (menus hold translated labels; lists differ by reader)."""
    raw = repr((get_language(), sorted(params.items())))
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    version = content_version() if versioned else "any"
    return f"posts:{prefix}:{version}:{digest}"


def cached(prefix, params, compute, timeout=COUNT_TTL, versioned=True):
    return cached_many({prefix: (params, compute)}, timeout, versioned)[prefix]


def cached_many(wanted, timeout=COUNT_TTL, versioned=True):
    """{prefix: value} for `wanted`, {prefix: (params, compute)}: one cache
    round trip for all of them, then compute() for those not cached. Values
    not `versioned` outlive content changes until `timeout` (for counts too
    costly to redo on every change)."""
    keys = {
        prefix: cache_key(prefix, params, versioned)
        for prefix, (params, _) in wanted.items()
    }
    found = cache.get_many(keys.values())
    values, missing = {}, {}
    for prefix, (_params, compute) in wanted.items():
        key = keys[prefix]
        if key in found:
            values[prefix] = found[key]
        else:
            values[prefix] = missing[key] = compute()
    if missing:
        cache.set_many(missing, timeout)
    return values


class CachedCountPaginator(Paginator):
    """A paginator whose count comes from the cache (see the module doc), or
    is given when the view already knows it."""

    def __init__(self, object_list, per_page, count_key=None, count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key or {}
        if count is not None:
            self.__dict__["count"] = count

    @cached_property
    def count(self):
        return cached("count", self.count_key, self.object_list.count)


def load_page(ids, queryset, labels=True):
    """The rows of `queryset` with these ids, in the order of `ids`, with
    their labels (tags and countries) unless told not to."""
    rows = {post.pk: post for post in queryset.filter(pk__in=ids)}
    page = [rows[pk] for pk in ids if pk in rows]
    return attach_labels(page) if labels else page


def attach_labels(posts):
    """Set `tag_list` and `country_list` (by name) on each post, what cards
    and feeds show: two queries for the whole list, however long. Plain
    value queries rather than prefetch_related("tags", "countries"), whose
    per-row managers (taggit's above all) cost twice the queries themselves."""
    ids = [post.pk for post in posts]
    tags, countries = defaultdict(list), defaultdict(list)
    if ids:
        links = (
            TaggedPost.objects.filter(content_object_id__in=ids)
            .order_by("tag__name", "tag_id")
            .values_list("content_object_id", "tag_id", "tag__name", "tag__slug")
        )
        for post_id, pk, name, slug in links:
            tags[post_id].append(Tag(pk=pk, name=name, slug=slug))
        links = (
            Post.countries.through.objects.filter(post_id__in=ids)
            .order_by("country__name")
            .values_list("post_id", "country_id", "country__name")
        )
        for post_id, code, name in links:
            countries[post_id].append(Country(code=code, name=name))
    for post in posts:
        post.tag_list = tags[post.pk]
        post.country_list = countries[post.pk]
    return posts


# What includes/post_card.html shows of each kind's own row, beyond
# Post.CARD_FIELDS: loading only these keeps a page's rows from dragging in
# bodies, letters and search vectors.
KIND_CARD_FIELDS = {
    Post.Kind.APPEAL: ("state", "deadline"),
    Post.Kind.EVENT: ("starts_at", "timezone", "city"),
    # The sender as the page's language shows them (SolidarityMessage.display_name).
    Post.Kind.MESSAGE: ("show_name", "organisation", "author_name", "country"),
}


def post_rows():
    """Posts with what a card shows: the kind's own row (load_page() adds
    the tags and countries)."""
    kind_fields = [
        f"as_{kind}__{name}"
        for kind in Post.Kind.values
        # Each kind's key, so every selected relation loads some column.
        for name in ("post_ptr", *KIND_CARD_FIELDS.get(kind, ()))
    ]
    return Post.objects.select_related(
        *(f"as_{kind}" for kind in Post.Kind.values)
    ).only(*Post.CARD_FIELDS, *kind_fields)
