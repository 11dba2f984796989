"""Posts get a language and translation groups (issue 12).

`translation_key` is added empty, filled with a distinct UUID per row in
SQL (a default would give every existing row the same one), then made
required. Runs after appeals/0005, which moves the messages' own free-text
`language` column out of the way.
"""

import django.db.models.deletion
import solidarity.languages
import uuid
from django.conf import settings
from django.db import migrations, models

from ._postgres import PostgresOnly, SqliteOnly


class Migration(migrations.Migration):

    dependencies = [
        ('posts', '0011_event_review'),
        ('appeals', '0005_message_language_legacy'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='post',
            name='has_translations',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name='post',
            name='language',
            field=models.CharField(choices=solidarity.languages.content_language_choices, default='en', help_text='The language the post is written in.', max_length=10, verbose_name='language'),
        ),
        migrations.AddField(
            model_name='post',
            name='text_changed_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='post',
            name='translated_from_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='post',
            name='translation_key',
            field=models.UUIDField(null=True, editable=False),
        ),
        PostgresOnly(
            "UPDATE posts_post SET translation_key = gen_random_uuid()",
            migrations.RunSQL.noop,
        ),
        SqliteOnly(
            # Django keeps a UUID as 32 hex digits on SQLite.
            "UPDATE posts_post SET translation_key = lower(hex(randomblob(16)))",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name='post',
            name='translation_key',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AddField(
            model_name='post',
            name='translation_of',
            field=models.ForeignKey(blank=True, help_text='The original this post is a translation of.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='translations', to='posts.post', verbose_name='translation of'),
        ),
        migrations.AddConstraint(
            model_name='post',
            constraint=models.UniqueConstraint(fields=('translation_key', 'language'), name='unique_translation_language'),
        ),
    ]
