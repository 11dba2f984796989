"""Helpers shared by the meetings tests."""

import datetime
import zoneinfo

from tests.factories import make_event


def local(zone, *args):
    """An aware datetime as the clock reads in `zone`."""
    return datetime.datetime(*args, tzinfo=zoneinfo.ZoneInfo(zone))


def event_at(zone, *args, hours=2, **kwargs):
    """A published meeting starting at local time `args` in `zone`."""
    starts = local(zone, *args)
    kwargs.setdefault("ends_at", starts + datetime.timedelta(hours=hours))
    return make_event(starts_at=starts, timezone=zone, **kwargs)
