"""The appeals app's public pages, by concern: `appeals` (the list, an
appeal, its letter), `messages` (the wall and the form to send one),
`supporters` (join and donate) and `public_forms` (what the public forms
share)."""

from .appeals import (
    APPEAL_PAGE_MESSAGES,
    AppealDetailView,
    AppealLetterView,
    AppealListView,
    with_message_counts,
)
from .mailings import unsubscribe
from .messages import MessageCreateView, MessageListView, MessageThanksView
from .public_forms import (
    HOUR,
    POSTS_PER_HOUR,
    SUBMISSIONS_PER_HOUR,
    SpamProtectedFormView,
    one_line,
)
from .supporters import (
    CampaignPageView,
    JoinConfirmView,
    JoinThanksView,
    JoinView,
    campaign_page,
)

__all__ = [
    "APPEAL_PAGE_MESSAGES",
    "HOUR",
    "POSTS_PER_HOUR",
    "SUBMISSIONS_PER_HOUR",
    "AppealDetailView",
    "AppealLetterView",
    "AppealListView",
    "CampaignPageView",
    "JoinConfirmView",
    "JoinThanksView",
    "JoinView",
    "MessageCreateView",
    "MessageListView",
    "MessageThanksView",
    "SpamProtectedFormView",
    "campaign_page",
    "one_line",
    "unsubscribe",
    "with_message_counts",
]
