"""RSS and Atom feeds of the timeline and of each tag and country (the
appeals' feed, in appeals/feeds.py, is the timeline's kind=appeal).

Every feed is built from `Post.objects.published()`, so drafts, scheduled,
expired posts and unapproved messages never reach a feed reader. Each feed
exists in every language (/es/feed/): one item per translation group, in
that language where a version is published.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from solidarity import renditions
from solidarity.links import absolute_url

from .facets import has_country, has_tag
from .listing import attach_labels, post_rows
from .models import Country, Post, public_tags

FEED_LENGTH = 30
MEDIA_RSS = "http://search.yahoo.com/mrss/"


def picture_attributes(item):
    """The picture's 1200×630 card for feed readers, as an absolute URL."""
    card = item["picture"]
    url = card.url if "://" in card.url else settings.SITE_URL + card.url
    return url, {
        "type": "image/jpeg",
        "width": str(card.width),
        "height": str(card.height),
    }


class PictureRssFeed(Rss201rev2Feed):
    """RSS 2.0 with each post's picture as Media RSS <media:content>, which
    needs no byte length (RSS's <enclosure> does, and the storage would have
    to be asked for it on every item)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("picture"):
            url, attributes = picture_attributes(item)
            handler.addQuickElement(
                "media:content", "", {"url": url, "medium": "image", **attributes}
            )


class PictureAtomFeed(Atom1Feed):
    """Atom with each post's picture as <link rel="enclosure"> (its length
    is optional in Atom)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("picture"):
            url, attributes = picture_attributes(item)
            handler.addQuickElement(
                "link",
                "",
                {"rel": "enclosure", "href": url, "type": attributes["type"]},
            )


class TimelineFeed(Feed):
    feed_type = PictureRssFeed
    title = _("Solidarity: campaign timeline")
    description = _("News, appeals, meetings and messages of solidarity.")
    # No `language`: Django's Feed then says the active one, the URL's.

    def get_feed(self, obj, request):
        """Every link from DJANGO_SITE_URL (Django's feeds take the host
        from the request); link() and item_link() are absolute already."""
        feed = super().get_feed(obj, request)
        feed.feed["feed_url"] = absolute_url(request.path)
        return feed

    def link(self, obj=None):
        return absolute_url(reverse("posts:index"))

    def filter_items(self, queryset, obj):
        return queryset

    def items(self, obj=None):
        published = post_rows().filter(
            pk__in=self.filter_items(
                Post.objects.published().for_reader(get_language()), obj
            )
            .order_by("-published_at", "-id")
            .values("pk")[:FEED_LENGTH]
        )
        return attach_labels(list(published.order_by("-published_at", "-id")))

    def item_title(self, item):
        if item.kind == Post.Kind.MESSAGE:
            # The stored title is in the site's language; this names the
            # sender in the feed's, as the message's card does.
            return item.specific.shown_title
        return f"{item.get_kind_display()}: {item.title}"

    def item_description(self, item):
        # Readers render an item's description as HTML (RSS; Atom's summary
        # is type="html"); the summary is plain text, so escape it.
        return escape(item.summary)

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        # An imported text without a known day has none in the feed either.
        return item.published_at if item.publication_known else None

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [tag.name for tag in item.tag_list]

    def item_extra_kwargs(self, item):
        return {"picture": renditions.social_card(item.image) if item.image else None}


class AtomTwin:
    """Mixed in before an RSS feed class: the same items as Atom (with each
    picture as an enclosure), whose subtitle is the RSS description (Atom
    has no description)."""

    feed_type = PictureAtomFeed

    def subtitle(self, obj=None):
        return self._get_dynamic_attr("description", obj)


class TimelineAtomFeed(AtomTwin, TimelineFeed):
    pass


class TagFeed(TimelineFeed):
    def get_object(self, request, slug):
        return get_object_or_404(public_tags(), slug=slug)

    def title(self, obj):
        return _("Solidarity: %s") % obj.name

    def description(self, obj):
        return _("Everything tagged “%s”.") % obj.name

    def link(self, obj=None):
        return absolute_url(reverse("posts:tag", kwargs={"slug": obj.slug}))

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
        return _("Solidarity: %s") % obj.name

    def description(self, obj):
        return _("News, appeals, meetings and messages about %s.") % obj.name

    def link(self, obj=None):
        return absolute_url(reverse("posts:country", kwargs={"code": obj.code}))

    def filter_items(self, queryset, obj):
        return queryset.filter(has_country(obj.code))


class CountryAtomFeed(AtomTwin, CountryFeed):
    pass
