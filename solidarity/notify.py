"""Mail from the site: telling editors that something waits for them (new
messages, proposals), and people that an editor acted on what they sent."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from .roles import EDITORS

logger = logging.getLogger(__name__)


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


def send_after_commit(subject, message, recipients, on_sent=None):
    """Email `recipients` (a list, or a callable giving one) once the current
    transaction commits. A mail failure is logged, never shown to the person
    whose change is already saved; `on_sent()` runs only after a success."""

    def send():
        addresses = recipients() if callable(recipients) else list(recipients)
        if not addresses:
            return
        try:
            send_mail(subject, message, None, addresses)
        except Exception:
            logger.exception("Could not send mail: %s", subject)
            return
        if on_sent:
            on_sent()

    transaction.on_commit(send)


def notify_editors(subject, message):
    """Email the editors once the current transaction commits."""
    send_after_commit(subject, message, editor_addresses)
