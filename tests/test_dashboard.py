"""The editors' dashboard on the admin index: each line counts what waits
and links to the filtered list that shows exactly those rows."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_appeal, make_article, make_event, make_message

pytestmark = pytest.mark.django_db


def dashboard(client):
    html = client.get("/admin/").text
    block = html.split('class="module editors-dashboard"', 1)[1].split("</div>", 1)[0]
    return {
        text: url.replace("&amp;", "&")
        for url, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', block)
    }


def listed(client, url):
    """The rows of the changelist the line links to."""
    response = client.get(url)
    assert (
        response.status_code == 200 and "?e=1" not in response.url
        if hasattr(response, "url")
        else True
    )
    return response.context["cl"].result_count


def test_each_line_counts_and_links_to_its_rows(editor_client):
    now = timezone.now()
    make_message(moderation="pending", received_at=now - timedelta(days=3))
    make_message(moderation="pending")
    make_message()
    make_event(review="awaiting", status="draft")
    make_article(needs_review=True, status="draft")
    make_article(published_at=now + timedelta(days=2))
    make_article(published_at=now + timedelta(days=20))
    make_appeal(state="urgent", deadline=now - timedelta(days=1))
    make_appeal(state="urgent", deadline=now + timedelta(days=1))
    lines = dashboard(editor_client)
    expected = {
        "2 messages of solidarity await moderation (the oldest for 3\xa0days).": 2,
        "1 meeting awaiting review.": 1,
        "Articles: 1 to check (needs review).": 1,
        "Articles: 1 scheduled to appear in the next 7 days.": 1,
        "1 urgent appeal is past its deadline (shown as ongoing): mark it won, "
        "closed or ongoing.": 1,
    }
    assert set(lines) == set(expected)
    for text, count in expected.items():
        assert listed(editor_client, lines[text]) == count, text


def test_organisers_see_no_dashboard(client, organiser):
    make_message(moderation="pending")
    make_event(review="awaiting", status="draft")
    client.force_login(organiser)
    assert "editors-dashboard" not in client.get("/admin/").text


def test_outdated_translations_have_a_line_per_kind(editor_client):
    from tests.factories import publish_translation

    original = make_article(title="Dockers strike")
    publish_translation(original, "es", "Huelga de estibadores")
    meeting = make_event(title="Public meeting")
    publish_translation(meeting, "ar", "اجتماع عام")
    publish_translation(meeting, "es", "Reunión pública")
    assert not any("outdated" in text for text in dashboard(editor_client))
    # The originals' text changes after their translations were made.
    later = timezone.now() + timedelta(minutes=1)
    for post in (original, meeting):
        post.text_changed_at = later
        post.save(update_fields=["text_changed_at"])
    lines = dashboard(editor_client)
    expected = {
        "1 translation is outdated (articles): its original changed since.": 1,
        "2 translations are outdated (meetings): their originals changed since.": 2,
    }
    assert {text for text in lines if "outdated" in text} == set(expected)
    for text, count in expected.items():
        assert listed(editor_client, lines[text]) == count, text
    assert "?translation=outdated" in lines[next(iter(expected))]
