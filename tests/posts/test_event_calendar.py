"""The iCalendar feeds: parsed with the icalendar library as a calendar app
would read them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from posts.models import Event, Post
from tests.factories import make_event
from tests.posts.event_helpers import event_at

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _frozen_site(settings):
    settings.SITE_URL = "https://campaign.example.org"


def parse(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def vevents(calendar):
    return calendar.walk("VEVENT")


def by_summary(calendar):
    return {str(entry["SUMMARY"]): entry for entry in vevents(calendar)}


def test_feed_lists_only_public_upcoming_meetings(client):
    make_event(title="Public meeting")
    make_event(title="Also public", is_cancelled=True)
    make_event(title="Draft", status=Post.Status.DRAFT)
    make_event(title="Proposal", status=Post.Status.DRAFT, needs_review=True)
    make_event(
        title="Expired",
        expires_at=timezone.now() - datetime.timedelta(1),
        published_at=timezone.now() - datetime.timedelta(2),
    )
    make_event(title="Scheduled", published_at=timezone.now() + datetime.timedelta(1))
    make_event(
        title="Over",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3, hours=-2),
    )
    calendar = parse(client.get("/en/events.ics"))
    assert set(by_summary(calendar)) == {"Public meeting", "Also public"}


@pytest.mark.parametrize(
    "url",
    [
        "/en/events.ics?country=IE",
        "/en/countries/IE/events.ics",
        "/en/tags/miners/events.ics",
    ],
)
def test_filtered_and_hub_feeds_hide_what_the_public_may_not_see(client, url):
    past = timezone.now() - datetime.timedelta(days=2)
    common = {"tags": ["miners"], "countries": ["IE"], "country": "IE"}
    make_event(title="Public", **common)
    make_event(title="Draft", status=Post.Status.DRAFT, **common)
    make_event(title="Proposal", status=Post.Status.DRAFT, needs_review=True, **common)
    make_event(
        title="Expired",
        published_at=past,
        expires_at=past + datetime.timedelta(days=1),
        **common,
    )
    make_event(title="Over", starts_at=past, **common)
    assert set(by_summary(parse(client.get(url)))) == {"Public"}


def test_dublin_times_across_summer_time(client):
    """19:30 in Dublin is 19:30Z in February and 18:30Z in July."""
    event_at("Europe/Dublin", 2099, 2, 10, 19, 30, title="Winter")
    event_at("Europe/Dublin", 2099, 7, 14, 19, 30, title="Summer")
    entries = by_summary(parse(client.get("/en/events.ics")))
    winter, summer = entries["Winter"]["DTSTART"], entries["Summer"]["DTSTART"]
    assert winter.params["TZID"] == "Europe/Dublin"
    assert summer.params["TZID"] == "Europe/Dublin"
    assert winter.dt.astimezone(UTC) == datetime.datetime(
        2099, 2, 10, 19, 30, tzinfo=UTC
    )
    assert summer.dt.astimezone(UTC) == datetime.datetime(
        2099, 7, 14, 18, 30, tzinfo=UTC
    )
    assert entries["Summer"]["DTEND"].dt.astimezone(UTC).hour == 20


def test_every_zone_used_has_a_vtimezone(client):
    event_at("Europe/Dublin", 2099, 2, 10, 19, 30)
    event_at("America/Montreal", 2099, 3, 1, 18, 0)
    event_at("Europe/Dublin", 2099, 3, 10, 19, 30)
    calendar = parse(client.get("/en/events.ics"))
    zones = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    used = {str(entry["DTSTART"].params["TZID"]) for entry in vevents(calendar)}
    assert used == {"Europe/Dublin", "America/Montreal"}
    assert zones == used


def test_entry_fields(client):
    event = make_event(
        title="Solidarity with the dockers",
        summary="Speakers from Liverpool.",
        venue_name="Liberty Hall",
        address="33 Eden Quay",
        city="Dublin",
        country="IE",
        online_url="https://meet.example.org/dockers",
    )
    entry = vevents(parse(client.get("/en/events.ics")))[0]
    assert str(entry["UID"]) == f"event-{event.pk}@campaign.example.org"
    assert int(entry["SEQUENCE"]) == 0
    assert entry["DTSTAMP"].dt == event.updated_at.replace(microsecond=0)
    assert entry["LAST-MODIFIED"].dt == event.updated_at.replace(microsecond=0)
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert str(entry["LOCATION"]) == "Liberty Hall, 33 Eden Quay, Dublin, Ireland"
    assert str(entry["URL"]) == f"https://campaign.example.org/en/events/{event.slug}/"
    assert "https://meet.example.org/dockers" in str(entry["DESCRIPTION"])


def test_uid_is_stable_and_sequence_grows_when_a_meeting_changes(client):
    event = make_event(title="Before")
    first = vevents(parse(client.get("/en/events.ics")))[0]
    event = Event.objects.get(pk=event.pk)
    event.title = "After"
    event.slug = "after-the-edit"
    event.starts_at += datetime.timedelta(hours=1)
    event.save()
    second = vevents(parse(client.get("/en/events.ics")))[0]
    assert second["UID"] == first["UID"]
    assert int(second["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    assert str(second["SUMMARY"]) == "After"


def test_sequence_unchanged_by_edits_a_calendar_does_not_show():
    event = make_event()
    event = Event.objects.get(pk=event.pk)
    event.needs_review = True
    event.save()
    event = Event.objects.get(pk=event.pk)
    event.starts_at = event.starts_at.astimezone(event.tzinfo)  # same instant
    event.save()
    assert Event.objects.get(pk=event.pk).sequence == 0


def test_cancelled_meeting_is_marked_cancelled(client):
    event = make_event()
    event = Event.objects.get(pk=event.pk)
    event.is_cancelled = True
    event.save()
    entry = vevents(parse(client.get(f"/en/events/{event.slug}.ics")))[0]
    assert str(entry["STATUS"]) == "CANCELLED"
    assert int(entry["SEQUENCE"]) == 1


def test_injected_components_stay_text(client):
    """A title cannot start a component: newlines are escaped and long lines
    folded, so the file still holds one meeting."""
    title = "Meeting\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Fake; with, chars"
    make_event(title=title, summary="x" * 300)
    response = client.get("/en/events.ics")
    calendar = parse(response)
    entries = vevents(calendar)
    assert len(entries) == 1
    # Titles are one line (line breaks become spaces on save,
    # solidarity/sanitize.py); the injected text stays text either way.
    assert str(entries[0]["SUMMARY"]) == title.replace("\r\n", " ")
    lines = response.content.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == 1
    assert all(len(line) <= 75 for line in lines)


def test_single_meeting_file(client):
    event = event_at("Europe/Dublin", 2099, 2, 10, 19, 30)
    response = client.get(f"/en/events/{event.slug}.ics")
    entries = vevents(parse(response))
    assert len(entries) == 1
    assert f'filename="{event.slug}.ics"' in response["Content-Disposition"]


def test_single_meeting_file_hides_drafts(client):
    event = make_event(status=Post.Status.DRAFT)
    assert client.get(f"/en/events/{event.slug}.ics").status_code == 404


def test_feed_filters(client):
    make_event(title="Dublin", country="IE", city="Dublin", tags=["dockers"])
    make_event(title="Cork", country="IE", city="Cork")
    make_event(title="London", country="GB", city="London", tags=["dockers"])
    assert set(by_summary(parse(client.get("/en/events.ics?country=IE")))) == {
        "Dublin",
        "Cork",
    }
    assert set(by_summary(parse(client.get("/en/events.ics?city=dublin")))) == {
        "Dublin"
    }
    assert set(by_summary(parse(client.get("/en/events.ics?tag=dockers")))) == {
        "Dublin",
        "London",
    }


def test_feed_rejects_bad_filters(client):
    response = client.get("/en/events.ics?from=2026-02-31")
    assert response.status_code == 400
    assert b"from" in response.content


def test_country_and_tag_hub_feeds(client):
    make_event(title="About Ireland", country="GB", countries=["IE"], tags=["miners"])
    make_event(title="In Ireland", country="IE")
    make_event(title="Elsewhere", country="FR")
    country = by_summary(parse(client.get("/en/countries/ie/events.ics")))
    assert set(country) == {"About Ireland", "In Ireland"}
    tag = by_summary(parse(client.get("/en/tags/miners/events.ics")))
    assert set(tag) == {"About Ireland"}
    assert client.get("/en/countries/xx/events.ics").status_code == 404
    assert client.get("/en/tags/no-such-tag/events.ics").status_code == 404


def test_feed_query_count_is_constant(client, settings, django_assert_num_queries):
    """Guards against a query per meeting (tags, countries, organiser). A
    feed first reads its meetings' versions; only when the file is not
    cached for those does it load the meetings themselves."""
    settings.PAGE_CACHE_ENABLED = False  # count the view's own queries
    for n in range(3):
        make_event(title=f"Meeting {n}", tags=["a", "b"], countries=["IE", "GB"])
    for url, lookups in [
        ("/en/events.ics", 0),
        ("/en/countries/IE/events.ics", 0),
        ("/en/tags/a/events.ics", 1),  # the tag
    ]:
        with django_assert_num_queries(lookups + 2):  # versions, meetings
            first = client.get(url).content
        with django_assert_num_queries(lookups + 1):  # versions: unchanged
            assert client.get(url).content == first


def test_feeds_hold_the_next_meetings_up_to_the_limit(client, monkeypatch):
    from posts.meetings.views import feeds

    monkeypatch.setattr(feeds, "FEED_LIMIT", 2)
    for n in (3, 1, 2):
        make_event(
            title=f"In {n} days",
            starts_at=timezone.now() + datetime.timedelta(days=n),
            tags=["miners"],
        )
    for url in [
        "/en/events.ics",
        "/en/countries/IE/events.ics",
        "/en/tags/miners/events.ics",
    ]:
        calendar = parse(client.get(url))
        assert set(by_summary(calendar)) == {"In 1 days", "In 2 days"}, url


def test_a_meeting_without_a_known_day_has_no_calendar_entry(client):
    """An imported meeting dated only by its month (or not at all) would
    otherwise go into calendars on a made-up day (1 January 1900)."""
    for precision in ("month", "year", "unknown"):
        event = make_event(date_precision=precision)
        url = reverse("events:detail-ics", args=[event.slug])
        assert client.get(url).status_code == 404
    dated = make_event(date_precision="day")
    url = reverse("events:detail-ics", args=[dated.slug])
    assert client.get(url).status_code == 200
