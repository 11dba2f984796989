"""
The appeals app's background work: welcoming supporters (the confirmation
link, at most once a day; the editors told once), purging supporters who
never confirmed, and sending mailings in throttled batches, exactly once per
recipient. Each task is idempotent (solidarity/tasks.py).
"""

import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from solidarity import links, mail, tasks
from solidarity.models import SendStatus
from solidarity.notify import notify_editors
from solidarity.tasks import background, enqueue_on_commit, periodic

from .models import Delivery, Mailing, Supporter

CONFIRMATION_INTERVAL = timedelta(hours=24)


@background(priority=10)
def welcome_supporter(supporter_id):
    """After a join: tell the editors about a new supporter (once), and send
    the confirmation link to an address that is not confirmed, or that
    unsubscribed and joined again, at most once per 24 hours."""
    supporter = Supporter.objects.filter(
        pk=supporter_id, erased_at__isnull=True
    ).first()
    if supporter is None:
        return "gone"
    done = []
    now = timezone.now()
    with transaction.atomic():
        # Conditional updates: whoever changes the row does the sending.
        first = Supporter.objects.filter(
            pk=supporter.pk, editors_notified_at__isnull=True
        ).update(editors_notified_at=now)
        if first:
            # Editors read it in the site's default language.
            with translation.override(settings.LANGUAGE_CODE):
                subject = mail.one_line(
                    _("New supporter: %(name)s") % {"name": supporter}
                )
            notify_editors(
                subject,
                render_to_string(
                    "appeals/email/new_supporter.txt",
                    {
                        "language": settings.LANGUAGE_CODE,
                        "supporter": supporter,
                        "admin_url": links.absolute_url(
                            reverse(
                                "admin:appeals_supporter_change", args=[supporter.pk]
                            )
                        ),
                    },
                ),
                kind="new-supporter",
            )
            done.append("editors notified")
    if supporter.is_subscribed():
        return done or "already confirmed"
    # The link, subject and text in the language of the page they joined
    # from (the worker has no request to take it from).
    with transaction.atomic(), translation.override(supporter.language):
        last = supporter.confirmation_sent_at
        if last is not None and now - last < CONFIRMATION_INTERVAL:
            return done or "confirmation sent less than 24 hours ago"
        claimed = Supporter.objects.filter(
            pk=supporter.pk, confirmation_sent_at=last
        ).update(confirmation_sent_at=now)
        if not claimed:
            return done or "confirmation sent meanwhile"
        url = links.absolute_url(
            reverse("join-confirm", args=[supporter.confirmation_token()])
        )
        mail.queue_email(
            supporter.email,
            _("Please confirm you joined"),
            render_to_string(
                "appeals/email/confirm_supporter.txt",
                {
                    "supporter": supporter,
                    "url": url,
                    "days": settings.UNCONFIRMED_SUPPORTER_DAYS,
                },
            ),
            kind="supporter-confirmation",
        )
        done.append("confirmation queued")
    return done


@periodic(seconds=60 * 60)
@background()
def purge_unconfirmed_supporters():
    """Supporters who never confirmed their address are deleted after
    DJANGO_UNCONFIRMED_SUPPORTER_DAYS, with the mail sent to them."""
    stale = Supporter.objects.unconfirmed_since(settings.UNCONFIRMED_SUPPORTER_DAYS)
    count = 0
    for supporter in stale.iterator():
        with transaction.atomic():
            mail.erase_mail_to(supporter.email)
            supporter.delete()
        count += 1
    return count


# Mailings


def start(mailing):
    """Record a delivery for every recipient and have the workers send them.
    Runs once per mailing: only the call that moves it to "sending" does."""
    with transaction.atomic():
        moved = Mailing.objects.filter(
            pk=mailing.pk,
            status__in=[Mailing.Status.SCHEDULED, Mailing.Status.DRAFT],
        ).update(status=Mailing.Status.SENDING, started_at=timezone.now())
        if not moved:
            return 0
        ids = mailing.recipients().values_list("pk", flat=True).order_by("pk")
        batch, total = [], 0
        for supporter_id in ids.iterator(chunk_size=2000):
            batch.append(Delivery(mailing_id=mailing.pk, supporter_id=supporter_id))
            if len(batch) == 2000:
                Delivery.objects.bulk_create(batch, ignore_conflicts=True)
                total += len(batch)
                batch = []
        Delivery.objects.bulk_create(batch, ignore_conflicts=True)
        total += len(batch)
        enqueue_on_commit(send_mailing_batch, mailing.pk)
    return total


@background(priority=5)
def start_mailing(mailing_id):
    mailing = Mailing.objects.filter(pk=mailing_id).first()
    if mailing is None:
        return 0
    return start(mailing)


@periodic(seconds=60)
@background()
def start_due_mailings():
    """Scheduled mailings whose time has come start."""
    due = Mailing.objects.filter(
        status=Mailing.Status.SCHEDULED, send_at__lte=timezone.now()
    )
    return [start(mailing) for mailing in due]


def render_mailing(mailing, supporter, *, unsubscribe_url, test=False):
    """(subject, text, html, headers) of `mailing` for one recipient, its
    own words (unsubscribe line, appeal link) in the mailing's language, or
    else the recipient's."""
    language = mailing.language or getattr(
        supporter, "language", settings.LANGUAGE_CODE
    )
    with translation.override(language):
        return _render_mailing(mailing, supporter, unsubscribe_url, test)


def _render_mailing(mailing, supporter, unsubscribe_url, test):
    appeal_url = (
        links.absolute_url(mailing.appeal.get_absolute_url())
        if mailing.appeal_id
        else ""
    )
    context = {
        "mailing": mailing,
        "supporter": supporter,
        "unsubscribe_url": unsubscribe_url,
        "appeal_url": appeal_url,
        "site_url": settings.SITE_URL,
        "test": test,
    }
    html = render_to_string("appeals/email/mailing.html", context)
    context["text"] = strip_tags(mailing.body.replace("</p>", "</p>\n\n")).strip()
    text = render_to_string("appeals/email/mailing.txt", context)
    headers = {
        # RFC 2369 and RFC 8058: mail programs show an "Unsubscribe" button
        # that POSTs to the link, with no login and no page to click through.
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"<mailings.{links.site_domain()}>",
    }
    subject = (
        _("[Test] %(subject)s") % {"subject": mailing.subject}
        if test
        else mailing.subject
    )
    return subject, text, html, headers


def unsubscribe_url(supporter):
    with translation.override(supporter.language):
        return links.absolute_url(
            reverse("unsubscribe", args=[supporter.unsubscribe_token()])
        )


def delivery_message(delivery, connection):
    supporter = delivery.supporter
    subject, text, html, headers = render_mailing(
        delivery.mailing, supporter, unsubscribe_url=unsubscribe_url(supporter)
    )
    headers["Message-ID"] = mail.message_id(
        f"mailing.{delivery.mailing_id}", delivery.pk
    )
    return mail.build_message(
        supporter.email,
        subject,
        text,
        html=html,
        headers=headers,
        connection=connection,
    )


def send_test(mailing, address):
    """Queue the mailing as it will look, to one address (an editor's)."""
    subject, text, html, headers = render_mailing(
        mailing,
        None,
        unsubscribe_url=links.absolute_url(reverse("unsubscribe", args=["test"])),
        test=True,
    )
    return mail.queue_email(
        address, subject, text, html=html, kind="mailing-test", headers=headers
    )


@background(priority=0)
def send_mailing_batch(mailing_id):
    """Send up to DJANGO_MAILING_BATCH of a mailing's queued deliveries,
    paced to DJANGO_MAILING_PER_MINUTE, then hand over to the next batch (so
    other mail is not stuck behind a big mailing). Each delivery is claimed,
    sent and recorded once (solidarity/mail.py); a recipient who has
    unsubscribed or been erased since is skipped."""
    mailing = Mailing.objects.filter(pk=mailing_id).first()
    if mailing is None or mailing.status != Mailing.Status.SENDING:
        return "not sending"
    per_minute = settings.MAILING_PER_MINUTE
    gap = 60 / per_minute if per_minute else 0
    deliveries = Delivery.objects.filter(mailing=mailing).select_related(
        "supporter", "mailing__appeal"
    )
    # Rows are claimed a few seconds' worth at a time: one UPDATE for many.
    chunk = min(settings.MAILING_BATCH, max(1, per_minute // 6) if per_minute else 50)
    connection = get_connection()
    sent = skipped = 0
    held = []
    try:
        while sent + skipped < settings.MAILING_BATCH:
            # Cancelled in the admin: stop within a chunk (a few seconds).
            if not Mailing.objects.filter(
                pk=mailing.pk, status=Mailing.Status.SENDING
            ).exists():
                break
            claimed = mail.claim(
                deliveries, count=min(chunk, settings.MAILING_BATCH - sent - skipped)
            )
            if not claimed:
                break
            held.append(claimed[0].claim)
            for delivery in claimed:
                started = time.monotonic()
                supporter = delivery.supporter
                # Asked again for each message: an unsubscribe or an erasure
                # since the batch was claimed is obeyed at once.
                if (
                    supporter is None
                    or not Supporter.objects.subscribed()
                    .filter(pk=supporter.pk)
                    .exists()
                ):
                    Delivery.objects.filter(
                        pk=delivery.pk, claim=delivery.claim
                    ).update(status=SendStatus.CANCELLED)
                    skipped += 1
                    continue
                message = delivery_message(delivery, connection)
                if mail.deliver(delivery, message, connection):
                    sent += 1
                wait = gap - (time.monotonic() - started)
                if wait > 0:
                    time.sleep(wait)
    finally:
        connection.close()
        # After an error, what this batch claimed but did not send goes back.
        Delivery.objects.filter(claim__in=held, status=SendStatus.SENDING).update(
            status=SendStatus.QUEUED, claim="", claimed_by=""
        )
    if Delivery.objects.filter(mailing=mailing, status=SendStatus.QUEUED).exists():
        send_mailing_batch.enqueue(mailing.pk)
    elif Delivery.objects.filter(mailing=mailing, status=SendStatus.SENDING).exists():
        # Held by another worker, or by one that was killed: its messages go
        # back to the queue once it has missed three heartbeats (solidarity/
        # tasks.py), and nothing else would send them then. Look again when
        # they would be back.
        send_mailing_batch.using(run_after=timezone.now() + tasks.lost_after()).enqueue(
            mailing.pk
        )
    else:
        Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.SENDING).update(
            status=Mailing.Status.SENT, finished_at=timezone.now()
        )
    return {"sent": sent, "skipped": skipped}
