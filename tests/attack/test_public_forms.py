"""
The payload list through the public forms (a message of solidarity, a
proposed meeting, joining), then published the way editors do it, and
checked in every output: the wall, the home page, the appeal, the meeting
page, RSS/Atom, iCalendar (escaping and folding: an injected BEGIN:VEVENT
never makes an event), JSON, the CSV export, the editors' email and the
admin changelist.
"""

import csv
import io
import json
import time

import pytest
from django.core import mail
from django.test import Client
from icalendar import Calendar

from appeals.models import SolidarityMessage
from posts.models import Event, Post
from solidarity import antispam
from tests import factories
from tests.attack.payloads import PAYLOADS, assert_safe_html, assert_safe_xml
from tests.posts.test_event_propose import proposal

pytestmark = pytest.mark.django_db

# NUL bytes and over-long text are refused by the forms: tested on their own.
STORABLE = [p for p in PAYLOADS if "\x00" not in p and len(p) < 200]


def started(form_id="message"):
    return antispam.sign_start(form_id, time.time() - 30)


@pytest.fixture(autouse=True)
def _editors(settings):
    settings.EDITORS_EMAILS = ["editors@example.org"]


def message_data(payload, appeal):
    return {
        "author_name": f"Ana {payload}"[:100],
        "organisation": f"Union {payload}"[:150],
        "role": "",
        "city": "Porto",
        "country": "PT",
        "email": "ana@example.org",
        "language": "",
        "text": f"Solidarity {payload}",
        "show_name": "on",
        "consent": "on",
        "appeal": appeal.slug,
        "started": started(),
        "website": "",
    }


@pytest.mark.parametrize("n", range(len(STORABLE)))
def test_message_payloads(editor, editor_client, n, django_capture_on_commit_callbacks):
    payload = STORABLE[n]
    appeal = factories.make_appeal(title="Free the miners")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/messages/new/", message_data(payload, appeal))
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # refused with a message on the form
        assert b"errorlist" in response.content
        assert not SolidarityMessage.objects.exists()
        return
    message = SolidarityMessage.objects.get()
    # The editors' email: one line of subject, whatever the sender typed.
    assert len(mail.outbox) == 1
    assert "\n" not in mail.outbox[0].subject
    assert "\r" not in mail.outbox[0].subject
    # Pending: nowhere in public.
    for url in ("/en/messages/", "/en/", appeal.get_absolute_url(), "/en/feed/"):
        assert "Solidarity" + payload[:10] not in client.get(url).content.decode()
    SolidarityMessage.objects.filter(pk=message.pk).moderate(
        SolidarityMessage.Moderation.APPROVED, editor
    )
    for url in (
        "/en/messages/",
        "/en/",
        appeal.get_absolute_url(),
        "/en/search/?q=Ana",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert_safe_html(page.content, url)
    for url in ("/en/feed/", "/en/feed/atom/"):
        assert_safe_xml(client.get(url).content, url)
    export = editor_client.get(f"/en/appeals/{appeal.slug}/messages.csv")
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    changelist = editor_client.get("/admin/appeals/solidaritymessage/")
    assert_safe_html(changelist.content, "admin", allow=("form", "svg"))


def calendar_events(content):
    calendar = Calendar.from_ical(content)
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def assert_folded(content):
    """RFC 5545 3.1: lines of at most 75 octets, CRLF-terminated."""
    for line in content.split(b"\r\n"):
        assert len(line) <= 75, line
        assert b"\n" not in line and b"\r" not in line


@pytest.mark.parametrize("n", range(len(STORABLE)))
def test_proposed_meeting_payloads(editor_client, n):
    payload = STORABLE[n]
    client = Client()
    data = proposal(
        title=f"Meeting {payload}"[:200],
        description=f"About {payload}",
        venue_name=f"Hall {payload}"[:200],
        city=f"Dublin {payload}"[:100],
        organised_by=f"Group {payload}"[:200],
        started=started("proposal"),
    )
    response = client.post("/en/events/propose/", data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert b"errorlist" in response.content
        assert not Event.objects.exists()
        return
    event = Event.objects.get()
    assert event.status == Post.Status.DRAFT
    assert client.get(event.get_absolute_url()).status_code == 404
    Event.objects.filter(pk=event.pk).update(status=Post.Status.PUBLISHED)
    event.refresh_from_db()
    assert event.is_published()
    for url in (
        "/en/events/",
        event.get_absolute_url(),
        "/en/",
        "/en/search/?q=Meeting",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert_safe_html(page.content, url)
    for url in ("/en/events.ics", f"/en/events/{event.slug}.ics"):
        ics = client.get(url)
        assert ics.status_code == 200, url
        assert_folded(ics.content)
        events = calendar_events(ics.content)
        assert len(events) == 1, url  # an injected BEGIN:VEVENT made none
        assert str(events[0]["SUMMARY"]).startswith("Meeting")
    listing = json.loads(client.get("/en/events.json").content)
    assert [e["title"] for e in listing["events"]] == [event.title]
    changelist = editor_client.get("/admin/posts/event/")
    assert_safe_html(changelist.content, "admin", allow=("form", "svg"))


@pytest.mark.parametrize(
    "field", ["email", "contact_email"], ids=["message", "proposal"]
)
def test_header_injection_in_email_fields_is_refused(field):
    client = Client()
    evil = "ana@example.org\r\nBcc: everyone@example.org"
    if field == "email":
        appeal = factories.make_appeal()
        response = client.post(
            "/en/messages/new/", {**message_data("x", appeal), "email": evil}
        )
        assert not SolidarityMessage.objects.exists()
    else:
        response = client.post(
            "/en/events/propose/",
            proposal(contact_email=evil, started=started("proposal")),
        )
        assert not Event.objects.exists()
    assert response.status_code == 200
    assert b"errorlist" in response.content or b"notice-error" in response.content
    assert not mail.outbox


def test_nul_bytes_are_refused_by_the_public_forms():
    appeal = factories.make_appeal()
    response = Client().post(
        "/en/messages/new/", {**message_data("x", appeal), "text": "nul\x00byte"}
    )
    assert response.status_code == 200
    assert b"Null characters are not allowed" in response.content
    assert not SolidarityMessage.objects.exists()
