"""One notion of target: the free-text "Who to press" (Appeal.target) folds
into the appeal's list of targets, keeping its text. Its first line (up to
200 characters) becomes the target's name; when the text is longer than
that, all of it is kept in the target's new "about" field. A target no
longer needs an address (a government is pressed, not written to)."""

from django.db import migrations, models

NAME_LENGTH = 200


def fold_targets(apps, schema_editor):
    Appeal = apps.get_model("appeals", "Appeal")
    AppealTarget = apps.get_model("appeals", "AppealTarget")
    for appeal in Appeal.objects.exclude(target="").only("pk", "target").iterator():
        text = appeal.target.strip()
        if not text:
            continue
        first_line = text.splitlines()[0].strip()
        name = first_line[:NAME_LENGTH]
        about = "" if name == text else text
        # First, as it was shown first: the editor's targets move down one.
        AppealTarget.objects.filter(appeal_id=appeal.pk).update(
            position=models.F("position") + 1
        )
        AppealTarget.objects.create(
            appeal_id=appeal.pk,
            name=name,
            about=about,
            position=0,
        )


def unfold_targets(apps, schema_editor):
    """Back: targets without an address become the free text again."""
    AppealTarget = apps.get_model("appeals", "AppealTarget")
    Appeal = apps.get_model("appeals", "Appeal")
    folded = AppealTarget.objects.filter(email="", postal_address="")
    for target in folded.iterator():
        Appeal.objects.filter(pk=target.appeal_id).update(
            target=target.about or target.name
        )
    folded.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0003_solidaritymessage_approval_notified_at"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="appealtarget",
            name="appeal_target_has_address",
        ),
        migrations.AddField(
            model_name="appealtarget",
            name="about",
            field=models.TextField(
                blank=True,
                help_text="Optional. Why readers should press them, shown under the name.",
                max_length=2000,
            ),
        ),
        migrations.AlterField(
            model_name="appealtarget",
            name="email",
            field=models.EmailField(
                blank=True,
                help_text="Readers' letters are addressed to it.",
                max_length=254,
            ),
        ),
        migrations.RunPython(fold_targets, unfold_targets),
        migrations.RemoveField(
            model_name="appeal",
            name="target",
        ),
    ]
