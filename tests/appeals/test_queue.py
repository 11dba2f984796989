"""The moderation queue: the message in the list, one-click decisions (POST,
CSRF, editors only), "Approve and next", and the sender told once."""

import logging
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from appeals.models import SolidarityMessage
from tests.admin_forms import _dates, message_data
from tests.factories import make_appeal, make_message

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:appeals_solidaritymessage_changelist")


def decide(message, decision):
    return reverse(
        "admin:appeals_solidaritymessage_moderate", args=[message.pk, decision]
    )


def test_the_list_shows_the_message_with_its_line_breaks(editor_client):
    appeal = make_appeal(title="Free the miners")
    long_text = "First line\nSecond line " + "x" * 400
    make_message(moderation="pending", text=long_text, appeal=appeal, language="es")
    response = editor_client.get(QUEUE)
    html = response.text
    assert "First line\nSecond line " in html
    assert "x" * 270 in html and "x" * 300 not in html, "cut at 300 characters"
    assert "Free the miners" in html and "Spain" in html and ">es<" in html
    assert 'class="button decide decide-approve"' in html


def test_one_click_approval_publishes_at_once_on_the_cached_wall(editor_client):
    client = Client()
    message = make_message(moderation="pending", text="Words from Lagos")
    wall = client.get("/messages/")
    assert "Words from Lagos" not in wall.text
    assert client.get("/messages/")["X-Page-Cache"] == "hit"
    response = editor_client.post(decide(message, "approve"), HTTP_REFERER=QUEUE)
    assert response.status_code == 302 and response.url == QUEUE
    message.refresh_from_db()
    assert message.moderation == "approved" and message.is_published()
    assert "Words from Lagos" in client.get("/messages/").text


@pytest.mark.parametrize(
    ("decision", "state"), [("reject", "rejected"), ("spam", "spam")]
)
def test_one_click_reject_and_spam(
    editor_client, decision, state, django_capture_on_commit_callbacks
):
    message = make_message(moderation="pending")
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(decide(message, decision))
    message.refresh_from_db()
    assert message.moderation == state
    assert mail.outbox == [], "rejected and spam senders are not told"


def test_one_click_refuses_get_missing_csrf_organisers_and_nonsense(editor, organiser):
    message = make_message(moderation="pending")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(decide(message, "approve")).status_code == 403
    assert strict.get(decide(message, "approve")).status_code == 405
    organisers = Client()
    organisers.force_login(organiser)
    assert organisers.post(decide(message, "approve")).status_code == 403
    lax = Client()
    lax.force_login(editor)
    assert lax.post(decide(message, "publish-all")).status_code == 404
    assert (
        lax.post(
            reverse(
                "admin:appeals_solidaritymessage_moderate", args=[999999, "approve"]
            )
        ).status_code
        == 404
    )
    message.refresh_from_db()
    assert message.moderation == "pending"


def test_with_the_csrf_token_of_the_list_it_works(editor):
    message = make_message(moderation="pending")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    page = strict.get(QUEUE)
    token = page.context["csrf_token"]
    response = strict.post(decide(message, "approve"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.moderation == "approved"


def test_approved_sender_is_told_once_with_a_link(
    editor_client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://campaign.example.org"
    message = make_message(moderation="pending", email="ana@example.org")
    quiet = make_message(moderation="pending", email="")
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(decide(message, "approve"))
        editor_client.post(decide(quiet, "approve"))
    assert len(mail.outbox) == 1
    [sent] = mail.outbox
    assert sent.to == ["ana@example.org"]
    assert f"https://campaign.example.org/messages/#message-{message.pk}" in sent.body
    # Rejected, then approved again: never a second mail.
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(decide(message, "reject"))
        editor_client.post(decide(message, "approve"))
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.approval_notified_at is not None


def test_a_failed_mail_is_logged_and_not_marked_sent(
    editor_client, caplog, django_capture_on_commit_callbacks
):
    message = make_message(moderation="pending", email="ana@example.org")
    with (
        mock.patch("solidarity.notify.send_mail", side_effect=OSError("down")),
        caplog.at_level(logging.ERROR, logger="solidarity.notify"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = editor_client.post(decide(message, "approve"))
    assert response.status_code == 302
    assert "Could not send mail" in caplog.text
    message.refresh_from_db()
    assert message.moderation == "approved"
    assert message.approval_notified_at is None


def test_approve_and_next(editor_client):
    older = make_message(moderation="pending", author_name="Older")
    newer = make_message(moderation="pending", author_name="Newer")
    newer.received_at = older.received_at.replace(year=older.received_at.year + 1)
    newer.save()
    page = editor_client.get(
        reverse("admin:appeals_solidaritymessage_change", args=[newer.pk])
    )
    assert 'name="_approve_next"' in page.text
    data = _dates(message_data(), received_at=newer.received_at)
    data["_approve_next"] = "Approve and next"
    response = editor_client.post(
        reverse("admin:appeals_solidaritymessage_change", args=[newer.pk]), data
    )
    assert response.status_code == 302
    assert response.url == reverse(
        "admin:appeals_solidaritymessage_change", args=[older.pk]
    )
    newer.refresh_from_db()
    assert newer.moderation == SolidarityMessage.Moderation.APPROVED
    data = _dates(message_data(), received_at=older.received_at)
    data["_approve_next"] = "Approve and next"
    response = editor_client.post(
        reverse("admin:appeals_solidaritymessage_change", args=[older.pk]), data
    )
    assert response.url == QUEUE, "queue empty: back to the list"


def test_queue_fits_1280_pixels_without_the_sender_columns(editor_client):
    """The moderation state and received time are columns of the list (not
    off-screen: the browser test measures the width)."""
    make_message(moderation="pending")
    html = editor_client.get(QUEUE).text
    for column in ("column-message_excerpt", "column-age", "column-moderation_badge"):
        assert column in html
