"""
Regular meetings: "next month's meeting" and series such as "the first
Tuesday of each month for six months".

Each occurrence is a separate Event (a draft), so one meeting of a series can
be moved, cancelled or edited on its own. Copies keep the local clock time at
the venue, so a 19:30 meeting stays at 19:30 across a change to summer time.
"""

import datetime

from dateutil.rrule import MONTHLY, WEEKLY, rrule
from dateutil.rrule import weekday as rrule_weekday
from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Event, Post
from .zones import local_to_utc


def dates_after(after, frequency, weekday, count):
    """The first `count` dates after `after` (a date, never included) that
    `frequency` (MONTHLY or WEEKLY) and `weekday` (an rrule weekday, e.g.
    TU(1), the first Tuesday of a month) give."""
    start = datetime.datetime.combine(
        after + datetime.timedelta(days=1), datetime.time()
    )
    rule = rrule(frequency, dtstart=start, byweekday=weekday, count=count)
    return [moment.date() for moment in rule]


def ordinal_of(day):
    """Which `day.weekday()` of its month `day` is: 1-4, or -1 for a fifth."""
    ordinal = (day.day - 1) // 7 + 1
    return -1 if ordinal == 5 else ordinal


def next_month_date(day):
    """The same weekday of the same week next month: the second Tuesday
    gives next month's second Tuesday, a fifth Friday the last Friday."""
    return monthly_dates(day, day.weekday(), ordinal_of(day), 1)[0]


def monthly_dates(after, weekday, ordinal, count):
    """The next `count` dates after `after` that are the ordinal-th weekday
    (Monday=0) of their month; ordinal -1 is the last one."""
    return dates_after(after, MONTHLY, rrule_weekday(weekday, ordinal), count)


def weekly_dates(after, weekday, count):
    """The next `count` dates after `after` that fall on `weekday`."""
    return dates_after(after, WEEKLY, rrule_weekday(weekday), count)


def copy_event(event, day, user=None):
    """A draft copy of `event` on `day`, at the same local time and venue."""
    local_start = event.local_starts_at
    naive_start = datetime.datetime.combine(day, local_start.time())
    try:
        starts_at = local_to_utc(naive_start, event.timezone)
    except ValidationError:
        # The clock time does not exist that day (clocks go forward): the
        # same instant an hour later, as calendar apps do.
        starts_at = local_to_utc(
            naive_start + datetime.timedelta(hours=1), event.timezone
        )
    ends_at = starts_at + (event.ends_at - event.starts_at) if event.ends_at else None
    title = event.title
    copy = Event.objects.create(
        title=title,
        slug=Post.unique_slug(f"{title} {day.isoformat()}"),
        summary=event.summary,
        body=event.body,
        byline=event.byline,
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=event.timezone,
        venue_name=event.venue_name,
        address=event.address,
        city=event.city,
        country=event.country,
        online_url=event.online_url,
        organised_by=event.organised_by,
        organiser=event.organiser,
        created_by=user,
        status=Post.Status.DRAFT,
    )
    copy.countries.set(event.countries.all())
    copy.tags.set(list(event.tags.all()))
    return copy


@transaction.atomic
def copy_to_dates(event, dates, user=None):
    return [copy_event(event, day, user) for day in dates]
