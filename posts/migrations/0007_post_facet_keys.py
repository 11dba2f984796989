"""A tag-and-country key array on every post, for combined filters.

A timeline filtered by a tag *and* a country intersects two link tables:
even as two merged index-only scans that reads every link of both (tens of
thousands at a million posts) and then probes each common post, 15-20 ms.
On PostgreSQL each post also carries `facet_keys`, a text array of its tag
ids ("t12") and country codes ("cVE") under a GIN index: `facet_keys @>
'{t12,cVE}'` intersects the two posting lists inside the index (about 3 ms).

Triggers on the two link tables keep the array current, whatever writes the
links (Django's M2M managers, bulk_create in generate_content, deletions
cascading from a tag or a post), one UPDATE per statement through
transition tables. The column is not on the Django model: Django never
writes it, so an ordinary save cannot overwrite it with a stale value.
Single-facet filters keep using the link tables (posts/facets.py), which
are as fast for one facet. On SQLite nothing is added.
"""

from django.db import migrations

from ._postgres import PostgresOnly

KEYS = """
CREATE OR REPLACE FUNCTION posts_post_facet_keys(post bigint) RETURNS text[] AS $$
  SELECT coalesce(array_agg(k ORDER BY k), '{}') FROM (
    SELECT 't' || tag_id FROM posts_taggedpost WHERE content_object_id = post
    UNION ALL
    SELECT 'c' || country_id FROM posts_post_countries WHERE post_id = post
  ) AS keys(k)
$$ LANGUAGE sql STABLE
"""

# (link table, its post column)
LINKS = [("posts_taggedpost", "content_object_id"), ("posts_post_countries", "post_id")]


def refresh_function(table, column):
    return f"""
CREATE OR REPLACE FUNCTION {table}_refresh_facet_keys() RETURNS trigger AS $$
BEGIN
  UPDATE posts_post SET facet_keys = posts_post_facet_keys(id)
  WHERE id IN (SELECT {column} FROM changed);
  RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def row_function(table, column):
    # Links are never updated in place by the site; if one is, both the old
    # and the new post are refreshed.
    return f"""
CREATE OR REPLACE FUNCTION {table}_refresh_facet_keys_row() RETURNS trigger AS $$
BEGIN
  UPDATE posts_post SET facet_keys = posts_post_facet_keys(id)
  WHERE id IN (OLD.{column}, NEW.{column});
  RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def triggers(table):
    function = f"{table}_refresh_facet_keys"
    return [
        f"CREATE TRIGGER {table}_facet_keys_insert AFTER INSERT ON {table} "
        f"REFERENCING NEW TABLE AS changed FOR EACH STATEMENT "
        f"EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {table}_facet_keys_delete AFTER DELETE ON {table} "
        f"REFERENCING OLD TABLE AS changed FOR EACH STATEMENT "
        f"EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {table}_facet_keys_update AFTER UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}_row()",
    ]


FORWARDS = [
    "ALTER TABLE posts_post ADD COLUMN facet_keys text[] NOT NULL DEFAULT '{}'",
    KEYS,
    *[refresh_function(table, column) for table, column in LINKS],
    *[row_function(table, column) for table, column in LINKS],
    *[sql for table, _column in LINKS for sql in triggers(table)],
    "UPDATE posts_post SET facet_keys = posts_post_facet_keys(id)",
    "CREATE INDEX post_facet_keys_idx ON posts_post USING gin (facet_keys)",
]

BACKWARDS = [
    *[
        f"DROP TRIGGER IF EXISTS {table}_facet_keys_{event} ON {table}"
        for table, _column in LINKS
        for event in ("insert", "delete", "update")
    ],
    *[
        f"DROP FUNCTION IF EXISTS {table}_refresh_facet_keys{suffix}()"
        for table, _column in LINKS
        for suffix in ("", "_row")
    ],
    "DROP FUNCTION IF EXISTS posts_post_facet_keys(bigint)",
    "ALTER TABLE posts_post DROP COLUMN IF EXISTS facet_keys",
]


class Migration(migrations.Migration):
    dependencies = [("posts", "0006_facet_intersection_indexes")]

    operations = [PostgresOnly(FORWARDS, reverse_sql=BACKWARDS)]
