"""
The editors' admin of the appeals app, by kind: appeals, messages of
solidarity (moderation), supporters and the campaign pages. Django's
autodiscover imports this package; importing each module registers its
ModelAdmins.
"""

from . import appeals, campaign_pages, mailings, messages, supporters

__all__ = ["appeals", "campaign_pages", "mailings", "messages", "supporters"]
