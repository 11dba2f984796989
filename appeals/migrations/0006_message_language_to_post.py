"""Step 2: each message's free-text language ("Spanish", "es", "español")
becomes its Post.language code where it names a known language; the rest
keep the default. Then the free-text column goes."""

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.db import migrations


def language_codes():
    codes = {}
    for code, info in LANG_INFO.items():
        if "name" not in info:
            continue  # a fallback entry such as "zh-cn"
        for name in (code, info["name"], info.get("name_local", "")):
            if name:
                codes[name.strip().lower()] = code
    return codes


def copy_languages(apps, schema_editor):
    Message = apps.get_model("appeals", "SolidarityMessage")
    Post = apps.get_model("posts", "Post")
    codes = language_codes()
    for pk, text in (
        Message.objects.exclude(legacy_language="")
        .values_list("pk", "legacy_language")
        .iterator()
    ):
        code = codes.get(text.strip().lower())
        if code and code != settings.LANGUAGE_CODE:
            Post.objects.filter(pk=pk).update(language=code)


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0005_message_language_legacy"),
        ("posts", "0012_post_language_and_translations"),
    ]

    operations = [
        migrations.RunPython(copy_languages, migrations.RunPython.noop),
        migrations.RemoveField(model_name="solidaritymessage", name="legacy_language"),
    ]
