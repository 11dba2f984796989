"""RSVPs: the "I'm coming" form, capacity and the waiting list, the emailed
cancel link, reminders, cancelled and moved meetings, attendees' privacy."""

import csv
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from posts import tasks
from posts.models import RSVP
from tests.factories import form_started, make_event, make_user
from tests.smtp import text_of

pytestmark = pytest.mark.django_db


def rsvp_data(**kwargs):
    data = {
        "name": "Ana Silva",
        "email": "ana@example.org",
        "organisation": "",
        "people": "1",
        "started": form_started(30, "rsvp"),
        "website": "",
    }
    data.update(kwargs)
    return data


def say_coming(client, event, capture, **kwargs):
    with capture(execute=True):
        return client.post(f"/en/events/{event.slug}/rsvp/", rsvp_data(**kwargs))


def cancel_path(message):
    match = re.search(
        r"https?://[^/\s]+(/[a-z]{2}/events/rsvp/\S+/cancel/)", text_of(message)
    )
    return match[1]


def test_the_meeting_page_has_the_form_and_no_attendee(
    client, django_capture_on_commit_callbacks
):
    event = make_event()
    say_coming(client, event, django_capture_on_commit_callbacks)
    html = client.get(event.get_absolute_url()).content.decode()
    assert f'action="/en/events/{event.slug}/rsvp/"' in html
    assert 'name="people"' in html and "csrfmiddlewaretoken" not in html
    assert "Ana Silva" not in html and "ana@example.org" not in html


def test_coming_with_capacity_waiting_list_and_promotion(
    client, smtp_server, django_capture_on_commit_callbacks
):
    """The browser journey's rules: capacity 1, the second waits, the first
    cancels by the emailed link, the second gets the place and is told."""
    event = make_event(capacity=1, show_attendance=True)
    capture = django_capture_on_commit_callbacks
    response = say_coming(client, event, capture)
    assert response["Location"] == f"/en/events/{event.slug}/rsvp/thanks/"
    say_coming(client, event, capture, name="Ben", email="ben@example.org")

    (ana_mail,) = smtp_server.inbox.to("ana@example.org")
    (ben_mail,) = smtp_server.inbox.to("ben@example.org")
    assert "You have a place" in text_of(ana_mail)
    assert "waiting list" in text_of(ben_mail)
    assert "1 coming" in client.get(event.get_absolute_url()).content.decode()

    path = cancel_path(ana_mail)
    page = client.get(path)
    assert page.status_code == 200
    assert RSVP.objects.get(email="ana@example.org").status == RSVP.Status.COMING
    with capture(execute=True):
        client.post(path, {"started": form_started(0, "rsvpcancel")})
    assert RSVP.objects.get(email="ana@example.org").status == RSVP.Status.CANCELLED
    ben = RSVP.objects.get(email="ben@example.org")
    assert ben.status == RSVP.Status.COMING and ben.promoted_at
    promoted = smtp_server.inbox.to("ben@example.org")[-1]
    assert "a place became free" in text_of(promoted)
    assert "/cancel/" in text_of(promoted)


def test_answering_twice_books_once(client, django_capture_on_commit_callbacks):
    event = make_event()
    say_coming(client, event, django_capture_on_commit_callbacks)
    say_coming(client, event, django_capture_on_commit_callbacks, name="Other")
    rsvp = RSVP.objects.get()
    assert rsvp.name == "Ana Silva"


def test_people_count_against_the_places(django_capture_on_commit_callbacks):
    event = make_event(capacity=3)
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.book(event, name="A", email="a@x.org", organisation="", people=2)
        second = tasks.book(event, name="B", email="b@x.org", organisation="", people=2)
        third = tasks.book(event, name="C", email="c@x.org", organisation="", people=1)
    assert first.status == RSVP.Status.COMING
    assert second.status == RSVP.Status.WAITLISTED
    # Nobody jumps the queue, even if one place is free.
    assert third.status == RSVP.Status.WAITLISTED
    event.capacity = 5
    with django_capture_on_commit_callbacks(execute=True):
        event.save()
    statuses = dict(RSVP.objects.values_list("email", "status"))
    assert statuses == {"a@x.org": "coming", "b@x.org": "coming", "c@x.org": "coming"}


@pytest.mark.parametrize(
    "bad", [{"people": "0"}, {"people": "21"}, {"email": "nope"}, {"name": ""}]
)
def test_bad_input_shows_the_form_again(client, bad):
    event = make_event()
    response = client.post(f"/en/events/{event.slug}/rsvp/", rsvp_data(**bad))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not RSVP.objects.exists()


def test_no_rsvp_to_a_cancelled_or_closed_meeting(client):
    for event in (make_event(is_cancelled=True), make_event(takes_rsvps=False)):
        response = client.post(f"/en/events/{event.slug}/rsvp/", rsvp_data())
        assert response.status_code == 302
        assert "rsvp" not in client.get(event.get_absolute_url()).content.decode()
    assert not RSVP.objects.exists()


def test_a_post_from_another_site_is_refused(client):
    event = make_event()
    response = client.post(
        f"/en/events/{event.slug}/rsvp/",
        rsvp_data(),
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    assert not RSVP.objects.exists()


def test_reminder_the_day_before_at_the_venues_hour(
    settings, smtp_server, django_capture_on_commit_callbacks
):
    zone = ZoneInfo("America/Montreal")
    today = timezone.now().astimezone(zone).date()

    def meeting_on(day, email):
        starts = datetime.combine(day, datetime.min.time(), zone) + timedelta(
            hours=23, minutes=30
        )
        event = make_event(starts_at=starts, timezone="America/Montreal")
        rsvp = RSVP.objects.create(event=event, name="A", email=email)
        RSVP.objects.filter(pk=rsvp.pk).update(
            created_at=timezone.now() - timedelta(days=3)
        )
        return event

    settings.RSVP_REMINDER_HOUR = 10
    moment = tasks.reminder_moment(meeting_on(today + timedelta(days=5), "x@x.org"))
    assert moment.astimezone(zone).hour == 10
    assert moment.astimezone(zone).date() == today + timedelta(days=4)
    # Midnight at the venue: tomorrow's meeting is due, the next day's not yet.
    settings.RSVP_REMINDER_HOUR = 0
    meeting_on(today + timedelta(days=1), "tomorrow@x.org")
    meeting_on(today + timedelta(days=2), "later@x.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_rsvp_reminders.call() == 1
        assert tasks.send_rsvp_reminders.call() == 0  # once
    (reminder,) = smtp_server.inbox.to("tomorrow@x.org")
    assert reminder["Subject"].startswith("Tomorrow:")
    assert smtp_server.inbox.to("later@x.org") == []


def test_attendees_are_told_when_a_meeting_is_cancelled_or_moved(
    smtp_server, django_capture_on_commit_callbacks
):
    event = make_event()
    RSVP.objects.create(event=event, name="A", email="a@x.org")
    RSVP.objects.create(
        event=event, name="B", email="b@x.org", status=RSVP.Status.CANCELLED
    )
    event.refresh_from_db()
    event.starts_at += timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        event.save()
    event.refresh_from_db()
    event.is_cancelled = True
    with django_capture_on_commit_callbacks(execute=True):
        event.save()
        event.save()  # saving again tells nobody twice
    subjects = [m["Subject"] for m in smtp_server.inbox.to("a@x.org")]
    assert subjects == [f"New time: {event.title}", f"Cancelled: {event.title}"]
    assert smtp_server.inbox.to("b@x.org") == []


def test_organisers_see_and_export_only_their_own_meetings_attendees(client):
    mine_user = make_user(group="Organisers")
    mine = make_event(organiser=mine_user)
    theirs = make_event(organiser=make_user(group="Organisers"))
    RSVP.objects.create(event=mine, name="=HYPERLINK(1)", email="a@x.org")
    RSVP.objects.create(event=theirs, name="Secret", email="s@x.org")
    client.force_login(mine_user)
    listing = client.get("/admin/posts/rsvp/").content.decode()
    assert "HYPERLINK" in listing and "Secret" not in listing
    response = client.post(
        "/admin/posts/rsvp/",
        {
            "action": "export_csv",
            "_selected_action": list(RSVP.objects.values_list("pk", flat=True)),
        },
    )
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert len(rows) == 2
    assert rows[1][1] == "'=HYPERLINK(1)"


def test_editors_see_every_meetings_attendees(editor_client):
    RSVP.objects.create(event=make_event(), name="Visible", email="v@x.org")
    assert "Visible" in editor_client.get("/admin/posts/rsvp/").content.decode()


def test_erasing_an_attendee(django_capture_on_commit_callbacks):
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        rsvp = tasks.book(event, name="A", email="a@x.org", organisation="U", people=1)
    rsvp.erase()
    rsvp.refresh_from_db()
    assert (rsvp.name, rsvp.email, rsvp.organisation) == ("(erased)", "", "")
    from solidarity.models import OutgoingEmail

    assert not OutgoingEmail.objects.filter(to="a@x.org").exists()


@pytest.mark.parametrize("token", ["x", "1.abc:bad", "9" * 80])
def test_bad_cancel_links_answer_400(client, token):
    assert client.get(f"/en/events/rsvp/{token}/cancel/").status_code == 400


def test_erased_attendees_are_not_written_to(django_capture_on_commit_callbacks):
    from solidarity.models import OutgoingEmail

    event = make_event()
    RSVP.objects.create(event=event, name="A", email="a@x.org").erase()
    event.refresh_from_db()
    event.is_cancelled = True
    with django_capture_on_commit_callbacks(execute=True):
        event.save()
    assert not OutgoingEmail.objects.exists()
