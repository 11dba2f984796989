"""The public message form: validation, spam defences, moderation queue."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from appeals import forms, views
from appeals.models import SolidarityMessage
from tests.appeals.conftest import XSS_PAYLOADS
from tests.factories import form_started, make_appeal, make_user

pytestmark = pytest.mark.django_db

NEW = "/en/messages/new/"


def post(client, data, **extra):
    return client.post(NEW, data, **extra)


def test_reverse_and_paths():
    assert reverse("messages:new") == NEW
    assert reverse("messages:thanks") == "/en/messages/thanks/"


def test_form_page_has_every_field_csrf_and_hidden_honeypot(client):
    response = client.get(NEW)
    html = response.content.decode()
    for name in (
        "appeal",
        "author_name",
        "organisation",
        "role",
        "city",
        "country",
        "email",
        "language",
        "text",
        "show_name",
        "consent",
        "started",
    ):
        assert f'name="{name}"' in html
    # A shared, cached page: no CSRF token (the Origin check replaces it).
    assert "csrfmiddlewaretoken" not in html
    assert '<div class="hp" aria-hidden="true">' in html
    assert "style=" not in html
    assert "<script>" not in html


def test_appeal_is_preselected_from_the_query_string(client):
    appeal = make_appeal()
    response = client.get(NEW, {"appeal": appeal.slug})
    assert response.context["form"]["appeal"].value() == appeal.slug
    assert f'<option value="{appeal.slug}" selected>' in response.content.decode()


def test_menu_lists_open_appeals_urgent_first_and_is_capped(client, monkeypatch):
    """Guards against a menu of every appeal ever opened (12,000 options,
    1.5 MB, seconds per page at scale)."""
    monkeypatch.setattr(forms, "APPEAL_MENU_LENGTH", 3)
    now = timezone.now()
    ongoing = [
        make_appeal(state="ongoing", published_at=now - timedelta(days=n))
        for n in range(1, 5)
    ]
    urgent = make_appeal(state="urgent", published_at=now - timedelta(days=30))
    make_appeal(state="closed", published_at=now)
    choices = client.get(NEW).context["form"].fields["appeal"].widget.choices
    assert [value for value, label in choices] == [
        "",
        urgent.slug,
        ongoing[0].slug,
        ongoing[1].slug,
    ]


def test_an_appeal_beyond_the_menu_can_be_chosen_and_sent(
    client, monkeypatch, message_data
):
    monkeypatch.setattr(forms, "APPEAL_MENU_LENGTH", 1)
    now = timezone.now()
    make_appeal(published_at=now - timedelta(days=1))
    older = make_appeal(published_at=now - timedelta(days=9))
    response = client.get(NEW, {"appeal": older.slug})
    assert f'<option value="{older.slug}" selected>' in response.content.decode()
    response = post(client, {**message_data, "appeal": older.slug})
    assert response.status_code == 302
    assert SolidarityMessage.objects.get().appeal == older


def test_unknown_appeal_in_the_link_gets_a_clear_message(client):
    response = client.get(NEW, {"appeal": "no-such-appeal"})
    assert response.status_code == 200
    assert "could not find an open appeal" in response.content.decode()


def test_submission_is_pending_with_hashed_ip_and_redirects(client, message_data):
    appeal = make_appeal()
    response = post(
        client, {**message_data, "appeal": appeal.slug}, REMOTE_ADDR="198.51.100.9"
    )
    assert response.status_code == 302
    assert response["Location"] == f"/en/messages/thanks/?appeal={appeal.slug}"
    message = SolidarityMessage.objects.get()
    assert message.moderation == SolidarityMessage.Moderation.PENDING
    assert not message.is_published()
    assert message.appeal == appeal
    assert message.email == "maria@example.org"
    assert len(message.ip_hash) == 64
    assert "198.51.100.9" not in message.ip_hash
    thanks = client.get(response["Location"])
    assert "awaits moderation" in thanks.content.decode()
    assert appeal.title in thanks.content.decode()


def test_editors_are_emailed_after_commit(
    client, message_data, django_capture_on_commit_callbacks
):
    make_user(group="Editors", email="editor@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, message_data)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["editor@example.org"]
    assert "Maria Lopez" in email.subject
    message = SolidarityMessage.objects.get()
    assert f"/admin/appeals/solidaritymessage/{message.pk}/change/" in email.body


def test_no_notification_when_nothing_is_saved(
    client, message_data, django_capture_on_commit_callbacks
):
    make_user(group="Editors", email="editor@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, {**message_data, "text": ""})
    assert mail.outbox == []


@pytest.mark.parametrize(
    "field", ["author_name", "country", "email", "text", "consent"]
)
def test_required_fields(client, message_data, field):
    data = {k: v for k, v in message_data.items() if k != field}
    response = post(client, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert "Please check the fields marked below" in response.content.decode()
    assert not SolidarityMessage.objects.exists()


def test_oversize_message_is_a_form_error(client, message_data):
    response = post(client, {**message_data, "text": "solidarity " * 600})
    assert response.status_code == 200
    assert "at most 5000 characters" in str(response.context["form"].errors["text"])
    assert not SolidarityMessage.objects.exists()


def test_oversize_name_is_a_form_error(client, message_data):
    response = post(client, {**message_data, "author_name": "x" * 10_000})
    assert response.status_code == 200
    assert response.context["form"].errors["author_name"]


def test_too_many_links(client, message_data):
    text = "See https://a.example https://b.example and www.c.example now"
    response = post(client, {**message_data, "text": text})
    assert "at most 2 web addresses" in str(response.context["form"].errors["text"])
    assert not SolidarityMessage.objects.exists()


def test_two_links_are_fine(client, message_data):
    text = "Our statement: https://union.example/statement and https://x.example"
    assert post(client, {**message_data, "text": text}).status_code == 302
    assert SolidarityMessage.objects.count() == 1


def test_no_links_in_the_name(client, message_data):
    response = post(client, {**message_data, "author_name": "http://casino.example"})
    assert response.context["form"].errors["author_name"]


def test_unknown_appeal_on_submit_is_a_clear_form_error(client, message_data):
    response = post(client, {**message_data, "appeal": "no-such-appeal"})
    assert response.status_code == 200
    assert "could not find that appeal" in str(response.context["form"].errors)


def test_closed_or_draft_appeals_cannot_be_chosen(client, message_data):
    closed = make_appeal(state="closed")
    draft = make_appeal(status="draft")
    for appeal in (closed, draft):
        response = post(client, {**message_data, "appeal": appeal.slug})
        assert response.status_code == 200
        assert response.context["form"].errors["appeal"]
    assert not SolidarityMessage.objects.exists()


def test_filled_honeypot_is_discarded_quietly(client, message_data):
    response = post(client, {**message_data, "website": "http://spam.example"})
    assert response.status_code == 302
    assert response["Location"] == "/en/messages/thanks/"
    assert not SolidarityMessage.objects.exists()


def test_submitting_in_under_two_seconds_is_discarded_quietly(client, message_data):
    response = post(client, {**message_data, "started": form_started(0.5)})
    assert response.status_code == 302
    assert not SolidarityMessage.objects.exists()


def test_missing_start_token_is_discarded_quietly(client, message_data):
    data = {k: v for k, v in message_data.items() if k != "started"}
    assert post(client, data).status_code == 302
    assert not SolidarityMessage.objects.exists()


def test_twenty_submissions_in_a_minute_hit_the_rate_limit(client, message_data):
    codes = [
        post(
            client,
            {
                **message_data,
                "text": f"Solidarity message number {n}",
                "started": form_started(),
            },
        ).status_code
        for n in range(20)
    ]
    assert codes[: views.SUBMISSIONS_PER_HOUR] == [302] * views.SUBMISSIONS_PER_HOUR
    assert set(codes[views.SUBMISSIONS_PER_HOUR :]) == {429}
    # Every accepted submission is in the database.
    assert SolidarityMessage.objects.count() == views.SUBMISSIONS_PER_HOUR
    response = post(client, message_data)
    assert "Too many submissions" in response.content.decode()
    assert response["Retry-After"] == "3600"


def test_rate_limit_is_per_client(client, message_data):
    for _ in range(views.SUBMISSIONS_PER_HOUR):
        post(client, message_data, REMOTE_ADDR="203.0.113.1")
    assert post(client, message_data, REMOTE_ADDR="203.0.113.1").status_code == 429
    assert post(client, message_data, REMOTE_ADDR="203.0.113.2").status_code == 302


def test_a_flood_of_invalid_posts_is_limited_too(client, message_data):
    codes = [
        post(client, {**message_data, "text": ""}).status_code
        for _ in range(views.POSTS_PER_HOUR + 1)
    ]
    assert codes[-1] == 429
    assert set(codes[:-1]) == {200}


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "http://testserver"},
    ],
)
def test_a_post_from_another_site_is_refused(message_data, headers):
    """The public forms carry no CSRF token (their pages are cached and
    shared); what the browser says of the sending page stops forged posts."""
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(NEW, message_data, **headers)
    assert response.status_code == 403
    assert "sent from another site" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    assert not SolidarityMessage.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_ORIGIN": "http://localhost:8000"},  # DJANGO_SITE_URL's origin
        {},  # not a browser: no visitor's session to ride on
    ],
)
def test_a_post_from_this_site_is_taken_without_a_csrf_token(
    message_data, headers, settings
):
    from django.test import Client

    settings.SITE_URL = "http://localhost:8000"

    response = Client(enforce_csrf_checks=True).post(NEW, message_data, **headers)
    assert response.status_code == 302
    assert SolidarityMessage.objects.count() == 1


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_are_stored_verbatim_and_rerendered_escaped(
    client, message_data, payload
):
    # Shown back in the form after an error (the email is invalid)...
    data = {
        **message_data,
        "author_name": payload[:200],
        "organisation": payload,
        "city": payload[:100],
        "text": f"Solidarity! {payload}",
        "email": "not-an-address",
    }
    response = post(client, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "onerror=alert(1)>" not in html
    assert "<svg/onload" not in html
    assert "<iframe" not in html
    # ...and accepted as plain text once the email is right.
    assert post(client, {**data, "email": "x@example.org"}).status_code == 302
    assert SolidarityMessage.objects.get().text == f"Solidarity! {payload}"


def test_line_breaks_in_the_name_do_not_stop_the_editors_email(
    client, message_data, django_capture_on_commit_callbacks
):
    make_user(group="Editors", email="editor@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, {**message_data, "author_name": "Maria\r\nBcc: x@evil.example"})
    assert len(mail.outbox) == 1
    assert "\n" not in mail.outbox[0].subject
    assert mail.outbox[0].bcc == []


def test_each_visitor_of_the_cached_form_gets_their_own_start_token(
    client, message_data
):
    """The form page is cached whole; the start token is signed into each
    copy served, and a bound form (values, errors) is never cached."""
    first = client.get(NEW)
    second = client.get(NEW)
    assert second["X-Page-Cache"] == "hit"
    start = 'name="started" value="'
    tokens = [r.content.decode().split(start)[1].split('"')[0] for r in (first, second)]
    assert tokens[0] != tokens[1]
    assert not first.cookies and not second.cookies
    errors = post(client, {**message_data, "author_name": "", "city": "Cádiz"})
    html = errors.content.decode()
    assert 'value="Cádiz"' in html and "This field is required." in html
