"""The sitemap: every published article, appeal and meeting, and the main
pages. Served as an index at /sitemap.xml with one section per kind (each
section is split in pages of 50,000 URLs, the protocol's limit)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from appeals.models import Appeal

from .models import Article, Event


class PostSitemap(Sitemap):
    model = None
    changefreq = "weekly"

    def items(self):
        return (
            self.model.objects.published()
            .only("slug", "updated_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item):
        return item.updated_at


class ArticleSitemap(PostSitemap):
    model = Article
    priority = 0.7


class AppealSitemap(PostSitemap):
    model = Appeal
    priority = 0.8


class EventSitemap(PostSitemap):
    model = Event
    priority = 0.6


class PageSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return [
            "home",
            "posts:index",
            "appeals:index",
            "events:index",
            "messages:index",
            "join",
            "donate",
        ]

    def location(self, item):
        return reverse(item)


sitemaps = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "appeals": AppealSitemap,
    "events": EventSitemap,
}
