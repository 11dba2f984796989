"""Organisers' meetings wait for an editor unless an editor lets that
organiser publish; editors publish or send back, the organiser is told
either way; organisers choose the report-back article of their past
meetings among published articles."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from posts.models import Event
from solidarity.models import AuditEntry
from tests.admin_forms import event_data
from tests.factories import make_article, make_event, make_user

pytestmark = pytest.mark.django_db

ADD = reverse("admin:posts_event_add")
LIST = reverse("admin:posts_event_changelist")


@pytest.fixture
def alice(db):
    return make_user(group="Organisers", username="alice", email="alice@example.org")


@pytest.fixture
def alice_client(alice):
    client = Client()
    client.force_login(alice)
    return client


def add_meeting(client, **overrides):
    data = event_data(title="Caracas solidarity meeting", slug="caracas", **overrides)
    response = client.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Event.objects.get(slug="caracas")


def test_an_organisers_meeting_waits_for_review(
    alice_client, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = add_meeting(alice_client, status="published")
    assert event.status == Event.Status.DRAFT and event.review == "awaiting"
    assert not Event.objects.published().filter(pk=event.pk).exists()
    assert Client().get(event.get_absolute_url()).status_code == 404
    [notice] = mail.outbox
    assert editor.email in notice.to and "awaits review" in notice.subject
    assert AuditEntry.objects.filter(action="submit", object_id=str(event.pk)).exists()


def test_organisers_cannot_publish_by_action(alice_client, alice):
    event = make_event(organiser=alice, status="draft")
    response = alice_client.get(LIST)
    assert 'value="publish"' not in response.text
    alice_client.post(LIST, {"action": "publish_now", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT


def test_changing_a_published_meeting_sends_it_back_to_review(alice_client, alice):
    event = make_event(organiser=alice, title="Picket")
    response = alice_client.post(
        reverse("admin:posts_event_change", args=[event.pk]),
        event_data(title="Picket moved", slug=event.slug),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.status, event.review) == (
        "Picket moved",
        "draft",
        "awaiting",
    )


def test_editor_publishes_and_the_organiser_is_told(
    alice_client, editor_client, django_capture_on_commit_callbacks
):
    event = add_meeting(alice_client)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            LIST, {"action": "publish_now", "_selected_action": [event.pk]}
        )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_published() and event.review == ""
    [told] = mail.outbox
    assert told.to == ["alice@example.org"]
    assert event.get_absolute_url() in told.body


def test_editor_sends_back_with_a_note(
    alice_client, editor_client, django_capture_on_commit_callbacks
):
    event = add_meeting(alice_client)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            LIST,
            {
                "action": "send_back",
                "_selected_action": [event.pk],
                "apply": "yes",
                "review_note": "Please add the venue's address.",
            },
            follow=True,
        )
    assert "1 meeting sent back" in " ".join(map(str, response.context["messages"]))
    event.refresh_from_db()
    assert event.review == "sent_back" and event.status == "draft"
    [told] = mail.outbox
    assert told.to == ["alice@example.org"]
    assert "Please add the venue's address." in told.body


def test_a_trusted_organiser_publishes_directly(alice_client, alice, editor_client):
    mine = make_event(organiser=alice, status="draft")
    response = editor_client.post(
        LIST,
        {"action": "trust_organisers", "_selected_action": [mine.pk]},
        follow=True,
    )
    assert "1 organiser may now publish" in " ".join(
        map(str, response.context["messages"])
    )
    alice = type(alice).objects.get(pk=alice.pk)  # permissions are cached
    assert alice.has_perm("posts.publish_event")
    event = add_meeting(alice_client, status="published")
    assert event.is_published() and event.review == ""
    response = editor_client.post(
        LIST,
        {"action": "review_organisers", "_selected_action": [mine.pk]},
        follow=True,
    )
    assert "1 organiser's meetings will wait" in " ".join(
        map(str, response.context["messages"])
    )


def test_organisers_cannot_trust_themselves(alice_client, alice):
    mine = make_event(organiser=alice, status="draft")
    alice_client.post(
        LIST, {"action": "trust_organisers", "_selected_action": [mine.pk]}
    )
    assert not type(alice).objects.get(pk=alice.pk).has_perm("posts.publish_event")


def test_awaiting_review_is_a_filter(editor_client, alice_client):
    add_meeting(alice_client)
    make_event(title="Editor's own meeting")
    response = editor_client.get(LIST, {"review__exact": "awaiting"})
    assert "Caracas solidarity meeting" in response.text
    assert "Editor&#x27;s own meeting" not in response.text


def test_organiser_sets_the_report_of_their_past_meeting(alice_client, alice):
    report = make_article(title="Report from the picket")
    draft = make_article(title="Draft report", status="draft")
    past = make_event(
        organiser=alice,
        starts_at=timezone.now() - timedelta(days=3),
        published_at=timezone.now() - timedelta(days=10),
    )
    url = reverse("admin:posts_event_change", args=[past.pk])
    form = alice_client.get(url)
    assert 'name="report"' in form.text
    assert reverse("admin:posts_event_report_search") in form.text
    search = alice_client.get(
        reverse("admin:posts_event_report_search"), {"term": "report"}
    ).json()
    assert [r["text"] for r in search["results"]] == ["Report from the picket"]
    data = event_data(
        title=past.title,
        slug=past.slug,
        starts_at=past.starts_at,
        report=str(draft.pk),
    )
    response = alice_client.post(url, data)
    assert response.status_code == 200, "a draft article is refused"
    data["report"] = str(report.pk)
    assert alice_client.post(url, data).status_code == 302
    past.refresh_from_db()
    assert past.report == report


def test_no_report_field_before_the_meeting(alice_client, alice):
    coming = make_event(organiser=alice)
    form = alice_client.get(reverse("admin:posts_event_change", args=[coming.pk]))
    assert 'name="report"' not in form.text


def test_report_search_is_for_meeting_editors_only(client):
    client.force_login(make_user())  # staff, no role
    assert client.get(reverse("admin:posts_event_report_search")).status_code == 403
