from django.contrib import admin
from django.urls import include, path

from appeals.urls import join_patterns, message_patterns
from appeals.views import CampaignPageView
from posts.preview import preview_view
from posts.urls import event_patterns

from . import views

admin.site.site_header = "Solidarity — editors"
admin.site.site_title = "Solidarity admin"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("posts/", include("posts.urls")),
    path("events/", include((event_patterns, "events"))),
    path("appeals/", include("appeals.urls")),
    path("messages/", include((message_patterns, "messages"))),
    path("join/", include(join_patterns)),
    path("donate/", CampaignPageView.as_view(key="donate"), name="donate"),
    path("preview/<str:token>/", preview_view, name="preview"),
    path("admin/", admin.site.urls),
]
