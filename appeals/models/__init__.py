"""
The appeals app's models, by kind: appeals (with their updates and targets)
and solidarity messages are kinds of Post (see posts.models); supporters and
the editable campaign pages are private rows of their own. Import them from
here (`from appeals.models import Appeal`).
"""

from .appeals import Appeal, AppealQuerySet, AppealTarget, AppealUpdate
from .campaign_pages import CampaignPage, SiteIdentity
from .mailings import Delivery, Mailing
from .messages import ERASED_TEXT, SolidarityMessage, SolidarityMessageQuerySet
from .supporters import Supporter, SupporterQuerySet

__all__ = [
    "ERASED_TEXT",
    "Appeal",
    "AppealQuerySet",
    "AppealTarget",
    "AppealUpdate",
    "CampaignPage",
    "Delivery",
    "Mailing",
    "SiteIdentity",
    "SolidarityMessage",
    "SolidarityMessageQuerySet",
    "Supporter",
    "SupporterQuerySet",
]
