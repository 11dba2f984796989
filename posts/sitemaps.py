"""The posts app's sitemap sections: published articles and meetings, and
`PageSitemap` for pages named by their URL names. solidarity/urls.py
composes the site's sitemap (an index at /sitemap.xml with one section per
kind, each split in pages of 50,000 URLs, the protocol's limit).

Languages: a post is listed once, at its address under its own language's
prefix, with `hreflang` alternates naming its published translations (one
query per sitemap page, and none when no post there is translated). The
other pages are listed in every language, each naming the others."""

from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation

from solidarity.links import site_domain, site_scheme

from .models import Article, Event, Post
from .models.post import KIND_KEYS


def own_language(post):
    """The prefix a post lives under: its language's, if the site has one."""
    languages = dict(settings.LANGUAGES)
    return post.language if post.language in languages else settings.LANGUAGE_CODE


class SiteSitemap(Sitemap):
    """Addresses on DJANGO_SITE_URL, not the request's host and scheme."""

    def get_protocol(self, protocol=None):
        return site_scheme()

    def get_domain(self, site=None):
        return site_domain()


class PostSitemap(SiteSitemap):
    model = None
    changefreq = "weekly"

    def items(self):
        return (
            self.model.objects.published()
            .only(
                "slug",
                "kind",
                "updated_at",
                "language",
                "translation_key",
                "translation_of",
                "has_translations",
            )
            .order_by("-published_at", "-pk")
        )

    def location(self, item):
        with translation.override(own_language(item)):
            return item.get_absolute_url()

    def lastmod(self, item):
        return item.updated_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        keys = {
            url["item"].translation_key
            for url in urls
            if url["item"].has_translations or url["item"].translation_of_id
        }
        if not keys:
            return urls
        versions = defaultdict(list)
        translated = (
            Post.objects.published()
            .filter(translation_key__in=keys)
            .select_related("as_article", "as_appeal", "as_event")
            .only("slug", "kind", "language", "translation_key", *KIND_KEYS)
        )
        for post in translated:
            versions[post.translation_key].append(post)
        base = urls[0]["location"].split("/", 3)[:3]
        for url in urls:
            group = versions.get(url["item"].translation_key, ())
            if len(group) > 1:
                url["alternates"] = [
                    {
                        "lang_code": post.language,
                        "location": "/".join(base) + self.location(post),
                    }
                    for post in group
                ]
        return urls


class ArticleSitemap(PostSitemap):
    model = Article
    priority = 0.7


class EventSitemap(PostSitemap):
    model = Event
    priority = 0.6


class PageSitemap(SiteSitemap):
    """The main pages that are not posts, by URL name, in every language."""

    changefreq = "daily"
    priority = 0.5
    i18n = True
    alternates = True

    def get_urls(self, page=1, site=None, protocol=None):
        # Django's x_default drops the default language's prefix, which
        # every page here has: name the default language's address instead.
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            default = [
                alternate
                for alternate in url["alternates"]
                if alternate["lang_code"] == settings.LANGUAGE_CODE
            ]
            url["alternates"] += [
                {"lang_code": "x-default", "location": alternate["location"]}
                for alternate in default
            ]
        return urls

    def __init__(self, url_names):
        self.url_names = list(url_names)

    def items(self):
        return self.url_names

    def location(self, item):
        return reverse(item)
