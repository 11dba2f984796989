"""
{{ post|post_date }}: a post's date as precisely as it is known, in a
<time> element: "6 January 2026", "February 2009", "2019", or nothing at
all when the date is unknown (imported texts that give none). A meeting's
date is its start, in the venue's time zone, with the time unless it is
midnight (imported meetings whose text gives no time). An optional
argument is the date format for a known day ("D j M Y, H:i T"); a final
" T" names the venue's zone as people say it ("GMT", "Buenos Aires time",
never tzdata's bare "-03": see posts.meetings.zones.zone_name).

{{ event|local_time }}: "19:30 GMT", the start as the clock reads at the
venue with its zone's name; empty for a meeting whose time is not known.
"""

from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html

from posts.meetings.zones import time_with_zone, zone_name
from posts.models import Post

register = template.Library()

Precision = Post.DatePrecision
FORMATS = {Precision.MONTH: "F Y", Precision.YEAR: "Y"}
ISO = {Precision.DAY: "Y-m-d", Precision.MONTH: "Y-m", Precision.YEAR: "Y"}


@register.filter
def post_date(post, day_format=""):
    precision = post.date_precision
    if precision == Precision.UNKNOWN:
        return ""
    # A Post row's own columns, its meeting's from the kind's row.
    starts = post.specific.starts_at if post.kind == Post.Kind.EVENT else None
    if starts is not None:
        moment = starts.astimezone(post.specific.tzinfo)
        day_format = day_format or "D j M Y, H:i T"
        if moment.hour == moment.minute == 0:
            day_format = day_format.replace(", H:i T", "").replace(" H:i", "")
    else:
        moment = timezone.localtime(post.published_at)
        day_format = day_format or "j F Y"
    zone = ""
    if precision == Precision.DAY:
        shown, machine = day_format, "c" if starts is not None else ISO[precision]
        if starts is not None and shown.endswith(" T"):
            shown, zone = shown[:-2], " " + zone_name(moment, post.specific.timezone)
    else:
        shown, machine = FORMATS[precision], ISO[precision]
    return format_html(
        '<time datetime="{}">{}{}</time>',
        dateformat.format(moment, machine),
        dateformat.format(moment, shown),
        zone,
    )


@register.filter
def local_time(event):
    """The meeting's start time with its zone's name, for date blocks."""
    if event.date_precision != Precision.DAY:
        return ""
    moment = event.starts_at.astimezone(event.tzinfo)
    if moment.hour == moment.minute == 0:
        return ""  # imported meetings whose text gives no time
    return time_with_zone(moment, event.timezone)


@register.filter
def zone_at(moment, zone):
    """{{ event.starts_at|zone_at:event.timezone }}: "GMT", "Buenos Aires
    time" (see posts.meetings.zones.zone_name)."""
    return zone_name(moment, zone) if moment else ""
