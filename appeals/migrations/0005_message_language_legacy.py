"""Step 1 of moving a message's language to Post.language (issue 12): the
free-text column steps aside, since a child's field may not share a name
with its parent's. posts/0012 then adds Post.language and 0006 here copies
the old values across as language codes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0004_one_notion_of_target"),
    ]

    operations = [
        migrations.RenameField(
            model_name="solidaritymessage",
            old_name="language",
            new_name="legacy_language",
        ),
    ]
