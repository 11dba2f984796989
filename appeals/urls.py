from django.urls import path

from . import exports, views

app_name = "appeals"

urlpatterns = [
    path("", views.AppealListView.as_view(), name="index"),
    path("<slug:slug>/", views.AppealDetailView.as_view(), name="detail"),
    path("<slug:slug>/letter/", views.AppealLetterView.as_view(), name="letter"),
    # For editors: the approved messages, to hand to the target.
    path(
        "<slug:slug>/messages.csv",
        exports.appeal_messages_csv,
        name="messages-csv",
    ),
    path(
        "<slug:slug>/messages/print/",
        exports.appeal_messages_print,
        name="messages-print",
    ),
]

# Mounted at /messages/ under the "messages" namespace by solidarity/urls.py.
message_patterns = [
    path("", views.MessageListView.as_view(), name="index"),
    path("new/", views.MessageCreateView.as_view(), name="new"),
    path("thanks/", views.MessageThanksView.as_view(), name="thanks"),
]

# Mounted at /join/ by solidarity/urls.py (no namespace: "join" is a contract).
join_patterns = [
    path("", views.JoinView.as_view(), name="join"),
    path("thanks/", views.JoinThanksView.as_view(), name="join-thanks"),
    path("confirm/<str:token>/", views.JoinConfirmView.as_view(), name="join-confirm"),
]
