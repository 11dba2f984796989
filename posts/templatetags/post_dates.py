"""
{{ post|post_date }}: a post's date as precisely as it is known, in a
<time> element and in the page's language: "6 January 2026", "February
2009", "2019" ("6 de enero de 2026", "febrero de 2009"), or nothing at all
when the date is unknown (imported texts that give none). A meeting's date
is its start, in the venue's time zone, with its weekday, and with the time
and zone unless it is midnight (imported meetings whose text gives no
time): "Tue 10 Feb 2026, 19:30 GMT", "martes, 10 de febrero de 2026, 19:30
GMT".

The shapes are the active language's formats (solidarity/formats/<code>/):
DATE_FORMAT and YEAR_MONTH_FORMAT, and the site's own WEEKDAY_DATE_FORMAT
and MEETING_DATETIME_FORMAT. The optional argument asks for a shape:
"date" (the day alone, a meeting's too), "weekday" (the day and its
weekday, no time), or a format string of its own ("D j M Y"). A final
" T" names the venue's zone as people say it: "GMT", "Buenos Aires time",
never tzdata's bare "-03" (posts.meetings.zones.zone_name).

{{ event|local_time }}: "19:30 GMT", the start as the clock reads at the
venue with its zone's name, for the meetings' date blocks; empty for a
meeting whose time is not known.
"""

import functools

from django import template
from django.conf import settings
from django.utils import dateformat, formats, timezone
from django.utils.html import format_html
from django.utils.translation import get_language

from posts.meetings.zones import time_with_zone, zone_name
from posts.models import Post

register = template.Library()

Precision = Post.DatePrecision
ISO = {Precision.DAY: "Y-m-d", Precision.MONTH: "Y-m", Precision.YEAR: "Y"}
# The site's own format names, with the English shapes for a language
# whose format module does not name them.
OWN_FORMATS = {
    "WEEKDAY_DATE_FORMAT": "D j M Y",
    "MEETING_DATETIME_FORMAT": "D j M Y, H:i T",
}
STYLES = {"date": "DATE_FORMAT", "weekday": "WEEKDAY_DATE_FORMAT"}


@functools.cache
def _own_format(name, language):
    for module in formats.iter_format_modules(language, settings.FORMAT_MODULE_PATH):
        if hasattr(module, name):
            return getattr(module, name)
    return OWN_FORMATS[name]


def local_format(name):
    """A format of the active language: Django's names (DATE_FORMAT...)
    through Django, the site's own from the format modules."""
    if name in OWN_FORMATS:
        return _own_format(name, get_language() or settings.LANGUAGE_CODE)
    return formats.get_format(name)


def meeting_when(event):
    """A meeting's start as the page or mail shows it, in the active
    language: "martes, 10 de febrero de 2026, 19:30 GMT"."""
    moment = event.local_starts_at
    name = "MEETING_DATETIME_FORMAT"
    if moment.hour == moment.minute == 0:
        name = "WEEKDAY_DATE_FORMAT"
    return with_zone(moment, local_format(name), event.timezone)


def with_zone(moment, shown, zone):
    """`moment` formatted as `shown`, a final " T" (the zone) as
    zone_name() says it rather than tzdata's abbreviation."""
    if shown.endswith(" T"):
        return f"{dateformat.format(moment, shown[:-2])} {zone_name(moment, zone)}"
    return dateformat.format(moment, shown)


@register.filter
def post_date(post, style=""):
    precision = post.date_precision
    if precision == Precision.UNKNOWN:
        return ""
    # A Post row's own columns, its meeting's from the kind's row.
    starts = post.specific.starts_at if post.kind == Post.Kind.EVENT else None
    if starts is not None:
        moment = starts.astimezone(post.specific.tzinfo)
        midnight = moment.hour == moment.minute == 0
    else:
        moment = timezone.localtime(post.published_at)
        midnight = False
    if precision == Precision.DAY:
        if style in STYLES:
            shown = local_format(STYLES[style])
        elif style:
            shown = style
            if midnight:
                shown = shown.replace(", H:i T", "").replace(" H:i", "")
        elif starts is not None:
            shown = local_format(
                "WEEKDAY_DATE_FORMAT" if midnight else "MEETING_DATETIME_FORMAT"
            )
        else:
            shown = local_format("DATE_FORMAT")
        machine = "c" if starts is not None else ISO[precision]
    else:
        shown = local_format("YEAR_MONTH_FORMAT") if precision == "month" else "Y"
        machine = ISO[precision]
    return format_html(
        '<time datetime="{}">{}</time>',
        dateformat.format(moment, machine),
        with_zone(moment, shown, post.specific.timezone)
        if starts is not None
        else dateformat.format(moment, shown),
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
