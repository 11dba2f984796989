"""Full-text search and the timeline's covering index.

On PostgreSQL: the `unaccent` extension, a `solidarity` text search
configuration (English stemming with accents removed, so "Guaido" finds
"Guaidó"), a trigger that fills `posts_post.search_vector` on every INSERT
and on UPDATEs that touch the searched columns (so bulk inserts and the
importer need no Python hook), a GIN index on it, and a covering index for
the timeline's ORDER BY. On SQLite only the (unused) column is added: the
search there falls back to LIKE (posts/search.py).
"""

import django.contrib.postgres.search
from django.db import migrations

from ._postgres import PostgresOnly


SEARCH_CONFIGURATION = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'solidarity') THEN
    CREATE TEXT SEARCH CONFIGURATION solidarity (COPY = english);
    ALTER TEXT SEARCH CONFIGURATION solidarity
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
  END IF;
END $$
""",
]

TRIGGER = [
    """
CREATE OR REPLACE FUNCTION posts_post_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('solidarity', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('solidarity',
      coalesce(NEW.summary, '') || ' ' || coalesce(NEW.byline, '')), 'B') ||
    setweight(to_tsvector('solidarity', coalesce(NEW.body, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER posts_post_search_vector_trigger
  BEFORE INSERT OR UPDATE OF title, summary, byline, body, search_vector
  ON posts_post FOR EACH ROW EXECUTE FUNCTION posts_post_search_vector()
""",
    "UPDATE posts_post SET title = title",
]

INDEXES = [
    "CREATE INDEX IF NOT EXISTS post_search_vector_idx"
    " ON posts_post USING gin (search_vector)",
    """CREATE INDEX IF NOT EXISTS post_timeline_idx
  ON posts_post (status, published_at DESC, id DESC) INCLUDE (expires_at, kind)""",
]


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0002_countries_and_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        PostgresOnly(
            SEARCH_CONFIGURATION,
            reverse_sql="DROP TEXT SEARCH CONFIGURATION IF EXISTS solidarity;",
        ),
        PostgresOnly(
            TRIGGER,
            reverse_sql=[
                "DROP TRIGGER IF EXISTS posts_post_search_vector_trigger"
                " ON posts_post",
                "DROP FUNCTION IF EXISTS posts_post_search_vector()",
            ],
        ),
        PostgresOnly(
            INDEXES,
            reverse_sql=[
                "DROP INDEX IF EXISTS post_search_vector_idx",
                "DROP INDEX IF EXISTS post_timeline_idx",
            ],
        ),
    ]
