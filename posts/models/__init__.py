"""
Everything the campaign publishes is a Post.

`Post` is a concrete base table (multi-table inheritance, as Wagtail's Page):
articles and meetings here, appeals and solidarity messages in `appeals`.
The timeline, search, hubs and feeds query this one table, so filtering,
ordering and pagination happen in the database however many kinds there are.
Each kind adds its own fields in its own table: `post` holds the shared
table (its queryset in `querysets`, tags in `tags`, countries in
`countries`), `articles` and `meetings` the kinds. Import them from here
(`from posts.models import Post`); migrations name `validate_timezone` and
`MAX_MEETING_LENGTH` here too.
"""

from .articles import Article
from .countries import Country
from .meetings import (
    MAX_MEETING_LENGTH,
    Event,
    EventQuerySet,
    check_meeting_length,
    validate_timezone,
    web_url_validator,
)
from .post import Post, parent_link
from .querysets import PostQuerySet
from .rsvps import RSVP, RSVPQuerySet
from .tags import TaggedPost, public_tags

__all__ = [
    "public_tags",
    "MAX_MEETING_LENGTH",
    "Article",
    "Country",
    "Event",
    "EventQuerySet",
    "Post",
    "PostQuerySet",
    "RSVP",
    "RSVPQuerySet",
    "TaggedPost",
    "check_meeting_length",
    "parent_link",
    "validate_timezone",
    "web_url_validator",
]
