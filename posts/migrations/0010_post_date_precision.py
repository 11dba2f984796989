"""How precisely a post's date is known (issue 17): imported texts give a day,
a month, a year or nothing, and the site shows no more than that."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0009_sqlite_timeline_index"),
    ]

    operations = [
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
    ]
