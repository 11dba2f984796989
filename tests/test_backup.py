"""Export all content, wipe the database, import: every row and tag back."""

import shutil
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from appeals.models import CampaignPage, SolidarityMessage
from posts.models import Post
from tests import factories, pictures
from tests.browser.conftest import _reference_data  # noqa: F401 (fixture)
from tests.test_images import stored_files

# The transactional database is flushed between tests: _reference_data puts
# back what the migrations loaded (countries, the editorial groups).
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("_reference_data"),
]

CONTENT_APPS = ("posts", "appeals", "taggit", "solidarity", "auth")


def snapshot():
    """Every row of the content apps, serialised with their primary keys and
    every field, timestamps to the microsecond."""
    rows = {}
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.label == "auth.Permission":
                continue
            # Permissions by natural key: flush and migrate renumber them.
            data = serializers.serialize(
                "python",
                model._default_manager.order_by("pk"),
                use_natural_foreign_keys=True,
            )
            rows[model._meta.label] = data
    return rows


def make_content():
    editor = factories.make_user(group="Editors")
    factories.make_article(
        tags=["strike", "Dockers"], countries=["IE", "ES"], created_by=editor
    )
    factories.make_article(
        status=Post.Status.DRAFT, published_at=timezone.now() + timedelta(days=2)
    )
    appeal = factories.make_appeal(tags=["prisoners"], countries=["TR"])
    factories.make_event(tags=["meeting"], organiser=editor)
    factories.make_message(appeal=appeal).tags.add("strike")
    factories.make_message(moderation=SolidarityMessage.Moderation.PENDING)
    CampaignPage.objects.create(key="join", title="Join us", body="<p>Join</p>")


def test_round_trip_restores_every_row_and_tag(tmp_path):
    make_content()
    before = snapshot()
    assert len(before["taggit.Tag"]) == 4
    assert len(before["posts.TaggedPost"]) == 5
    path = tmp_path / "content.json"
    call_command("export_content", output=str(path), verbosity=0)

    call_command("flush", interactive=False, verbosity=0)
    assert not Post.objects.exists()

    call_command("import_content", str(path), verbosity=0)
    after = snapshot()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label


def test_import_refuses_a_database_with_content(tmp_path):
    make_content()
    path = tmp_path / "content.json"
    call_command("export_content", output=str(path), verbosity=0)
    with pytest.raises(CommandError, match="already has posts"):
        call_command("import_content", str(path), verbosity=0)
    call_command("import_content", str(path), replace=True, verbosity=0)
    assert Post.objects.count() == 6


def test_round_trip_carries_the_pictures(settings, tmp_path):
    """--media: the pictures go into an archive beside the JSON and come
    back under the same names, with their renditions remade."""
    article = factories.make_article(
        image=pictures.upload(pictures.phone_photo(size=(1000, 800))),
        image_alt="A picket",
    )
    original = default_storage.open(article.image.name).read()
    before_files = stored_files()
    before = snapshot()
    content, media = tmp_path / "content.json", tmp_path / "media.zip"
    call_command("export_content", output=str(content), media=str(media), verbosity=0)

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    call_command("import_content", str(content), media=str(media), verbosity=0)
    assert snapshot() == before
    assert stored_files() == before_files
    restored = Post.objects.get(pk=article.pk)
    assert default_storage.open(restored.image.name).read() == original
    # Restoring over the same site keeps the files the restored rows use.
    call_command(
        "import_content", str(content), media=str(media), replace=True, verbosity=0
    )
    assert stored_files() == before_files


def test_import_refuses_an_archive_holding_something_else(tmp_path):
    article = factories.make_article(
        image=pictures.upload(pictures.plain()), image_alt="A picket"
    )
    content, media = tmp_path / "content.json", tmp_path / "media.zip"
    call_command("export_content", output=str(content), verbosity=0)
    with zipfile.ZipFile(media, "w") as archive:
        archive.writestr(article.image.name, pictures.HTML)
        archive.writestr("pictures/elsewhere.html", pictures.HTML)
    with pytest.raises(CommandError, match="not a picture that can be used"):
        call_command(
            "import_content", str(content), media=str(media), replace=True, verbosity=0
        )
    assert not default_storage.exists("pictures/elsewhere.html")
    assert Post.objects.get().pk == article.pk  # the import was undone
    with pytest.raises(CommandError, match="not a zip archive"):
        call_command("import_content", str(content), media=str(content), replace=True)
