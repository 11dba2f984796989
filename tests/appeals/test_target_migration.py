"""appeals 0004 folds the free-text "Who to press" into the targets list,
keeping its text, and unfolds it on the way back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("appeals", "0003_solidaritymessage_approval_notified_at")]
AFTER = [("appeals", "0004_one_notion_of_target")]


def migrate(targets):
    """Move appeals to `targets`; the models are those of that state with
    every other app at its latest (as the database is), so a later
    migration of posts (a new NOT NULL column) does not break this test."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    others = [
        node for node in executor.loader.graph.leaf_nodes() if node[0] != "appeals"
    ]
    executor.migrate(targets)
    return executor.loader.project_state(targets + others).apps


@pytest.fixture
def back_to_latest():
    """Whatever happens, the database ends at the latest migrations (the
    tests after this one need them)."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_free_text_targets_fold_into_the_list(back_to_latest):
    apps = migrate(BEFORE)
    Appeal = apps.get_model("appeals", "Appeal")
    AppealTarget = apps.get_model("appeals", "AppealTarget")
    long_text = "The Ministry of Labour\n" + "It broke the strike. " * 20
    now = timezone.now()
    common = {"status": "published", "published_at": now, "kind": "appeal"}
    short = Appeal.objects.create(
        title="Short", slug="short", target="The Minister of the Interior", **common
    )
    Appeal.objects.create(title="Long", slug="long", target=long_text, **common)
    Appeal.objects.create(title="None", slug="none", target="", **common)
    AppealTarget.objects.create(
        appeal_id=short.pk, name="Embassy", email="embassy@example.org", position=0
    )

    apps = migrate(AFTER)
    AppealTarget = apps.get_model("appeals", "AppealTarget")
    rows = list(
        AppealTarget.objects.order_by("appeal_id", "position", "id").values_list(
            "appeal__slug", "name", "about", "position"
        )
    )
    assert rows == [
        ("short", "The Minister of the Interior", "", 0),
        ("short", "Embassy", "", 1),
        ("long", "The Ministry of Labour", long_text.strip(), 0),
    ]

    apps = migrate(BEFORE)
    Appeal = apps.get_model("appeals", "Appeal")
    assert Appeal.objects.get(slug="short").target == "The Minister of the Interior"
    assert Appeal.objects.get(slug="long").target == long_text.strip()
    assert Appeal.objects.get(slug="none").target == ""
