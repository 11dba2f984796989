from datetime import timedelta

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from appeals.models import Appeal
from posts.models import Article, Event, Post


class HomeView(TemplateView):
    """The front page: urgent appeals, news, next meetings, latest messages.

    Every list is a short indexed query (kind + publication date); featured
    articles come first through their own small partial index.
    """

    template_name = "home.html"
    article_count = 6

    def get_context_data(self, **kwargs):
        featured = list(
            Article.objects.published()
            .filter(kind=Post.Kind.ARTICLE, featured=True)
            .prefetch_related("tags", "countries")[:2]
        )
        latest = (
            Article.objects.published()
            .filter(kind=Post.Kind.ARTICLE)
            .exclude(pk__in=[article.pk for article in featured])
            .prefetch_related("tags", "countries")[: self.article_count - len(featured)]
        )
        return super().get_context_data(
            urgent_appeals=Appeal.objects.published()
            .urgent()
            .filter(kind=Post.Kind.APPEAL)
            .prefetch_related("tags", "countries")[:3],
            articles=[*featured, *latest],
            # Bounded below so the index on starts_at is walked from about
            # now, not from the first meeting ever; a meeting that began over
            # a month ago is not one of the "next meetings" anyway.
            events=Event.objects.published()
            .upcoming()
            .filter(starts_at__gte=timezone.now() - timedelta(days=31))[:5],
            solidarity_messages=Post.objects.published()
            .filter(kind=Post.Kind.MESSAGE)
            .only("summary", "byline", "published_at")[:5],
            **kwargs,
        )


def robots_txt(request):
    """robots.txt (plain text): keep crawlers out of the admin and of search
    result pages, and point them at the sitemap."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
