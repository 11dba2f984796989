"""The meetings' admin: meetings (events) and their attendees (rsvps).
posts.admin imports this package; importing each module registers its
ModelAdmin."""

from . import events, rsvps

__all__ = ["events", "rsvps"]
