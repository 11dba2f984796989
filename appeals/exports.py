"""
Delivery of an appeal's approved messages, for editors: a CSV file and a
printable page to hand to the appeal's target or a delegation.

Only what the public may already see goes out: senders who asked not to be
named appear as "A supporter in <country>", and no email address or IP hash
is ever exported.
"""

import csv
import unicodedata

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .models import Appeal, SolidarityMessage

# Cells a spreadsheet would run as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# Characters a spreadsheet skips or folds before it looks for a formula:
# format characters (zero-width space, BOM, direction marks), spaces and
# line breaks of every kind, controls other than the tab and carriage return
# (which are prefixes themselves).
_SKIPPED = frozenset({"Cf", "Zs", "Zl", "Zp"})


def _significant(value):
    """What a spreadsheet would read first: the text NFKC-normalised (full-
    width ＝＋－＠ become =+-@) with leading invisible characters removed."""
    text = unicodedata.normalize("NFKC", value)
    for position, char in enumerate(text):
        category = unicodedata.category(char)
        if category in _SKIPPED or (category == "Cc" and char not in "\t\r"):
            continue
        return text[position:]
    return ""


def neutralise(value):
    """Make a cell inert in spreadsheets: a leading quote shows as text."""
    value = "" if value is None else str(value)
    if _significant(value).startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte-order mark so spreadsheet programs read the UTF-8 as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return response


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


@editors_only
def appeal_messages_csv(request, slug):
    """The approved messages of an appeal as a CSV download."""
    appeal = get_object_or_404(Appeal, slug=slug)
    rows = []
    for message in delivered_messages(appeal):
        sender = public_fields(message)
        rows.append(
            [
                timezone.localtime(message.received_at).strftime("%Y-%m-%d %H:%M"),
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
            "Received",
            "Name",
            "Organisation",
            "Role",
            "City",
            "Country",
            "Language",
            "Message",
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
