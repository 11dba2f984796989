from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from posts.models import Article, Event, Post
from tests.factories import make_article, make_event

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_scheduled_and_expired():
    now = timezone.now()
    public = make_article()
    make_article(status=Post.Status.DRAFT)
    make_article(published_at=now + timedelta(days=1))
    make_article(
        published_at=now - timedelta(days=2), expires_at=now - timedelta(days=1)
    )
    assert list(Article.objects.published()) == [public]


def test_is_published_agrees_with_queryset():
    now = timezone.now()
    scheduled = make_article(published_at=now + timedelta(days=1))
    assert not scheduled.is_published()
    assert make_article().is_published()


def test_scheduled_post_becomes_public_without_a_job():
    soon = timezone.now() + timedelta(seconds=1)
    article = make_article(published_at=soon)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - timedelta(seconds=1)
    )
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_slugs_are_unique_across_kinds():
    make_article(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(slug="same")


def test_blank_slug_is_made_from_title_and_unique():
    first = make_article(slug="", title="Hands off Venezuela!")
    second = make_article(slug="", title="Hands off Venezuela!")
    assert first.slug == "hands-off-venezuela"
    assert second.slug == "hands-off-venezuela-2"


def test_body_is_sanitised_on_save():
    article = make_article(body='<p onclick="x()">Hi<script>alert(1)</script></p>')
    article.refresh_from_db()
    assert article.body == "<p>Hi</p>"


def test_event_cannot_end_before_it_starts():
    start = timezone.now() + timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(starts_at=start, ends_at=start - timedelta(hours=1))


def test_event_venue_country_is_one_of_its_countries():
    event = make_event(country="IE")
    assert list(event.countries.values_list("code", flat=True)) == ["IE"]


def test_upcoming_and_past_meetings():
    now = timezone.now()
    soon = make_event(starts_at=now + timedelta(hours=2))
    running = make_event(
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    over = make_event(starts_at=now - timedelta(days=2))
    # A week of action that began thirty days ago and ends tomorrow.
    long_running = make_event(
        starts_at=now - timedelta(days=30), ends_at=now + timedelta(days=1)
    )
    assert set(Event.objects.upcoming()) == {soon, running, long_running}
    assert list(Event.objects.past()) == [over]


def test_a_meeting_lasts_at_most_31_days():
    """The bound that lets upcoming() start from the index at about now."""
    start = timezone.now() + timedelta(days=1)
    longest = make_event(starts_at=start, ends_at=start + timedelta(days=31))
    longest.full_clean()
    too_long = Event(
        title="A month and more",
        slug="a-month-and-more",
        starts_at=start,
        ends_at=start + timedelta(days=31, minutes=1),
    )
    with pytest.raises(ValidationError, match="at most 31 days"):
        too_long.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        too_long.save()


def test_specific_returns_the_kind():
    article = make_article()
    assert Post.objects.get(pk=article.pk).specific == article
