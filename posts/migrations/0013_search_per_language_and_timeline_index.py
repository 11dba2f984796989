"""Search in each post's language, and the timeline index for the lists'
one-post-per-translation-group rule (issue 12).

PostgreSQL: a text search configuration per language with a Snowball
stemmer on the server (`solidarity_spanish`, `solidarity_french`, …, each
with `unaccent` like the English `solidarity`), `solidarity_simple` for the
others, and a function naming a post language's configuration. The search
trigger uses it and also fires when the language changes.

The covering timeline index also carries the columns of
`PostQuerySet.for_reader()` (language, translation_of_id, has_translations),
so a list page's ids still come from the index alone.
"""

from django.db import migrations

from ._postgres import PostgresOnly, SqliteOnly

# ISO 639-1 code -> PostgreSQL's Snowball configuration of that language.
STEMMERS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}

CONFIGURATIONS = """
DO $$
DECLARE
  stem text;
BEGIN
  FOREACH stem IN ARRAY ARRAY[%s] LOOP
    IF EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = stem)
       AND NOT EXISTS (
         SELECT 1 FROM pg_ts_config WHERE cfgname = 'solidarity_' || stem
       ) THEN
      EXECUTE format(
        'CREATE TEXT SEARCH CONFIGURATION solidarity_%%s (COPY = %%s)', stem, stem
      );
      EXECUTE format(
        'ALTER TEXT SEARCH CONFIGURATION solidarity_%%s '
        'ALTER MAPPING FOR hword, hword_part, word WITH unaccent, %%s_stem',
        stem, stem
      );
    END IF;
  END LOOP;
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'solidarity_simple') THEN
    CREATE TEXT SEARCH CONFIGURATION solidarity_simple (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION solidarity_simple
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
  END IF;
END $$
""" % ", ".join(f"'{stem}'" for stem in sorted(set(STEMMERS.values())))

CONFIG_FUNCTION = """
CREATE OR REPLACE FUNCTION solidarity_search_config(lang text) RETURNS regconfig
AS $$
  SELECT CASE
    WHEN lang = 'en' THEN 'solidarity'::regconfig
    ELSE coalesce(
      (SELECT oid::regconfig FROM pg_ts_config
        WHERE cfgname = 'solidarity_' || CASE lang %s ELSE '' END),
      'solidarity_simple'::regconfig
    )
  END
$$ LANGUAGE sql STABLE
""" % " ".join(f"WHEN '{code}' THEN '{stem}'" for code, stem in sorted(STEMMERS.items()))

TRIGGER = [
    """
CREATE OR REPLACE FUNCTION posts_post_search_vector() RETURNS trigger AS $$
DECLARE
  config regconfig := solidarity_search_config(NEW.language);
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector(config,
      coalesce(NEW.summary, '') || ' ' || coalesce(NEW.byline, '')), 'B') ||
    setweight(to_tsvector(config, coalesce(NEW.body, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql
""",
    "DROP TRIGGER IF EXISTS posts_post_search_vector_trigger ON posts_post",
    """
CREATE TRIGGER posts_post_search_vector_trigger
  BEFORE INSERT OR UPDATE OF title, summary, byline, body, language, search_vector
  ON posts_post FOR EACH ROW EXECUTE FUNCTION posts_post_search_vector()
""",
    # Messages that appeals/0006 gave another language.
    "UPDATE posts_post SET title = title WHERE language <> 'en'",
]

PG_INDEX = [
    "DROP INDEX IF EXISTS post_timeline_idx",
    """CREATE INDEX post_timeline_idx ON posts_post
  (status, published_at DESC, id DESC)
  INCLUDE (expires_at, kind, language, translation_of_id, has_translations)""",
]
PG_INDEX_BACK = [
    "DROP INDEX IF EXISTS post_timeline_idx",
    """CREATE INDEX post_timeline_idx ON posts_post
  (status, published_at DESC, id DESC) INCLUDE (expires_at, kind)""",
]


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0012_post_language_and_translations"),
        ("appeals", "0006_message_language_to_post"),
    ]

    operations = [
        PostgresOnly([CONFIGURATIONS, CONFIG_FUNCTION], migrations.RunSQL.noop),
        PostgresOnly(TRIGGER, migrations.RunSQL.noop),
        PostgresOnly(PG_INDEX, PG_INDEX_BACK),
        SqliteOnly(
            [
                "DROP INDEX IF EXISTS post_timeline_idx",
                "CREATE INDEX post_timeline_idx ON posts_post"
                " (status, published_at DESC, id DESC, expires_at, kind,"
                " language, translation_of_id, has_translations)",
            ],
            [
                "DROP INDEX IF EXISTS post_timeline_idx",
                "CREATE INDEX post_timeline_idx ON posts_post"
                " (status, published_at DESC, id DESC, expires_at, kind)",
            ],
        ),
    ]
