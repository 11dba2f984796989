"""
Time zones of meetings.

Times are entered as the clock reads at the venue and stored in UTC:
`local_to_utc()` does the conversion with the venue's IANA zone, so a
meeting at 19:30 in Dublin is 19:30Z in February and 18:30Z in July.
"""

import datetime
import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@cache
def known_zones():
    """The IANA zone names (read from disk once per process)."""
    return frozenset(zoneinfo.available_timezones())


@cache
def timezone_choices():
    zones = sorted(known_zones())
    return [(name, name.replace("_", " ")) for name in zones]


def local_to_utc(naive, zone_name):
    """`naive` as the clock reads in `zone_name`, as an aware UTC datetime.

    Raises ValidationError for a time the clocks skip (the hour lost when
    summer time starts) rather than silently moving the meeting.
    """
    zone = zoneinfo.ZoneInfo(zone_name)
    aware = naive.replace(tzinfo=zone)
    utc = aware.astimezone(datetime.UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != naive:
        raise ValidationError(
            _(
                "%(time)s does not exist in %(zone)s: the clocks go forward then. "
                "Choose another time."
            ),
            params={"time": naive.strftime("%H:%M on %d %b %Y"), "zone": zone_name},
        )
    return utc
