"""Mail from the site: telling editors that something waits for them (new
messages, proposals), and people that an editor acted on what they sent."""

from django.conf import settings
from django.contrib.auth import get_user_model

from .mail import queue_email
from .roles import EDITORS

# Editors read their notifications in the site's default language, whatever
# the language of the page the visitor used: the templates switch to it with
# {% language language %}.
DEFAULT = settings.LANGUAGE_CODE


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


def send_after_commit(subject, message, recipients, on_sent=None, kind=""):
    """Email `recipients` (a list, or a callable giving one) through the task
    queue: one message per address, saved with the current transaction and
    sent by a worker after it commits, exactly once, retried on failure,
    never shown to the person whose change is already saved. `on_sent()`,
    if given, runs first and claims the sending: when it returns a false
    value (someone else already did it), nothing is queued."""
    if on_sent is not None and not on_sent():
        return
    addresses = recipients() if callable(recipients) else list(recipients)
    for address in addresses:
        queue_email(address, subject, message, kind=kind)


def notify_editors(subject, message, kind="editors"):
    """Email each editor (one message per address) through the task queue:
    a visitor never waits on the mail server."""
    send_after_commit(subject, message, editor_addresses, kind=kind)
