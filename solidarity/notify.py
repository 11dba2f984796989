"""Telling editors that something waits for them (new messages, proposals)."""

from django.conf import settings
from django.contrib.auth import get_user_model

from .mail import queue_email
from .roles import EDITORS


def editor_addresses():
    """DJANGO_EDITORS_EMAILS if set, otherwise the active Editors' addresses."""
    if settings.EDITORS_EMAILS:
        return list(settings.EDITORS_EMAILS)
    users = (
        get_user_model()
        .objects.filter(groups__name=EDITORS, is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def notify_editors(subject, message, kind="editors"):
    """Email each editor (one message per address) through the task queue:
    the messages are saved with the current transaction and sent by a worker
    after it commits, so a visitor never waits on the mail server and a
    mail failure is retried, never shown to them."""
    for address in editor_addresses():
        queue_email(address, subject, message, kind=kind)
