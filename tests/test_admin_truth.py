"""Every bulk action's message tells the truth: the number it gives is the
number of rows the action changed, never the number selected (a mix of rows
already in the target state and rows that change is selected each time)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from appeals.models import Appeal, SolidarityMessage, Supporter
from posts.models import Article, Event, Post, TaggedPost
from tests.factories import (
    make_appeal,
    make_article,
    make_event,
    make_message,
    make_supporter,
)

pytestmark = pytest.mark.django_db


def run(client, model, action, objects, **extra):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.post(
        url,
        {"action": action, "_selected_action": [o.pk for o in objects], **extra},
        follow=True,
    )
    assert response.status_code == 200
    texts = [str(m) for m in response.context["messages"]]
    assert texts, "the action said something"
    return texts[0]


def first_number(text):
    return int(re.search(r"\d+", text).group())


def snapshot(model, fields):
    return {pk: row for pk, *row in model._base_manager.values_list("pk", *fields)}


def changed_rows(before, after):
    return sum(1 for pk, row in after.items() if before.get(pk) != row)


KINDS = [make_article, make_appeal, make_event]
STATUS = ("status", "published_at")


@pytest.mark.parametrize("make", KINDS)
def test_publish(editor_client, make):
    items = [make(status="draft"), make(status="draft"), make()]
    before = snapshot(Post, STATUS)
    message = run(editor_client, type(items[0]), "publish", items)
    assert first_number(message) == changed_rows(before, snapshot(Post, STATUS)) == 2
    assert "1 was already published" in message


@pytest.mark.parametrize("make", KINDS)
def test_publish_now_through_a_filtered_drafts_list(editor_client, make):
    """The bug: on the drafts list "Publish now" said "0 item(s) published"
    while both were published (the second update went through a queryset
    filtered on status=draft)."""
    items = [make(status="draft"), make(status="draft")]
    model = type(items[0])
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    before = snapshot(Post, STATUS)
    response = editor_client.post(
        url + "?status__exact=draft",
        {"action": "publish_now", "_selected_action": [o.pk for o in items]},
        follow=True,
    )
    message = str(list(response.context["messages"])[0])
    assert first_number(message) == changed_rows(before, snapshot(Post, STATUS)) == 2
    assert model.objects.published().count() == 2


@pytest.mark.parametrize("make", KINDS)
def test_unpublish(editor_client, make):
    items = [make(), make(status="draft")]
    before = snapshot(Post, STATUS)
    message = run(editor_client, type(items[0]), "unpublish", items)
    assert first_number(message) == changed_rows(before, snapshot(Post, STATUS)) == 1


@pytest.mark.parametrize("make", KINDS)
def test_revoke_preview_links(editor_client, make):
    """On meetings this was a 500 (only("pk") with select_related) that
    rotated nothing."""
    items = [make(), make()]
    before = snapshot(Post, ("preview_key",))
    message = run(editor_client, type(items[0]), "revoke_preview_links", items)
    after = snapshot(Post, ("preview_key",))
    assert first_number(message) == changed_rows(before, after) == 2


@pytest.mark.parametrize("action", ["mark_urgent", "mark_won", "mark_closed"])
def test_appeal_states(editor_client, action):
    items = [make_appeal(state="urgent"), make_appeal(state="won")]
    before = snapshot(Appeal, ("state",))
    message = run(editor_client, Appeal, action, items)
    after = snapshot(Appeal, ("state",))
    assert first_number(message) == changed_rows(before, after)
    assert first_number(message) == (2 if action == "mark_closed" else 1)


@pytest.mark.parametrize(
    ("action", "extra"),
    [
        ("approve", {}),
        ("reject", {}),
        ("mark_spam", {}),
        ("reject_with_reason", {"apply": "yes", "rejection_reason": "Off topic"}),
    ],
)
def test_moderation(editor_client, action, extra):
    items = [
        make_message(moderation="pending"),
        make_message(moderation="approved"),
        make_message(moderation="rejected"),
        make_message(moderation="spam"),
    ]
    fields = ("moderation",)
    before = snapshot(SolidarityMessage, fields)
    message = run(editor_client, SolidarityMessage, action, items, **extra)
    after = snapshot(SolidarityMessage, fields)
    assert first_number(message) == changed_rows(before, after) == 3


@pytest.mark.parametrize(
    ("model", "make", "fields"),
    [
        (SolidarityMessage, make_message, ("author_name", "email", "erased_at")),
        (Supporter, make_supporter, ("name", "email", "erased_at")),
    ],
)
def test_erase(editor_client, model, make, fields):
    done = make()
    done.erase(None) if model is SolidarityMessage else done.erase()
    items = [make(), make(), done]
    before = snapshot(model, fields)
    message = run(editor_client, model, "erase", items, apply="yes")
    assert first_number(message) == changed_rows(before, snapshot(model, fields)) == 2
    assert "1 was erased before" in message


def test_duplicate_and_series(editor_client):
    event = make_event()
    count = Event.objects.count()
    message = run(editor_client, Event, "duplicate_next_month", [event])
    assert first_number(message) == Event.objects.count() - count == 1
    count = Event.objects.count()
    message = run(
        editor_client,
        Event,
        "create_series",
        [event],
        apply="yes",
        frequency="weekly",
        ordinal="1",
        weekday=str(timezone.localdate(event.starts_at).weekday()),
        count="3",
    )
    assert first_number(message) == Event.objects.count() - count == 3


def test_tag_merge_merges_for_real(editor_client):
    """taggit's own action said "Tags have been merged" and changed nothing
    (posts are tagged through TaggedPost)."""
    a = make_article(tags=["strike"])
    b = make_article(tags=["strikes"])
    both = make_article(tags=["strike", "strikes", "walkout"])
    keep = Tag.objects.get(name="strike")
    merged = Tag.objects.filter(name__in=["strikes", "walkout"])
    message = run(
        editor_client,
        Tag,
        "merge",
        [keep, *merged],
        apply="yes",
        keep=str(keep.pk),
    )
    assert first_number(message) == 2
    assert "1 post newly tagged" in message
    assert set(Tag.objects.values_list("name", flat=True)) == {"strike"}
    for post in (a, b, both):
        assert list(post.tags.names()) == ["strike"]
    assert TaggedPost.objects.count() == 3


def test_tag_merge_needs_two(editor_client):
    tag = Tag.objects.create(name="lonely")
    message = run(editor_client, Tag, "merge", [tag])
    assert "at least two" in message
    assert Tag.objects.filter(pk=tag.pk).exists()


def test_actions_keep_scheduled_honest(editor_client):
    later = make_article(status="draft", published_at=timezone.now() + timedelta(1))
    message = run(editor_client, Article, "publish", [later])
    assert message.startswith("1 item published.")
    assert "scheduled" in message
