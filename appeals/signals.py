"""
What of the appeals app tells the page cache that public content changed,
beyond the posts themselves (posts/signals.py covers appeals and messages):
an appeal's updates and targets, shown on its page, the join and donate
texts and the site's identity (on every page). Supporters and pending
messages change nothing public.
"""

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext

from posts.models import Post
from solidarity import history, pagecache

from .models import (
    AppealTarget,
    AppealUpdate,
    CampaignPage,
    SiteIdentity,
    SolidarityMessage,
    Supporter,
)


def part_changed(sender, instance, signal, **kwargs):
    """An update or target of an appeal that is or will be public; removing
    one (a target's name taken down) is a withdrawal."""
    appeal_status = Post.objects.filter(pk=instance.appeal_id).values_list(
        "status", flat=True
    )
    if Post.Status.PUBLISHED in appeal_status:
        pagecache.content_changed(hard=signal is post_delete)


def page_changed(sender, instance, signal, **kwargs):
    pagecache.content_changed(hard=signal is post_delete)


def personal_data_deleted(sender, instance, **kwargs):
    """Deleting a message or supporter deletes its revisions too (see
    solidarity.history): no copy of the name or address is left behind."""
    history.forget_deleted(
        instance, gettext("(deleted %(kind)s)") % {"kind": sender._meta.verbose_name}
    )


def connect():
    for model in (SolidarityMessage, Supporter):
        post_delete.connect(
            personal_data_deleted, sender=model, dispatch_uid=f"forget-{model}"
        )
    for model in (AppealUpdate, AppealTarget):
        post_save.connect(part_changed, sender=model, dispatch_uid=f"saved-{model}")
        post_delete.connect(part_changed, sender=model, dispatch_uid=f"del-{model}")
    post_save.connect(page_changed, sender=CampaignPage, dispatch_uid="page-saved")
    post_delete.connect(page_changed, sender=CampaignPage, dispatch_uid="page-del")
    # Every page shows the identity (name, accent, footer): a new version.
    post_save.connect(page_changed, sender=SiteIdentity, dispatch_uid="identity")
