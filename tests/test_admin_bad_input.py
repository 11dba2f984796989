"""Bad input through the admin is a form error on the right field, never a
500 and never a half-saved row."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appeals.models import Appeal, SolidarityMessage
from posts.models import Article, Event, Post
from tests.admin_forms import (
    appeal_data,
    article_data,
    event_data,
    message_data,
    split,
)
from tests.factories import make_article, make_event

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0) + timedelta(days=10)


def dated(name, value):
    return {f"{name}_{part}": text for part, text in split(value).items()}


CASES = {
    "duplicate slug, same kind": (
        "posts_article",
        lambda: article_data(slug="taken-article"),
        "slug",
    ),
    "duplicate slug, another kind": (
        "posts_article",
        lambda: article_data(slug="taken-event"),
        "slug",
    ),
    "slug with spaces and slashes": (
        "posts_article",
        lambda: article_data(slug="not a/slug"),
        "slug",
    ),
    "10,000-character title": (
        "posts_article",
        lambda: article_data(title="x" * 10_000),
        "title",
    ),
    "10,000-character summary": (
        "appeals_appeal",
        lambda: appeal_data(slug="long-summary", summary="x" * 10_000),
        "summary",
    ),
    "expiry before publication": (
        "posts_article",
        lambda: article_data(
            **dated("published_at", START), **dated("expires_at", START - timedelta(1))
        ),
        "expires_at",
    ),
    "impossible date": (
        "posts_article",
        lambda: article_data(published_at_0="2026-02-31"),
        "published_at",
    ),
    "unknown status": (
        "posts_article",
        lambda: article_data(status="live"),
        "status",
    ),
    "unknown country": (
        "posts_article",
        lambda: article_data(countries=["XX"]),
        "countries",
    ),
    "over-long tag": (
        "posts_article",
        lambda: article_data(tags="t" * 200),
        "tags",
    ),
    "end before the start": (
        "posts_event",
        lambda: event_data(starts_at=START, ends_at=START - timedelta(hours=2)),
        "ends_at",
    ),
    "unknown time zone": (
        "posts_event",
        lambda: event_data(timezone="Mars/Olympus_Mons"),
        "timezone",
    ),
    "javascript: online link": (
        "posts_event",
        lambda: event_data(online_url="javascript:alert(document.cookie)"),
        "online_url",
    ),
    "ftp online link": (
        "posts_event",
        lambda: event_data(online_url="ftp://example.org/meeting"),
        "online_url",
    ),
    "unknown campaign state": (
        "appeals_appeal",
        lambda: appeal_data(slug="bad-state", state="victorious"),
        "state",
    ),
    "unknown moderation state": (
        "appeals_solidaritymessage",
        lambda: message_data(moderation="maybe"),
        "moderation",
    ),
    "10,000-character message": (
        "appeals_solidaritymessage",
        lambda: message_data(text="x" * 10_000),
        "text",
    ),
    "bad email": (
        "appeals_solidaritymessage",
        lambda: message_data(email="not an address"),
        "email",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_a_form_error(editor_client, case):
    make_article(slug="taken-article")
    make_event(slug="taken-event")
    before = Post.objects.count()
    prefix, data, field = CASES[case]
    response = editor_client.post(reverse(f"admin:{prefix}_add"), data())
    assert response.status_code == 200, case
    form = response.context["adminform"].form
    assert field in form.errors, (case, form.errors)
    assert "errornote" in response.text
    assert Post.objects.count() == before


def test_duplicate_slug_message_is_understandable(editor_client):
    make_event(slug="hands-off")
    response = editor_client.post(
        reverse("admin:posts_article_add"), article_data(slug="hands-off")
    )
    assert "Post with this Web address already exists." in response.text


def test_changing_an_item_to_another_items_slug_is_a_form_error(editor_client):
    make_article(slug="first")
    second = make_article(slug="second")
    response = editor_client.post(
        reverse("admin:posts_article_change", args=[second.pk]),
        article_data(slug="first"),
    )
    assert response.status_code == 200
    second.refresh_from_db()
    assert second.slug == "second"


def test_the_same_input_without_the_fault_saves(editor_client):
    """The cases above fail for their fault, not for a broken base form."""
    for prefix, data in (
        ("posts_article", article_data()),
        ("posts_event", event_data(slug="meeting", online_url="https://x.example")),
        ("appeals_appeal", appeal_data(slug="appeal")),
        ("appeals_solidaritymessage", message_data()),
    ):
        response = editor_client.post(reverse(f"admin:{prefix}_add"), data)
        assert response.status_code == 302, (
            prefix,
            response.context and [response.context["adminform"].form.errors],
        )
    assert Article.objects.count() == Event.objects.count() == 1
    assert Appeal.objects.count() == SolidarityMessage.objects.count() == 1
