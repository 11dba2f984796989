"""How precisely a post's date is known (issue 17): imported texts give a day,
a month, a year or nothing, and the site shows no more than that.

SQLite adds a NOT NULL column and a check constraint by rebuilding the
table, which drops indexes made in raw SQL: 0009's post_timeline_idx is
made again after the rebuild (and again after the rebuild that undoing this
migration does, since reverse operations run last to first)."""

from django.db import migrations, models

from ._postgres import SqliteOnly

TIMELINE_INDEX = (
    "CREATE INDEX IF NOT EXISTS post_timeline_idx ON posts_post"
    " (status, published_at DESC, id DESC, expires_at, kind)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0009_sqlite_timeline_index"),
    ]

    operations = [
        SqliteOnly(migrations.RunSQL.noop, reverse_sql=TIMELINE_INDEX),
        migrations.AddField(
            model_name="post",
            name="date_precision",
            field=models.CharField(
                choices=[
                    ("day", "Day"),
                    ("month", "Month only"),
                    ("year", "Year only"),
                    ("unknown", "Unknown"),
                ],
                default="day",
                help_text='How much of the date is known. Imported texts often give only a month or a year, or nothing: the site then shows "February 2009", "2019" or no date, and an unknown date sorts after dated posts. For a meeting this is about its start.',
                max_length=7,
            ),
        ),
        migrations.AddConstraint(
            model_name="post",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("date_precision__in", ["day", "month", "year", "unknown"])
                ),
                name="post_date_precision_valid",
            ),
        ),
        SqliteOnly(TIMELINE_INDEX, reverse_sql=migrations.RunSQL.noop),
    ]
