"""RSS and Atom feeds of the timeline and of each tag and country (the
appeals' feed, in appeals/feeds.py, is the timeline's kind=appeal).

Every feed is built from `Post.objects.published()`, so drafts, scheduled,
expired posts and unapproved messages never reach a feed reader.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from taggit.models import Tag

from .facets import has_country, has_tag
from .listing import attach_labels, post_rows
from .models import Country, Post

FEED_LENGTH = 30


class TimelineFeed(Feed):
    title = "Solidarity: campaign timeline"
    description = "News, appeals, meetings and messages of solidarity."
    language = "en"

    def link(self, obj=None):
        return reverse("posts:index")

    def filter_items(self, queryset, obj):
        return queryset

    def items(self, obj=None):
        published = post_rows().filter(
            pk__in=self.filter_items(Post.objects.published(), obj)
            .order_by("-published_at", "-id")
            .values("pk")[:FEED_LENGTH]
        )
        return attach_labels(list(published.order_by("-published_at", "-id")))

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.title}"

    def item_description(self, item):
        # Readers render an item's description as HTML (RSS; Atom's summary
        # is type="html"); the summary is plain text, so escape it.
        return escape(item.summary)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        # An imported text without a known day has none in the feed either.
        return item.published_at if item.publication_known else None

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [tag.name for tag in item.tag_list]


class AtomTwin:
    """Mixed in before an RSS feed class: the same items as Atom, whose
    subtitle is the RSS description (Atom has no description)."""

    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self._get_dynamic_attr("description", obj)


class TimelineAtomFeed(AtomTwin, TimelineFeed):
    pass


class TagFeed(TimelineFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return f"Solidarity: {obj.name}"

    def description(self, obj):
        return f"Everything tagged “{obj.name}”."

    def link(self, obj=None):
        return reverse("posts:tag", kwargs={"slug": obj.slug})

    def filter_items(self, queryset, obj):
        return queryset.filter(has_tag(obj))


class TagAtomFeed(AtomTwin, TagFeed):
    pass


class CountryFeed(TimelineFeed):
    def get_object(self, request, code):
        if len(code) != 2:
            raise Http404("No such country code.")
        return get_object_or_404(Country, code=code.upper())

    def title(self, obj):
        return f"Solidarity: {obj.name}"

    def description(self, obj):
        return f"News, appeals, meetings and messages about {obj.name}."

    def link(self, obj=None):
        return reverse("posts:country", kwargs={"code": obj.code})

    def filter_items(self, queryset, obj):
        return queryset.filter(has_country(obj.code))


class CountryAtomFeed(AtomTwin, CountryFeed):
    pass
