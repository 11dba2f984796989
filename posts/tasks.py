"""
RSVPs to meetings: booking with a capacity and a waiting list, cancelling
(and giving the place to the next on the list), reminders the day before at
a sensible local hour, and telling attendees when a meeting is cancelled or
moved. Every message goes through the queue (solidarity/mail.py); every
task is idempotent (a conditional UPDATE decides who sends).
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from solidarity import links, mail, pagecache
from solidarity.tasks import background, enqueue_on_commit, periodic

from .models import RSVP, Event
from .templatetags.post_dates import meeting_when

SUBJECTS = {
    "coming": _("You're coming: %(title)s"),
    "waitlisted": _("On the waiting list: %(title)s"),
    "promoted": _("A place for you: %(title)s"),
    "reminder": _("Tomorrow: %(title)s"),
    "cancelled": _("Cancelled: %(title)s"),
    "changed": _("New time: %(title)s"),
}


def event_when(event):
    """In the mail's language: "martes, 10 de febrero de 2026, 19:30 GMT"."""
    return meeting_when(event)


def cancel_url(rsvp):
    return links.absolute_url(reverse("events:rsvp-cancel", args=[rsvp.cancel_token()]))


def tell(rsvp, kind):
    """Queue one message about `rsvp` (sent after the commit); nothing for
    an attendee whose details were erased."""
    if not rsvp.email:
        return None
    # In the language of the page they answered on (a worker has no request).
    with translation.override(rsvp.language):
        return _tell(rsvp, kind)


def _tell(rsvp, kind):
    event = rsvp.event
    body = render_to_string(
        "posts/email/rsvp.txt",
        {
            "kind": kind,
            "rsvp": rsvp,
            "event": event,
            "when": event_when(event),
            "where": ", ".join(
                part for part in (event.venue_name, event.address, event.city) if part
            ),
            "event_url": links.absolute_url(event.get_absolute_url()),
            "cancel_url": cancel_url(rsvp),
        },
    )
    subject = mail.one_line(SUBJECTS[kind] % {"title": event.title})
    return mail.queue_email(rsvp.email, subject, body, kind=f"rsvp-{kind}")


def attendance_changed(event):
    """The meeting page's "N coming" is on cached pages."""
    if event.show_attendance:
        pagecache.content_changed()


def accepts_rsvps(event):
    return (
        event.takes_rsvps
        and not event.is_cancelled
        and not event.is_past
        and event.is_published()
    )


def book(event, *, name, email, organisation, people, ip_hash="", language=None):
    """Someone is coming: a place if there is room, else the waiting list.
    An address already coming (or waiting) changes nothing. Returns the
    RSVP, or None when nothing changed."""
    email = email.strip().lower()
    with transaction.atomic():
        # One booking at a time per meeting, so two cannot take the last place.
        Event.objects.select_for_update().filter(pk=event.pk).first()
        rsvp = RSVP.objects.filter(event=event, email=email).first()
        if rsvp is not None and rsvp.status != RSVP.Status.CANCELLED:
            return None
        taken = RSVP.objects.filter(event=event).coming().people()
        room = event.capacity is None or taken + people <= event.capacity
        # Nobody jumps the queue: with people waiting, newcomers wait too.
        if room and RSVP.objects.filter(event=event).waiting().exists():
            room = False
        status = RSVP.Status.COMING if room else RSVP.Status.WAITLISTED
        rsvp = rsvp or RSVP(event=event, email=email)
        rsvp.name, rsvp.organisation, rsvp.people = name, organisation, people
        rsvp.status, rsvp.cancelled_at, rsvp.reminded_at = status, None, None
        rsvp.promoted_at = None
        rsvp.told_sequence = event.sequence
        rsvp.ip_hash = ip_hash
        rsvp.language = language or settings.LANGUAGE_CODE
        rsvp.save()
        tell(rsvp, "coming" if room else "waitlisted")
        attendance_changed(event)
    return rsvp


def cancel(rsvp):
    """Cancel a place (or a wait); the next people waiting get the place."""
    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=rsvp.event_id).first()
        cancelled = (
            RSVP.objects.filter(pk=rsvp.pk)
            .active()
            .update(status=RSVP.Status.CANCELLED, cancelled_at=timezone.now())
        )
        if cancelled:
            promote(rsvp.event)
            attendance_changed(rsvp.event)
    return bool(cancelled)


def promote(event):
    """Give free places to the people waiting, first come first served,
    and tell them. Call inside a transaction holding the meeting's lock."""
    if event.is_cancelled:
        return []
    taken = RSVP.objects.filter(event=event).coming().people()
    promoted = []
    for waiting in RSVP.objects.filter(event=event).waiting():
        if event.capacity is not None and taken + waiting.people > event.capacity:
            break
        moved = RSVP.objects.filter(
            pk=waiting.pk, status=RSVP.Status.WAITLISTED
        ).update(status=RSVP.Status.COMING, promoted_at=timezone.now())
        if moved:
            taken += waiting.people
            tell(waiting, "promoted")
            promoted.append(waiting.pk)
    return promoted


@background()
def promote_waiting(event_id):
    """After a meeting's places changed in the admin."""
    with transaction.atomic():
        event = Event.objects.select_for_update().filter(pk=event_id).first()
        if event is None:
            return []
        promoted = promote(event)
        if promoted:
            attendance_changed(event)
    return promoted


@background(priority=5)
def tell_attendees(event_id):
    """A meeting was cancelled or moved: each attendee (and each person
    waiting) is told once per change (the meeting's SEQUENCE)."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    kind = "cancelled" if event.is_cancelled else "changed"
    told = 0
    for rsvp in RSVP.objects.filter(
        event=event, told_sequence__lt=event.sequence
    ).active():
        with transaction.atomic():
            first = RSVP.objects.filter(
                pk=rsvp.pk, told_sequence__lt=event.sequence
            ).update(told_sequence=event.sequence)
            if first:
                rsvp.event = event
                tell(rsvp, kind)
                told += 1
    return told


def reminder_moment(event):
    """The day before the meeting (in its time zone), at RSVP_REMINDER_HOUR."""
    day_before = event.local_starts_at.date() - timedelta(days=1)
    return datetime.combine(
        day_before, time(settings.RSVP_REMINDER_HOUR), tzinfo=event.tzinfo
    )


@periodic(seconds=15 * 60)
@background()
def send_rsvp_reminders():
    """Remind those coming, the day before each meeting at a sensible local
    hour (not those who said they were coming after that hour)."""
    now = timezone.now()
    events = Event.objects.published().filter(
        is_cancelled=False,
        takes_rsvps=True,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(hours=48),
    )
    sent = 0
    for event in events:
        moment = reminder_moment(event)
        if now < moment:
            continue
        due = (
            RSVP.objects.filter(event=event, reminded_at__isnull=True)
            .coming()
            .filter(created_at__lt=moment)
        )
        for rsvp in due:
            with transaction.atomic():
                if RSVP.objects.filter(pk=rsvp.pk, reminded_at__isnull=True).update(
                    reminded_at=now
                ):
                    rsvp.event = event
                    tell(rsvp, "reminder")
                    sent += 1
    return sent


def event_saved(sender, instance, created, **kwargs):
    if created:
        return
    if getattr(instance, "attendees_to_tell", False):
        enqueue_on_commit(tell_attendees, instance.pk)
    if instance.rsvps.waiting().exists():
        enqueue_on_commit(promote_waiting, instance.pk)


def connect():
    post_save.connect(event_saved, sender=Event, dispatch_uid="rsvp-event-saved")
