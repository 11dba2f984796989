"""Export all content, wipe the database, import: every row and tag back."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command
from django.utils import timezone

from appeals.models import CampaignPage, SolidarityMessage
from posts.models import Post
from tests import factories
from tests.browser.conftest import _reference_data  # noqa: F401 (fixture)

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
