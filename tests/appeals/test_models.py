from datetime import timedelta

import pytest
from django.utils import timezone

from appeals.models import Appeal, SolidarityMessage
from posts.models import Post
from tests.factories import make_appeal, make_message, make_user

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
