"""The public "propose a meeting" form."""

import datetime
import time

import pytest
from django.core import mail
from django.utils import timezone

from posts.meetings.views import proposals
from posts.models import Event, Post
from solidarity import antispam

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _editors(settings):
    settings.EDITORS_EMAILS = ["editors@example.org"]
    settings.SITE_URL = "https://campaign.example.org"


def started(seconds_ago=30):
    return antispam.sign_start("proposal", time.time() - seconds_ago)


def proposal(**overrides):
    next_year = timezone.localdate().year + 1
    data = {
        "title": "Picket for the miners",
        "description": "Outside the embassy.\n\nBring <banners>.",
        "date": f"{next_year}-07-14",
        "start_time": "19:30",
        "end_time": "21:00",
        "end_date": "",
        "timezone": "Europe/Dublin",
        "venue_name": "Embassy",
        "address": "1 Main Street",
        "city": "Dublin",
        "country": "IE",
        "online_url": "",
        "organised_by": "Dublin Solidarity Group",
        "contact_name": "Ana",
        "contact_email": "ana@example.org",
        "website": "",
        "started": started(),
    }
    data.update(overrides)
    return data


def test_form_page_hides_the_honeypot_with_the_shared_class(client):
    content = client.get("/en/events/propose/").content.decode()
    assert '<div class="hp" aria-hidden="true">' in content
    assert 'name="website"' in content
    assert 'name="started"' in content
    assert "style=" not in content


def test_valid_proposal_becomes_a_draft_for_review(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/events/propose/", proposal())
    assert response.status_code == 302
    assert response["Location"] == "/en/events/propose/thanks/"
    event = Event.objects.get()
    assert event.status == Post.Status.DRAFT
    assert event.needs_review
    assert not event.is_published()
    assert event.organiser is None
    year = timezone.localdate().year + 1
    assert event.starts_at == datetime.datetime(
        year, 7, 14, 18, 30, tzinfo=datetime.UTC
    )
    assert event.ends_at == datetime.datetime(year, 7, 14, 20, 0, tzinfo=datetime.UTC)
    assert event.contact_email == "ana@example.org"
    assert "&lt;banners&gt;" in event.body
    assert [country.code for country in event.countries.all()] == ["IE"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["editors@example.org"]
    assert "Picket for the miners" in message.subject
    assert (
        f"https://campaign.example.org/admin/posts/event/{event.pk}/change/"
        in message.body
    )
    thanks = client.get(response["Location"])
    assert "We have received your proposal" in thanks.content.decode()
    # Not public until an editor publishes it.
    assert client.get("/en/events/").context["page_obj"].paginator.count == 0
    assert client.get(event.get_absolute_url()).status_code == 404


def test_online_only_proposal(client):
    data = proposal(
        venue_name="",
        address="",
        city="",
        country="",
        online_url="https://meet.example.org/miners",
    )
    assert client.post("/en/events/propose/", data).status_code == 302
    assert Event.objects.get().online_url == "https://meet.example.org/miners"


@pytest.mark.parametrize(
    "overrides",
    [
        {"website": "http://spam.example"},
        {"started": "just now"},
        {"started": "forged"},
        {"website": "http://spam.example", "title": ""},
    ],
)
def test_bots_are_thanked_and_discarded(client, overrides):
    if overrides.get("started") == "just now":
        overrides["started"] = started(seconds_ago=0.5)
    response = client.post("/en/events/propose/", proposal(**overrides))
    assert response.status_code == 302
    assert response["Location"] == "/en/events/propose/thanks/"
    assert not Event.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"end_time": "18:00"}, "end_time", "cannot end before it starts"),
        (
            {"end_date": f"{timezone.localdate().year + 1}-08-20"},
            "end_date",
            "at most 31 days",
        ),
        ({"date": "2020-01-01"}, "date", "This date has passed"),
        ({"date": "2026-02-31"}, "date", "Enter a valid date"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "Select a valid choice"),
        ({"venue_name": "v" * 5000}, "venue_name", "at most 200 characters"),
        ({"online_url": "javascript:alert(1)"}, "online_url", "starting with https"),
        ({"online_url": "ftp://example.org/x"}, "online_url", "starting with https://"),
        ({"contact_email": "nope"}, "contact_email", "valid email"),
        ({"title": ""}, "title", "required"),
    ],
)
def test_bad_input_is_a_form_error(client, overrides, field, message):
    response = client.post("/en/events/propose/", proposal(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not Event.objects.exists()


def test_a_time_the_clocks_skip_is_refused(client):
    year = timezone.localdate().year + 1
    # Europe/Dublin skips 01:00-02:00 on the last Sunday of March.
    last_sunday = max(
        datetime.date(year, 3, day)
        for day in range(25, 32)
        if datetime.date(year, 3, day).weekday() == 6
    )
    data = proposal(date=last_sunday.isoformat(), start_time="01:30", end_time="")
    response = client.post("/en/events/propose/", data)
    assert "does not exist in Europe/Dublin" in response.content.decode()
    assert not Event.objects.exists()


def test_needs_a_place_or_a_link(client):
    data = proposal(venue_name="", address="", city="", online_url="")
    response = client.post("/en/events/propose/", data)
    assert "at least the city" in response.content.decode()
    assert not Event.objects.exists()


def test_submissions_are_rate_limited_per_client(client):
    for n in range(proposals.PROPOSAL_LIMIT):
        response = client.post("/en/events/propose/", proposal(title=f"Meeting {n}"))
        assert response.status_code == 302
    response = client.post("/en/events/propose/", proposal(title="One too many"))
    assert response.status_code == 429
    assert response["Retry-After"] == str(proposals.PROPOSAL_PERIOD)
    assert Event.objects.count() == proposals.PROPOSAL_LIMIT
    other = client.post(
        "/en/events/propose/", proposal(title="Other client"), REMOTE_ADDR="203.0.113.9"
    )
    assert other.status_code == 302


def test_a_proposal_titled_like_a_page_gets_its_own_address(client):
    client.post("/en/events/propose/", proposal(title="Past"))
    event = Event.objects.get()
    assert event.slug == "past-meeting"
    assert client.get("/en/events/past/").status_code == 200
