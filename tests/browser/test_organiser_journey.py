"""Meetings end to end in Chromium: an organiser lists a meeting and a
visitor finds it and takes it home as .ics; a visitor proposes a meeting
and an editor publishes it."""

import datetime

from django.contrib.auth.models import Permission
from django.utils import timezone
from icalendar import Calendar

from posts.models import Event
from solidarity import antispam
from tests.browser.conftest import login, screenshot
from tests.factories import make_event, make_user


def future_day(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_organiser_adds_a_dublin_meeting_that_visitors_find_and_save(page):
    organiser = make_user(group="Organisers", first_name="Aoife", last_name="Byrne")
    # An organiser an editor lets publish without review (see
    # test_review_journey.py for one who may not).
    organiser.user_permissions.add(
        Permission.objects.get(
            codename="publish_event", content_type__app_label="posts"
        )
    )
    make_event(title="A meeting in Paris", country="FR", city="Paris")
    day = future_day(30)

    login(page, organiser.username)
    page.goto("/admin/posts/event/add/")
    page.fill("#id_title", "Dublin dockers solidarity meeting")
    page.select_option("#id_timezone", "Europe/Dublin")
    page.fill("#id_starts_at_0", day)
    page.fill("#id_starts_at_1", "19:30")
    page.fill("#id_ends_at_0", day)
    page.fill("#id_ends_at_1", "21:30")
    page.fill("#id_venue_name", "Liberty Hall")
    page.fill("#id_city", "Dublin")
    page.select_option("#id_country", "IE")
    page.select_option("#id_status", "published")
    screenshot(page, "organiser-add-meeting")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/posts/event/")
    assert "was added successfully" in page.locator(".messagelist").inner_text()

    # The admin's script made the slug from the title.
    event = Event.objects.get(slug="dublin-dockers-solidarity-meeting")
    assert event.organiser == organiser
    assert event.local_starts_at.strftime("%H:%M") == "19:30"

    page.goto("/en/events/")
    page.select_option("#id_country", "IE")
    page.click("text=Show meetings")
    page.wait_for_url("**/events/?*country=IE*")
    assert page.get_by_role(
        "link", name="Dublin dockers solidarity meeting"
    ).is_visible()
    assert page.get_by_role("link", name="A meeting in Paris").count() == 0
    screenshot(page, "events-filtered-ireland")

    page.get_by_role("link", name="Dublin dockers solidarity meeting").click()
    assert "19:30" in page.locator(".event-facts").inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download .ics file").click()
    download = download_info.value
    assert download.suggested_filename == "dublin-dockers-solidarity-meeting.ics"
    with open(download.path(), "rb") as ics:
        calendar = Calendar.from_ical(ics.read())
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Dublin dockers solidarity meeting"
    assert entry["DTSTART"].params["TZID"] == "Europe/Dublin"
    assert entry["DTSTART"].dt.strftime("%H:%M") == "19:30"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == [
        "Europe/Dublin"
    ]


def test_visitor_proposes_a_meeting_and_an_editor_publishes_it(page, monkeypatch):
    # The live server runs in this process; people take longer than bots.
    monkeypatch.setattr(antispam, "MIN_SECONDS", 1)
    editor = make_user(group="Editors")

    page.goto("/en/events/")
    page.locator(".events-actions").get_by_role(
        "link", name="Propose a meeting"
    ).click()
    # The honeypot is in the form, but off-screen for people.
    assert page.locator(".hp").bounding_box()["x"] < 0
    page.fill("#id_title", "Picket for the Kurdish prisoners")
    page.fill("#id_description", "Outside the embassy. Bring banners.")
    page.fill("#id_date", future_day(20))
    page.fill("#id_start_time", "18:00")
    page.select_option("#id_timezone", "Europe/London")
    page.fill("#id_venue_name", "Outside the embassy")
    page.fill("#id_city", "London")
    page.select_option("#id_country", "GB")
    page.fill("#id_organised_by", "London Kurdish Solidarity")
    page.fill("#id_contact_name", "Sam")
    page.fill("#id_contact_email", "sam@example.org")
    page.wait_for_timeout(1100)
    screenshot(page, "visitor-proposes-meeting")
    page.click("text=Send the proposal")
    page.wait_for_url("**/events/propose/thanks/")
    assert page.locator("h1").inner_text() == "Thank you"

    proposal = Event.objects.get(title="Picket for the Kurdish prisoners")
    assert proposal.needs_review and not proposal.is_published()
    page.goto("/en/events/")
    assert (
        page.get_by_role("link", name="Picket for the Kurdish prisoners").count() == 0
    )

    login(page, editor.username)
    page.goto("/admin/posts/event/?needs_review__exact=1")
    page.get_by_role("link", name="Picket for the Kurdish prisoners").click()
    page.select_option("#id_status", "published")
    page.uncheck("#id_needs_review")
    page.click("input[name=_save]")
    # Back to the list, with its filter kept.
    page.wait_for_url("**/admin/posts/event/?needs_review__exact=1")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    page.goto("/en/events/")
    page.get_by_role("link", name="Picket for the Kurdish prisoners").click()
    assert "London Kurdish Solidarity" in page.content()
    assert "sam@example.org" not in page.content()
    screenshot(page, "published-proposal")
