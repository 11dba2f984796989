from django.urls import path

from . import views

app_name = "appeals"

urlpatterns = [
    path("", views.AppealListView.as_view(), name="index"),
    path("<slug:slug>/", views.AppealDetailView.as_view(), name="detail"),
]

# Mounted at /messages/ under the "messages" namespace by solidarity/urls.py.
message_patterns = [
    path("", views.MessageListView.as_view(), name="index"),
]
