"""
Delivery of an appeal's approved messages, for editors: a CSV file and a
printable page to hand to the appeal's target or a delegation.

Only what the public may already see goes out: senders who asked not to be
named appear as "A supporter in <country>", and no email address or IP hash
is ever exported.
"""

from datetime import timedelta

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from posts.models import Post
from solidarity.spreadsheets import csv_response

from .models import Appeal, SolidarityMessage


def delivered_messages(appeal):
    return SolidarityMessage.objects.approved().filter(appeal=appeal)


def public_fields(message):
    """The sender as the public sees them: nothing more for the anonymous."""
    if not message.show_name:
        return {
            "name": message.display_name,
            "organisation": "",
            "role": "",
            "city": "",
        }
    return {
        "name": message.author_name,
        "organisation": message.organisation,
        "role": message.role,
        "city": message.city,
    }


def editors_only(view):
    """Log in first; then only those who may see messages in the admin."""
    return login_required(
        permission_required("appeals.view_solidaritymessage", raise_exception=True)(
            view
        )
    )


def received(message):
    """When it came, or nothing for an imported message whose date is
    unknown (stored as Post.UNDATED, which is not a date to show)."""
    if message.received_at <= Post.UNDATED + timedelta(days=1):
        return ""
    return timezone.localtime(message.received_at).strftime("%Y-%m-%d %H:%M")


@editors_only
def appeal_messages_csv(request, slug):
    """The approved messages of an appeal as a CSV download."""
    appeal = get_object_or_404(Appeal, slug=slug)
    rows = []
    for message in delivered_messages(appeal):
        sender = public_fields(message)
        rows.append(
            [
                received(message),
                sender["name"],
                sender["organisation"],
                sender["role"],
                sender["city"],
                message.country.name if message.country else "",
                message.language,
                message.text,
            ]
        )
    return csv_response(
        f"{appeal.slug}-messages.csv",
        [
            _("Received"),
            _("Name"),
            _("Organisation"),
            _("Role"),
            _("City"),
            _("Country"),
            _("Language"),
            _("Message"),
        ],
        rows,
    )


@editors_only
def appeal_messages_print(request, slug):
    """Template: appeals/appeal_messages_print.html; context: appeal,
    solidarity_messages (each with .sender), printed_at."""
    appeal = get_object_or_404(Appeal, slug=slug)
    solidarity_messages = list(delivered_messages(appeal))
    for message in solidarity_messages:
        message.sender = public_fields(message)
    return render(
        request,
        "appeals/appeal_messages_print.html",
        {
            "appeal": appeal,
            "solidarity_messages": solidarity_messages,
            "printed_at": timezone.now(),
        },
    )
