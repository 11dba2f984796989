from django.urls import path

from . import views

app_name = "posts"

urlpatterns = [
    path("", views.TimelineView.as_view(), name="index"),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
