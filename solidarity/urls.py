"""The site's URL map: each app's URLs (under its namespace), the home page,
health checks, the admin, robots.txt and the sitemap composed from each
app's sections."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from appeals import sitemaps as appeals_sitemaps
from appeals.urls import campaign_patterns, message_patterns
from appeals.views.identity import site_stylesheet, web_manifest
from posts import sitemaps as posts_sitemaps

from . import languages, views

admin.site.site_header = _("Solidarity — editors")
admin.site.site_title = _("Solidarity admin")

sitemaps = {
    "pages": posts_sitemaps.PageSitemap(
        [
            "home",
            "posts:index",
            "appeals:index",
            "events:index",
            "messages:index",
            "join",
            "donate",
        ]
    ),
    "articles": posts_sitemaps.ArticleSitemap,
    "appeals": appeals_sitemaps.AppealSitemap,
    "events": posts_sitemaps.EventSitemap,
}

urlpatterns = [
    path("", languages.choose_language, name="choose-language"),
    path("-/alive/", views.alive, name="alive"),
    path("-/health/", views.health, name="health"),
    # Before the admin's own r/<ct>/<id>/, which would redirect any staff
    # member to any object (see views.admin_view_on_site).
    path(
        f"{settings.ADMIN_URL}r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(views.admin_view_on_site),
        name="admin-view-on-site",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        views.sitemap_section,
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    # The one stylesheet, with the campaign's accent: the same in every
    # language, so outside the language prefixes.
    path("css/site-<str:digest>.css", site_stylesheet, name="site-css"),
    path("manifest.webmanifest", web_manifest, name="manifest"),
]
# Uploaded pictures under DEBUG (`make run`): Django serves them itself. In
# production nginx (solidarity/deploy/nginx.conf) or the object store does,
# and static() adds nothing.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page under its language's prefix (solidarity/languages.py).
urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("", include("posts.urls")),
    path("", include("posts.meetings.urls")),
    path("", include("appeals.urls")),
    path("messages/", include((message_patterns, "messages"))),
    path("", include(campaign_patterns)),
)

handler500 = "solidarity.views.server_error"
