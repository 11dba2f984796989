"""Indexes for combined tag and country filters.

A timeline filtered by a tag and a country is the intersection of two link
tables. With (tag, post) and (country, post) indexes PostgreSQL merge-joins
two index-only scans (tens of thousands of entries, a few milliseconds)
instead of walking the timeline and probing both tables per post (hundreds
of milliseconds at a million posts). The countries link table is Django's
automatic M2M table, which takes no Meta.indexes, hence plain SQL (valid on
SQLite and PostgreSQL alike).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0005_merge_search_and_meetings"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",
        ),
    ]

    operations = [
        migrations.AddIndex(
            model_name="taggedpost",
            index=models.Index(
                fields=["tag", "content_object"], name="taggedpost_tag_post_idx"
            ),
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS post_countries_country_post_idx "
            "ON posts_post_countries (country_id, post_id)",
            reverse_sql="DROP INDEX IF EXISTS post_countries_country_post_idx",
        ),
    ]
