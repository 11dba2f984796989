"""
Moderating messages of solidarity, in one place for the bulk actions, the
one-click buttons of the queue and the change form: the state changes only
for messages not already in it, each decision goes to the audit log, and
approved senders who gave an email address are told once, after the commit,
with a link to their published message.
"""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext

from solidarity import audit
from solidarity.notify import send_after_commit

from .models import SolidarityMessage

Moderation = SolidarityMessage.Moderation

AUDIT_ACTIONS = {
    Moderation.APPROVED: audit.Action.APPROVE,
    Moderation.REJECTED: audit.Action.REJECT,
    Moderation.SPAM: audit.Action.SPAM,
}


def moderate(queryset, moderation, request):
    """Set `moderation` on the messages of `queryset` not already in that
    state (erased messages stay as they are); the number changed."""
    with transaction.atomic():
        to_change = queryset.exclude(moderation=moderation).filter(
            erased_at__isnull=True
        )
        pks = list(to_change.values_list("pk", flat=True))
        changed = SolidarityMessage.objects.filter(pk__in=pks).moderate(
            moderation, request.user
        )
        if moderation in AUDIT_ACTIONS:
            audit.record_many(
                request, AUDIT_ACTIONS[moderation], SolidarityMessage, pks
            )
        if moderation == Moderation.APPROVED:
            tell_approved_senders(pks)
    return changed


def tell_approved_senders(pks):
    """Email each sender of these (now approved) messages who gave an
    address and has not been told yet: once, ever, per message."""
    for message in SolidarityMessage.objects.filter(
        pk__in=pks, approval_notified_at__isnull=True, erased_at__isnull=True
    ).exclude(email=""):
        tell_sender(message)


def tell_sender(message):
    link = settings.SITE_URL + message.get_absolute_url()
    body = render_to_string(
        "appeals/email/message_published.txt", {"message": message, "link": link}
    )
    pk = message.pk

    def sent():
        # Marked only after the mail went, and only if still unmarked: two
        # approvals racing send at most one mail each, never a second later.
        SolidarityMessage.objects.filter(
            pk=pk, approval_notified_at__isnull=True
        ).update(approval_notified_at=timezone.now())

    send_after_commit(
        gettext("Your message of solidarity is published"),
        body,
        [message.email],
        on_sent=sent,
    )
