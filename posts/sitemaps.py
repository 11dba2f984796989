"""The posts app's sitemap sections: published articles and meetings, and
`PageSitemap` for pages named by their URL names. solidarity/urls.py
composes the site's sitemap (an index at /sitemap.xml with one section per
kind, each split in pages of 50,000 URLs, the protocol's limit)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from solidarity.links import site_domain, site_scheme

from .models import Article, Event


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
            .only("slug", "updated_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item):
        return item.updated_at


class ArticleSitemap(PostSitemap):
    model = Article
    priority = 0.7


class EventSitemap(PostSitemap):
    model = Event
    priority = 0.6


class PageSitemap(SiteSitemap):
    """The main pages that are not posts, by URL name."""

    changefreq = "daily"
    priority = 0.5

    def __init__(self, url_names):
        self.url_names = list(url_names)

    def items(self):
        return self.url_names

    def location(self, item):
        return reverse(item)
