"""Moderation in the admin: pending first, bulk actions, reasons, erasure."""

import pytest
from django.contrib.admin import helpers

from appeals.models import ERASED_TEXT, SolidarityMessage
from posts.models import Post
from tests.appeals.conftest import XSS_PAYLOADS
from tests.factories import make_appeal, make_message

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/appeals/solidaritymessage/"


def act(client, action, messages, **extra):
    return client.post(
        CHANGELIST,
        {
            "action": action,
            helpers.ACTION_CHECKBOX_NAME: [m.pk for m in messages],
            **extra,
        },
    )


def test_pending_count_on_the_admin_index(editor_client):
    make_message(moderation="pending")
    make_message(moderation="pending")
    make_message()
    html = editor_client.get("/admin/").content.decode()
    assert "2 messages of solidarity await moderation (the oldest for 1" in html
    assert f"{CHANGELIST}?moderation__exact=pending" in html


def test_no_pending_count_for_those_who_cannot_moderate(client, organiser):
    make_message(moderation="pending")
    client.force_login(organiser)
    html = client.get("/admin/").content.decode()
    assert "await moderation" not in html


def test_changelist_shows_pending_first(editor_client):
    pending = make_message(moderation="pending")
    newer = make_message()
    response = editor_client.get(CHANGELIST)
    rows = list(response.context["cl"].result_list)
    assert rows[0] == pending
    assert newer in rows


def test_bulk_approve_publishes_and_records_who_and_when(editor_client, editor):
    messages = [make_message(moderation="pending") for _ in range(2)]
    act(editor_client, "approve", messages)
    for message in messages:
        message.refresh_from_db()
        assert message.moderation == "approved"
        assert message.status == Post.Status.PUBLISHED
        assert message.moderated_by == editor
        assert message.moderated_at is not None
    assert SolidarityMessage.objects.approved().count() == 2


def test_reject_asks_for_a_reason_then_records_it(editor_client, editor):
    message = make_message()
    response = act(editor_client, "reject_with_reason", [message])
    assert response.status_code == 200
    assert "Reason" in response.content.decode()
    message.refresh_from_db()
    assert message.moderation == "approved"  # nothing happens before confirming
    act(
        editor_client,
        "reject_with_reason",
        [message],
        apply="yes",
        rejection_reason="Off topic",
    )
    message.refresh_from_db()
    assert message.moderation == "rejected"
    assert message.rejection_reason == "Off topic"
    assert message.moderated_by == editor
    assert not message.is_published()


def test_mark_spam_unpublishes(editor_client):
    message = make_message()
    act(editor_client, "mark_spam", [message])
    message.refresh_from_db()
    assert message.moderation == "spam"
    assert not SolidarityMessage.objects.approved().exists()


def test_changing_moderation_in_the_form_stamps_the_editor(editor_client, editor):
    message = make_message(moderation="pending")
    response = editor_client.post(
        f"{CHANGELIST}{message.pk}/change/",
        {
            "author_name": message.author_name,
            "country": "ES",
            "text": message.text,
            "show_name": "on",
            "received_at_0": "2026-01-05",
            "received_at_1": "10:00:00",
            "moderation": "approved",
        },
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.moderation == "approved"
    assert message.is_published()
    assert message.moderated_by == editor


def test_erase_removes_personal_data_and_keeps_anonymous_counts(editor_client):
    appeal = make_appeal()
    message = make_message(
        appeal=appeal,
        author_name="Maria Lopez",
        organisation="Dockers",
        role="Secretary",
        city="Valencia",
        email="maria@example.org",
        ip_hash="a" * 64,
        country="ES",
    )
    old_slug = message.slug
    response = act(editor_client, "erase", [message])
    assert "removed for good" in response.content.decode()
    act(editor_client, "erase", [message], apply="yes")
    message.refresh_from_db()
    for value in (
        message.author_name,
        message.organisation,
        message.role,
        message.city,
        message.email,
        message.ip_hash,
        message.text,
        message.title,
        message.byline,
        message.summary,
        message.slug,
    ):
        assert "Maria" not in value and "maria" not in value
        assert "Dockers" not in value and "Valencia" not in value
    assert message.slug != old_slug
    assert message.text == ERASED_TEXT
    assert message.erased_at is not None
    assert not message.is_published()
    # The anonymous facts stay, to be counted.
    assert message.country == "ES"
    assert message.appeal == appeal
    assert SolidarityMessage.objects.filter(appeal=appeal, country="ES").count() == 1
    assert "Maria" not in editor_client.get("/messages/").content.decode()


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_admin_escapes_payloads(editor_client, payload):
    message = make_message(
        author_name=payload[:200], organisation=payload, text=payload
    )
    for url in (CHANGELIST, f"{CHANGELIST}{message.pk}/change/", "/admin/"):
        html = editor_client.get(url).content.decode()
        assert "<script>alert(1)" not in html
        assert "onerror=alert(1)>" not in html
        assert "<svg/onload" not in html


def test_organisers_cannot_moderate(client, organiser):
    client.force_login(organiser)
    assert client.get(CHANGELIST).status_code == 403
