"""The timeline's covering index on SQLite, as PostgreSQL has had since 0003.

A timeline page is fetched as its ids first (posts/listing.py), ordered by
(published_at DESC, id DESC) and filtered on status, published_at and
expires_at. SQLite only had post_public_idx (status, published_at DESC):
for every row an OFFSET skips it read the table row to test expires_at, and
it sorted each run of equal dates by id in a temporary B-tree. Page 500 of
10,000 posts spent 26 ms there against 0.03 ms for page 1. With this index,
whose columns are in the ORDER BY's order and which holds expires_at and
kind, the ids and the kind counts come from the index alone: page 500's ids
take 0.6 ms. SQLite has no INCLUDE, so those two are trailing key columns.
"""

from django.db import migrations

from ._postgres import SqliteOnly


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0008_event_length_and_upcoming_bounds"),
    ]

    operations = [
        SqliteOnly(
            "CREATE INDEX IF NOT EXISTS post_timeline_idx ON posts_post"
            " (status, published_at DESC, id DESC, expires_at, kind)",
            reverse_sql="DROP INDEX IF EXISTS post_timeline_idx",
        ),
    ]
