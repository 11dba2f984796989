"""The posts app's public pages, mounted at the site root (the "posts"
namespace): the timeline and articles under /posts/, search, the tag and
country hubs, the feeds and the preview links. Meetings have their own
(posts/meetings/urls.py, the "events" namespace)."""

from django.urls import path

from solidarity import converters  # noqa: F401 (registers <tag:>)

from . import feeds, preview, views

app_name = "posts"

urlpatterns = [
    path("posts/", views.TimelineView.as_view(), name="index"),
    path("posts/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("tags/<tag:slug>/", views.TagHubView.as_view(), name="tag"),
    path("tags/<tag:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tags/<tag:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("countries/<str:code>/", views.CountryHubView.as_view(), name="country"),
    path("countries/<str:code>/feed/", feeds.CountryFeed(), name="country-feed"),
    path(
        "countries/<str:code>/feed/atom/",
        feeds.CountryAtomFeed(),
        name="country-feed-atom",
    ),
    path("feed/", feeds.TimelineFeed(), name="feed"),
    path("feed/atom/", feeds.TimelineAtomFeed(), name="feed-atom"),
    path("preview/<str:token>/", preview.preview_view, name="preview"),
]
