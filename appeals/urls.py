"""The appeals app's public pages, mounted at the site root.

`urlpatterns` (the "appeals" namespace) are the appeals under /appeals/ and
their feed. The wall of messages (/messages/, the "messages" namespace) and
the join and donate pages (/join/, /donate/, no namespace) keep the names
the templates and tests use; solidarity/urls.py includes each list.
"""

from django.urls import path

from . import exports, feeds, views

app_name = "appeals"

urlpatterns = [
    path("appeals/", views.AppealListView.as_view(), name="index"),
    # Before the <slug> pattern, which would take "feed".
    path("appeals/feed/", feeds.AppealFeed(), name="feed"),
    path("appeals/feed/atom/", feeds.AppealAtomFeed(), name="feed-atom"),
    path("appeals/<slug:slug>/", views.AppealDetailView.as_view(), name="detail"),
    path(
        "appeals/<slug:slug>/letter/", views.AppealLetterView.as_view(), name="letter"
    ),
    # For editors: the approved messages, to hand to the target.
    path(
        "appeals/<slug:slug>/messages.csv",
        exports.appeal_messages_csv,
        name="messages-csv",
    ),
    path(
        "appeals/<slug:slug>/messages/print/",
        exports.appeal_messages_print,
        name="messages-print",
    ),
]

# Mounted at /messages/ under the "messages" namespace.
message_patterns = [
    path("", views.MessageListView.as_view(), name="index"),
    path("new/", views.MessageCreateView.as_view(), name="new"),
    path("thanks/", views.MessageThanksView.as_view(), name="thanks"),
]

# Mounted at the site root without a namespace.
campaign_patterns = [
    path("join/", views.JoinView.as_view(), name="join"),
    path("join/thanks/", views.JoinThanksView.as_view(), name="join-thanks"),
    path(
        "join/confirm/<str:token>/",
        views.JoinConfirmView.as_view(),
        name="join-confirm",
    ),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("donate/", views.CampaignPageView.as_view(key="donate"), name="donate"),
]
