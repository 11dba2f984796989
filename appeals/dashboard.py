"""
The editors' dashboard on the admin index: what waits for them, each line
linking to the filtered list that shows it. Only the lines a user may act
on are shown (organisers see none).

A translation is outdated when its original's text changed after it was
made or last brought up to date (PostQuerySet.outdated_translations): a
line per kind lists them (the "Outdated translations" filter).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext

from posts.models import Article, Event, Post

from .models import Appeal, SolidarityMessage

SCHEDULE_DAYS = 7


@dataclass
class Line:
    text: str
    url: str
    count: int


def _url(model, **params):
    opts = model._meta
    return (
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        + "?"
        + urlencode(params)
    )


def lines(user):
    now = timezone.now()
    found = []
    if user.has_perm("appeals.change_solidaritymessage"):
        pending = SolidarityMessage.objects.pending().aggregate(
            oldest=Min("received_at")
        )
        count = SolidarityMessage.objects.pending().count()
        text = (
            ngettext(
                "%(count)d message of solidarity awaits moderation (the oldest "
                "for %(age)s).",
                "%(count)d messages of solidarity await moderation (the oldest "
                "for %(age)s).",
                count,
            )
            % {"count": count, "age": timesince(pending["oldest"], now, depth=1)}
            if count
            else gettext("No messages of solidarity await moderation.")
        )
        found.append(
            Line(text, _url(SolidarityMessage, moderation__exact="pending"), count)
        )
    if user.has_perm("posts.change_any_event"):
        count = Event.objects.filter(review=Event.Review.AWAITING).count()
        found.append(
            Line(
                ngettext(
                    "%(count)d meeting awaiting review.",
                    "%(count)d meetings awaiting review.",
                    count,
                )
                % {"count": count},
                _url(Event, review__exact="awaiting"),
                count,
            )
        )
    kinds = (
        (Article, "posts.change_article"),
        (Appeal, "appeals.change_appeal"),
        (Event, "posts.change_any_event"),
        (SolidarityMessage, "appeals.change_solidaritymessage"),
    )
    allowed = [model for model, perm in kinds if user.has_perm(perm)]
    for model in allowed:
        count = model.objects.needing_review().count()
        if count:
            found.append(
                Line(
                    ngettext(
                        "%(kind)s: %(count)d to check (needs review).",
                        "%(kind)s: %(count)d to check (need review).",
                        count,
                    )
                    % {
                        "count": count,
                        "kind": capfirst(model._meta.verbose_name_plural),
                    },
                    _url(model, needs_review__exact="1"),
                    count,
                )
            )
    for model in allowed:
        if model is SolidarityMessage:
            continue  # messages are not translated
        count = model.objects.outdated_translations().count()
        if count:
            found.append(
                Line(
                    ngettext(
                        "%(count)d translation is outdated (%(kind)s): its "
                        "original changed since.",
                        "%(count)d translations are outdated (%(kind)s): their "
                        "originals changed since.",
                        count,
                    )
                    % {"count": count, "kind": model._meta.verbose_name_plural},
                    _url(model, translation="outdated"),
                    count,
                )
            )
    until = now + timedelta(days=SCHEDULE_DAYS)
    for model in allowed:
        if model is SolidarityMessage:
            continue
        scheduled = model.objects.filter(
            status=Post.Status.PUBLISHED, published_at__gt=now, published_at__lte=until
        ).count()
        if scheduled:
            found.append(
                Line(
                    ngettext(
                        "%(kind)s: %(count)d scheduled to appear in the next "
                        "%(days)d days.",
                        "%(kind)s: %(count)d scheduled to appear in the next "
                        "%(days)d days.",
                        scheduled,
                    )
                    % {
                        "count": scheduled,
                        "kind": capfirst(model._meta.verbose_name_plural),
                        "days": SCHEDULE_DAYS,
                    },
                    _url(model, scheduled="week"),
                    scheduled,
                )
            )
    if user.has_perm("appeals.change_appeal"):
        count = Appeal.objects.filter(
            state=Appeal.State.URGENT, deadline__lt=now
        ).count()
        if count:
            found.append(
                Line(
                    ngettext(
                        "%(count)d urgent appeal is past its deadline (shown as "
                        "ongoing): mark it won, closed or ongoing.",
                        "%(count)d urgent appeals are past their deadline (shown "
                        "as ongoing): mark them won, closed or ongoing.",
                        count,
                    )
                    % {"count": count},
                    _url(Appeal, state__exact="urgent", deadline="passed"),
                    count,
                )
            )
    return found
