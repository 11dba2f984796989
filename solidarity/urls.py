from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from appeals.urls import join_patterns, message_patterns
from appeals.views import CampaignPageView
from posts import feeds
from posts.preview import preview_view
from posts.sitemaps import sitemaps
from posts.views import CountryHubView, SearchView, TagHubView

from . import (
    converters,  # noqa: F401 (registers <tag:>)
    views,
)

admin.site.site_header = "Solidarity — editors"
admin.site.site_title = "Solidarity admin"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("posts/", include("posts.urls")),
    path("", include("posts.event_urls")),
    # Before the appeals app, whose <slug> pattern would take "feed".
    path("appeals/feed/", feeds.AppealFeed(), name="appeals-feed"),
    path("appeals/", include("appeals.urls")),
    path("messages/", include((message_patterns, "messages"))),
    path("join/", include(join_patterns)),
    path("donate/", CampaignPageView.as_view(key="donate"), name="donate"),
    path("preview/<str:token>/", preview_view, name="preview"),
    path("-/alive/", views.alive, name="alive"),
    path("-/health/", views.health, name="health"),
    path(settings.ADMIN_URL, admin.site.urls),
    # The public site's search, hubs, feeds and sitemap (posts app).
    path("search/", SearchView.as_view(), name="search"),
    path("tags/<tag:slug>/", TagHubView.as_view(), name="tag"),
    path("tags/<tag:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("countries/<str:code>/", CountryHubView.as_view(), name="country"),
    path("countries/<str:code>/feed/", feeds.CountryFeed(), name="country-feed"),
    path("feed/", feeds.TimelineFeed(), name="feed"),
    path("feed/atom/", feeds.TimelineAtomFeed(), name="feed-atom"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
]
# Uploaded pictures under DEBUG (`make run`): Django serves them itself. In
# production nginx (solidarity/deploy/nginx.conf) or the object store does,
# and static() adds nothing.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "solidarity.views.server_error"
