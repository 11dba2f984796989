from datetime import timedelta

import pytest
from django.utils import timezone

from appeals.models import Appeal, SolidarityMessage
from posts.models import Post
from tests.factories import make_appeal, make_message, make_user, publish_translation

pytestmark = pytest.mark.django_db


def test_only_approved_messages_are_public():
    approved = make_message()
    for state in ("pending", "rejected", "spam"):
        make_message(moderation=state)
    assert list(SolidarityMessage.objects.approved()) == [approved]
    assert list(Post.objects.published().filter(kind="message")) == [approved.post_ptr]


def test_moderate_keeps_post_status_in_step():
    message = make_message(moderation="pending")
    editor = make_user()
    SolidarityMessage.objects.filter(pk=message.pk).moderate("approved", editor)
    message.refresh_from_db()
    assert message.status == Post.Status.PUBLISHED
    assert message.moderated_by == editor
    SolidarityMessage.objects.filter(pk=message.pk).moderate("spam", editor)
    message.refresh_from_db()
    assert message.status == Post.Status.DRAFT


def test_anonymous_sender_is_shown_by_country_only():
    message = make_message(show_name=False, author_name="Secret Person", country="IR")
    assert message.display_name == "A supporter in Iran"
    assert "Secret" not in message.title
    assert "Secret" not in message.byline


def test_urgent_stops_after_deadline():
    past = make_appeal(deadline=timezone.now() - timedelta(days=1))
    current = make_appeal()
    assert list(Appeal.objects.urgent()) == [current]
    assert not past.is_urgent()


def test_newest_urgent_are_the_newest_open_urgent_appeals_in_the_readers_language():
    now = timezone.now()
    older = make_appeal(title="Older", published_at=now - timedelta(days=3))
    newer = make_appeal(title="Newer", published_at=now - timedelta(days=1))
    newest = make_appeal(
        title="Newest",
        published_at=now - timedelta(hours=2),
        deadline=now + timedelta(days=2),
    )
    make_appeal(title="Ongoing", state=Appeal.State.ONGOING)
    make_appeal(title="Lapsed", deadline=now - timedelta(hours=1))
    make_appeal(title="Draft", status=Post.Status.DRAFT)
    make_appeal(title="Scheduled", published_at=now + timedelta(days=1))
    spanish = publish_translation(newer, "es", "Más nuevo")

    def titles(language, count):
        return [a.title for a in Appeal.objects.newest_urgent(language, count)]

    assert titles("en", 2) == [newest.title, newer.title]
    assert titles("en", 10) == [newest.title, newer.title, older.title]
    # One version of each: the reader's where there is one.
    assert titles("es", 10) == [newest.title, spanish.title, older.title]
