import sys
import time

from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from appeals.models import Appeal, SolidarityMessage
from appeals.views.messages import cached_message_counts
from posts.listing import attach_labels
from posts.models import Article, Event, Post

from .links import absolute_url
from .middleware import is_unavailable, unavailable_response
from .pagecache import cache_params


class HomeView(TemplateView):
    """The front page: the lead, urgent appeals, news, the next meetings,
    the latest messages with the count of countries they come from, and the
    calls to join and donate.

    The lead is the newest featured appeal or article (the *Featured* box
    on its admin page); without one, the first urgent appeal, else the
    newest article. Every list is a short indexed query (kind + publication
    date; the featured ones through their own small partial indexes), so
    the page runs the same queries whatever the site holds. Each shows one
    version of a translated post, in the page's language where it can.
    """

    template_name = "home.html"
    article_count = 6
    urgent_count = 3
    event_count = 4
    message_count = 3
    # What a message's quote shows (appeals/message_card.html, short).
    MESSAGE_FIELDS = (
        "kind",
        "language",
        "published_at",
        "date_precision",
        "summary",
        "author_name",
        "show_name",
        "organisation",
        "role",
        "city",
        "country",
    )

    def get_context_data(self, **kwargs):
        # One version of each post: the reader's language where published.
        language = translation.get_language()
        featured_articles = list(
            Article.objects.published()
            .for_reader(language)
            .filter(kind=Post.Kind.ARTICLE, featured=True)
            .for_cards()[:3]
        )
        featured_appeal = (
            Appeal.objects.published()
            .for_reader(language)
            .filter(kind=Post.Kind.APPEAL, featured=True)
            .for_cards("state", "deadline")
            .first()
        )
        latest = list(
            Article.objects.published()
            .for_reader(language)
            .filter(kind=Post.Kind.ARTICLE)
            .exclude(pk__in=[article.pk for article in featured_articles])
            .for_cards()[: self.article_count + 1]
        )
        urgent_appeals = list(
            Appeal.objects.newest_urgent(language, self.urgent_count + 1).for_cards(
                "state", "deadline"
            )
        )
        lead = self.choose_lead(
            featured_articles, featured_appeal, urgent_appeals, latest
        )
        articles = [post for post in [*featured_articles, *latest] if post is not lead][
            : self.article_count
        ]
        urgent_appeals = [post for post in urgent_appeals if post != lead][
            : self.urgent_count
        ]
        # One pair of label queries for every card on the page.
        attach_labels([post for post in [lead, *urgent_appeals, *articles] if post])
        # The lead's picture is the largest above the fold: loaded at once.
        if lead is not None and lead.image:
            lead.eager_picture = True
        counts = cached_message_counts()
        return super().get_context_data(
            lead=lead,
            urgent_appeals=urgent_appeals,
            articles=articles,
            events=list(
                Event.objects.published()
                .for_reader(language)
                .upcoming()
                .defer("body")
                .order_by("starts_at", "pk")[: self.event_count]
            ),
            solidarity_messages=list(
                SolidarityMessage.objects.published()
                .order_by("-published_at", "-id")
                .only(*self.MESSAGE_FIELDS)[: self.message_count]
            ),
            message_total=counts["total"],
            message_countries=len(counts["countries"]),
            **kwargs,
        )

    @staticmethod
    def choose_lead(featured_articles, featured_appeal, urgent_appeals, latest):
        featured = [post for post in [featured_appeal, *featured_articles] if post]
        if featured:
            return max(featured, key=lambda post: (post.published_at, post.pk))
        if urgent_appeals:
            return urgent_appeals[0]
        return latest[0] if latest else None


def csrf_failure(request, reason=""):
    """The page for a form posted without a valid CSRF token (403), usually a
    form left open too long or cookies blocked. Template: 403_csrf.html."""
    response = render(request, "403_csrf.html", status=403)
    add_never_cache_headers(response)
    return response


def server_error(request):
    """handler500: a 503 with Retry-After when the cause was the database
    being unreachable (raised outside a view, where
    DatabaseUnavailableMiddleware cannot see it), the plain 500 page
    otherwise. Neither page touches the database."""
    exception = sys.exc_info()[1]
    if exception is not None and is_unavailable(exception):
        return unavailable_response(request)
    return defaults.server_error(request)


@require_safe
@never_cache
def alive(request):
    """/-/alive/: the process is up and serving (no database, no cache)."""
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
@never_cache
def health(request):
    """/-/health/: 200 when the database and the cache answer, 503 otherwise,
    with one line per dependency. For load balancers and monitoring."""
    checks = {"database": check_database, "cache": check_cache}
    results = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exception:  # noqa: BLE001 (report, don't crash)
            results[name] = f"error: {type(exception).__name__}"
    healthy = all(result == "ok" for result in results.values())
    body = "".join(f"{name}: {result}\n" for name, result in results.items())
    return HttpResponse(body, content_type="text/plain", status=200 if healthy else 503)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    key = "health-check"
    value = str(time.time())
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("cache did not return what was stored")


def robots_txt(request):
    """robots.txt (plain text): keep crawlers out of the admin and of search
    result pages, and point them at the sitemap."""
    sitemap = absolute_url(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines.append(f"Disallow: {reverse('posts:search')}")
    lines.append(f"Sitemap: {sitemap}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@cache_params("p")
def sitemap_section(request, **kwargs):
    """One section of the sitemap; ?p= pages a section of over 50,000."""
    return sitemap_views.sitemap(request, **kwargs)


def admin_view_on_site(request, content_type_id, object_id):
    """The admin's "View on site" redirect (/admin/r/<ct>/<id>/), only for
    an object the user may see in the admin: one of its model's admin
    queryset (an organiser's own meetings) with view or change permission.
    Django's own `shortcut` redirects any staff member to any object's
    address, which told organisers the slugs of other people's drafts.
    Wrapped in `admin.site.admin_view` (staff login, never cached)."""
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type and content_type.model_class()
    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        raise Http404
    try:
        obj = model_admin.get_queryset(request).filter(pk=object_id).first()
    except (ValueError, TypeError, ValidationError):
        obj = None
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)
