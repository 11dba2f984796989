"""
Organisers' meetings reviewed by an editor.

A meeting an organiser adds or changes waits for an editor ("awaiting
review": a draft, listed on the admin index) unless that organiser holds
the "publish_event" permission, which an editor grants from the meetings
list. Editors publish it (any publishing action or the form) or send it
back with a note; the organiser is told by email either way, after the
commit (mail failures are logged).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from solidarity import audit
from solidarity.notify import notify_editors, send_after_commit

from ..models import Event

PUBLISH_PERMISSION = "posts.publish_event"


def may_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def admin_link(event):
    return settings.SITE_URL + reverse("admin:posts_event_change", args=[event.pk])


def submitted(request, event):
    """An organiser without the permission saved `event`: it waits."""
    audit.record(request, audit.Action.SUBMIT, event)
    # Editors read it in the site's default language, whatever the
    # organiser's browser asked the admin for.
    with translation.override(settings.LANGUAGE_CODE):
        notify_editors(
            gettext("A meeting awaits review: %(title)s") % {"title": event.title},
            render_to_string(
                "posts/email/meeting_awaits_review.txt",
                {"event": event, "user": request.user, "link": admin_link(event)},
            ),
        )


def _tell_organiser(event, subject, template, **context):
    organiser = event.organiser
    if organiser is None or not organiser.email:
        return
    body = render_to_string(template, {"event": event, **context})
    send_after_commit(subject, body, [organiser.email])


def published(request, pks):
    """Meetings in `pks` were published: those awaiting review leave the
    queue and their organisers are told."""
    waiting = Event.objects.filter(pk__in=pks).exclude(review=Event.Review.NONE)
    events = list(waiting.select_related("organiser"))
    waiting.update(review=Event.Review.NONE, review_note="")
    for event in events:
        _tell_organiser(
            event,
            gettext("Your meeting is published: %(title)s") % {"title": event.title},
            "posts/email/meeting_published.txt",
            link=settings.SITE_URL + event.get_absolute_url(),
        )
    return len(events)


def send_back(request, events, note):
    """Send meetings back to their organisers with `note`; the number sent."""
    count = 0
    for event in events:
        Event.objects.filter(pk=event.pk).update(
            review=Event.Review.SENT_BACK, review_note=note, status=Event.Status.DRAFT
        )
        audit.record(request, audit.Action.SEND_BACK, event, note)
        _tell_organiser(
            event,
            gettext("Your meeting needs changes: %(title)s") % {"title": event.title},
            "posts/email/meeting_sent_back.txt",
            note=note,
            link=admin_link(event),
        )
        count += 1
    return count


def set_trust(request, users, trusted):
    """Give (or take back) the permission to publish without review; the
    number of accounts whose permission changed."""
    permission = Permission.objects.get(
        content_type__app_label="posts", codename="publish_event"
    )
    User = get_user_model()
    changed = 0
    for user in users:
        has = user.user_permissions.filter(pk=permission.pk).exists()
        if trusted and not has:
            user.user_permissions.add(permission)
        elif not trusted and has:
            user.user_permissions.remove(permission)
        else:
            continue
        changed += 1
        audit.record(
            request,
            audit.Action.TRUST if trusted else audit.Action.DISTRUST,
            User.objects.get(pk=user.pk),
        )
    return changed
