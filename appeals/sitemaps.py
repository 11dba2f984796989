"""The appeals app's sitemap section: every published appeal."""

from posts.sitemaps import PostSitemap

from .models import Appeal


class AppealSitemap(PostSitemap):
    model = Appeal
    priority = 0.8
