"""A meeting lasts at most 31 days (posts.models.MAX_MEETING_LENGTH).

The bound lets "upcoming" start from the starts_at index at about now. A
meeting recorded as longer (none should be: the forms never allowed a month
or more, but an import might have) is cut to 31 days before the constraint
is added, rather than failing the deployment.
"""

import datetime

import django.db.models.expressions
from django.db import migrations, models

LENGTH = datetime.timedelta(days=31)


def shorten_overlong_meetings(apps, schema_editor):
    Event = apps.get_model("posts", "Event")
    for event in Event.objects.filter(ends_at__gt=models.F("starts_at") + LENGTH):
        Event.objects.filter(pk=event.pk).update(ends_at=event.starts_at + LENGTH)


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0007_post_facet_keys"),
    ]

    operations = [
        migrations.RunPython(shorten_overlong_meetings, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("ends_at__isnull", True),
                    (
                        "ends_at__lte",
                        django.db.models.expressions.CombinedExpression(
                            models.F("starts_at"),
                            "+",
                            models.Value(LENGTH),
                        ),
                    ),
                    _connector="OR",
                ),
                name="event_lasts_at_most_31_days",
            ),
        ),
    ]
