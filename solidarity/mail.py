"""
Outgoing mail: every message is a row, and a worker sends it (never a request).

`queue_email()` stores one `OutgoingEmail` per recipient and enqueues its
delivery when the transaction commits (solidarity/tasks.py); mailings keep
their own rows (appeals.Delivery) and use the same sending code.

Exactly once, even when a worker is killed mid-send. SMTP gives one moment
where a message becomes the server's: the "." that ends DATA. `send_once()`
sends everything before it, then records the row as sent (a conditional
UPDATE that only the worker holding the row's claim can make), then sends
the ".". A worker killed before the UPDATE leaves the row "sending" and an
unfinished message that the server throws away with the connection: the row
goes back to the queue and is sent again. Killed after it, the message is
delivered and recorded. The only gap is the few microseconds between the
commit and writing three bytes to the socket, where a kill loses one
message instead of sending it twice.
"""

import hashlib
import logging
import re
import smtplib
import uuid

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.utils import timezone
from django.utils.text import Truncator

from .links import site_domain
from .models import OutgoingEmail, SendStatus

logger = logging.getLogger(__name__)

# Who is sending: the worker sets this (its id) so that rows it holds can be
# recognised as lost when it dies. Requests and tests leave it empty.
WORKER = {"id": ""}


class Rejected(Exception):
    """The mail server refused the message for good (a 5xx reply)."""


def one_line(text):
    """An email subject from visitor input: no line breaks (which would make
    Django refuse to send it), not too long."""
    return Truncator(" ".join(text.split())).chars(150)


def email_digest(email):
    """Ties a link to an address without putting the address in the URL (and
    so in server logs)."""
    return hashlib.sha256(email.encode()).hexdigest()[:20]


def address_link_token(salt, pk, email):
    """A signed token for a link in mail (unsubscribe, cancel an RSVP) that
    never expires and works only while row `pk` has the address `email`."""
    return signing.Signer(salt=salt).sign(f"{pk}.{email_digest(email)}")


def from_address_link_token(salt, token, queryset):
    """The row of `queryset` an address_link_token() names, or None."""
    try:
        value = signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature:
        return None
    pk, _sep, digest = value.partition(".")
    if not pk.isdigit():
        return None
    row = queryset.filter(pk=int(pk)).first()
    if row is None or digest != email_digest(row.email):
        return None
    return row


def message_id(kind, pk):
    """The same Message-ID however often a row is tried, so mail programs
    can tell one message from another."""
    return f"<{kind}.{pk}@{site_domain()}>"


def queue_email(to, subject, body, *, html="", kind="", headers=None):
    """Store a message to one address and have a worker send it once the
    current transaction commits."""
    from .tasks import deliver_email, enqueue_on_commit

    email = OutgoingEmail.objects.create(
        to=to,
        subject=subject,
        body=body,
        html=html,
        kind=kind,
        headers=headers or {},
    )
    enqueue_on_commit(deliver_email, email.pk)
    return email


def build_message(to, subject, body, *, html=None, headers=None, connection=None):
    message = EmailMultiAlternatives(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [to],
        headers=headers or {},
        connection=connection,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


def claim(queryset, pk=None, count=1):
    """Take up to `count` queued rows of `queryset` (or row `pk`) for this
    worker, oldest first: one conditional UPDATE, so two workers never hold
    the same row. Returns the rows taken (possibly none)."""
    rows = queryset.filter(status=SendStatus.QUEUED)
    if pk is not None:
        rows = rows.filter(pk=pk)
    for _attempt in range(3):
        ids = list(rows.order_by("pk").values_list("pk", flat=True)[:count])
        if not ids:
            return []
        token = uuid.uuid4().hex
        taken = queryset.filter(pk__in=ids, status=SendStatus.QUEUED).update(
            status=SendStatus.SENDING,
            claim=token,
            claimed_by=WORKER["id"],
            claimed_at=timezone.now(),
        )
        if taken:
            return list(queryset.filter(claim=token, status=SendStatus.SENDING))
    return []


def record_sent(row):
    """Mark a claimed row sent; False if the claim was taken back meanwhile."""
    return bool(
        type(row)
        .objects.filter(pk=row.pk, status=SendStatus.SENDING, claim=row.claim)
        .update(status=SendStatus.SENT, sent_at=timezone.now(), last_error="")
    )


def record_failure(row, error, *, retry):
    """Give a claimed row back to the queue (retry) or fail it for good."""
    attempts = row.attempts + 1
    final = not retry or attempts >= settings.TASK_MAX_ATTEMPTS
    type(row).objects.filter(pk=row.pk, claim=row.claim).update(
        status=SendStatus.FAILED if final else SendStatus.QUEUED,
        attempts=attempts,
        last_error=str(error)[:2000],
    )
    return final


def _quote_periods(data):
    # RFC 5321 4.5.2: a line starting with "." gets another one.
    return re.sub(rb"(?m)^\.", b"..", data)


def _check(reply, expected, error):
    code, text = reply
    if code not in expected:
        if 500 <= code < 600:
            raise Rejected(f"{code} {text.decode(errors='replace')}")
        raise error(code, text)


def send_once(message, row, connection):
    """Send `message` for the claimed `row`: recorded as sent just before the
    server can accept it (see the module's docstring). Returns False when
    the row's claim was lost (another worker has it; nothing was sent)."""
    if not isinstance(connection, SMTPBackend):
        # Console, file and test backends have no moment of acceptance.
        if not record_sent(row):
            return False
        connection.send_messages([message])
        return True
    if connection.connection is None:
        connection.open()
    smtp = connection.connection
    encoding = message.encoding or settings.DEFAULT_CHARSET
    sender = sanitize_address(message.from_email, encoding)
    recipients = [sanitize_address(a, encoding) for a in message.recipients()]
    data = message.message().as_bytes(linesep="\r\n")
    try:
        smtp.ehlo_or_helo_if_needed()
        _check(smtp.mail(sender), (250,), smtplib.SMTPResponseException)
        for recipient in recipients:
            _check(smtp.rcpt(recipient), (250, 251), smtplib.SMTPResponseException)
        _check(smtp.docmd("DATA"), (354,), smtplib.SMTPDataError)
        data = _quote_periods(data)
        if not data.endswith(b"\r\n"):
            data += b"\r\n"
        smtp.send(data)
    except Rejected:
        smtp.rset()
        raise
    if not record_sent(row):
        # Hang up: the server discards the unfinished message.
        connection.close()
        return False
    smtp.send(b".\r\n")
    _check(smtp.getreply(), (250,), smtplib.SMTPDataError)
    return True


def deliver(row, message, connection):
    """Send one claimed row, recording the outcome. A refusal fails the row;
    anything else (the server away, a timeout) gives it back to the queue
    and is raised, so the task is tried again later."""
    try:
        return send_once(message, row, connection)
    except Rejected as error:
        record_failure(row, error, retry=False)
        logger.warning("Mail to row %s refused: %s", row.pk, error)
        return False
    except Exception as error:
        connection.close()
        if record_failure(row, error, retry=True):
            logger.warning("Mail row %s failed for good: %s", row.pk, error)
        raise


def send_outgoing(email_id):
    """Send one OutgoingEmail if it is still queued (running twice sends it
    once)."""
    taken = claim(OutgoingEmail.objects.all(), pk=email_id)
    if not taken:
        return "not queued"
    email = taken[0]
    connection = get_connection()
    headers = {"Message-ID": message_id(email.kind or "mail", email.pk)}
    headers.update(email.headers)
    message = build_message(
        email.to,
        email.subject,
        email.body,
        html=email.html,
        headers=headers,
        connection=connection,
    )
    try:
        sent = deliver(email, message, connection)
    finally:
        connection.close()
    return "sent" if sent else "not sent"


def erase_mail_to(address):
    """Erasure: nothing queued is sent to `address`, and the record of what
    was sent to it keeps no name, address or text."""
    if not address:
        return 0
    rows = OutgoingEmail.objects.filter(to=address)
    rows.filter(status=SendStatus.QUEUED).update(status=SendStatus.CANCELLED)
    return rows.update(to="", subject="(erased)", body="", html="", headers={})
