"""Load the ISO 3166 countries and create the Editors and Organisers groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def load_countries(apps, schema_editor):
    from django_countries import countries

    Country = apps.get_model("posts", "Country")
    Country.objects.bulk_create(
        [Country(code=code, name=name) for code, name in countries],
        ignore_conflicts=True,
    )


def create_roles(apps, schema_editor):
    from solidarity.roles import sync_roles

    # Permissions are normally created after all migrations have run; the
    # groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Editors", "Organisers"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0001_initial"),
        ("appeals", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(load_countries, migrations.RunPython.noop),
        migrations.RunPython(create_roles, remove_roles),
    ]
