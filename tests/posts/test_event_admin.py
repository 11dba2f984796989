"""Meetings in the admin: organisers' boundaries, local times, duplicate and
series actions."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from posts.meetings import recurrence
from posts.models import Event, Post
from tests.factories import make_event, make_user
from tests.posts.event_helpers import event_at, local

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:posts_event_changelist")
ADD = reverse("admin:posts_event_add")
UTC = datetime.UTC


def change_url(event):
    return reverse("admin:posts_event_change", args=[event.pk])


def form_data(**overrides):
    data = {
        "title": "Public meeting",
        "slug": "public-meeting",
        "organised_by": "",
        "summary": "",
        "body": "",
        "timezone": "Europe/Dublin",
        "starts_at_0": "2099-02-10",
        "starts_at_1": "19:30",
        "ends_at_0": "2099-02-10",
        "ends_at_1": "21:00",
        "venue_name": "Liberty Hall",
        "address": "",
        "city": "Dublin",
        "country": "IE",
        "online_url": "",
        "status": "published",
        "published_at_0": "2026-01-01",
        "published_at_1": "10:00",
        "expires_at_0": "",
        "expires_at_1": "",
        "tags": "",
        "contact_name": "",
        "contact_email": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def test_organiser_adds_a_meeting_in_local_time(organiser_client, organiser):
    response = organiser_client.post(ADD, form_data())
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert event.organiser == organiser
    assert event.created_by == organiser
    assert event.starts_at == datetime.datetime(2099, 2, 10, 19, 30, tzinfo=UTC)
    assert event.ends_at == datetime.datetime(2099, 2, 10, 21, 0, tzinfo=UTC)
    assert [country.code for country in event.countries.all()] == ["IE"]


@pytest.mark.parametrize(
    "zone, day, utc_hour",
    [
        ("Europe/Dublin", "2099-02-10", 19),  # GMT
        ("Europe/Dublin", "2099-07-14", 18),  # IST, UTC+1
        ("America/Toronto", "2099-03-07", 0),  # EST, next day in UTC
        ("America/Toronto", "2099-03-14", 23),  # EDT, after the change
    ],
)
def test_admin_times_are_the_venues_across_summer_time(
    editor_client, zone, day, utc_hour
):
    country = "CA" if zone.startswith("America") else "IE"
    data = form_data(
        timezone=zone, country=country, starts_at_0=day, ends_at_0="", ends_at_1=""
    )
    response = editor_client.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    starts = Event.objects.get().starts_at
    assert starts.astimezone(UTC).hour == utc_hour
    assert starts.astimezone(UTC).minute == 30


def test_admin_shows_stored_times_in_the_venues_zone(editor_client):
    event = event_at("America/Montreal", 2099, 7, 14, 18, 0)
    content = editor_client.get(change_url(event)).content.decode()
    assert 'name="starts_at_0" value="14/07/2099"' in content
    assert 'name="starts_at_1" value="18:00:00"' in content
    listing = editor_client.get(CHANGELIST).content.decode()
    assert "Tue 14 Jul 2099, 18:00 EDT" in listing


def test_saving_unchanged_keeps_the_time_and_sequence(editor_client):
    event = event_at("Europe/Dublin", 2099, 7, 14, 19, 30, slug="unchanged")
    data = form_data(
        slug="unchanged",
        title=event.title,
        starts_at_0="2099-07-14",
        ends_at_0="2099-07-14",
        starts_at_1="19:30",
        ends_at_1="21:30",
        venue_name=event.venue_name,
    )
    response = editor_client.post(change_url(event), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.starts_at == local("Europe/Dublin", 2099, 7, 14, 19, 30)
    assert event.sequence == 0


def test_admin_refuses_end_before_start_and_skipped_times(editor_client):
    response = editor_client.post(ADD, form_data(ends_at_1="18:00"))
    assert "cannot end before it starts" in response.content.decode()
    response = editor_client.post(
        ADD, form_data(starts_at_0="2099-03-29", starts_at_1="01:30", ends_at_0="")
    )
    assert "does not exist in Europe/Dublin" in response.content.decode()
    assert not Event.objects.exists()


def test_organisers_see_and_change_only_their_own(client, organiser):
    other = make_user(group="Organisers")
    mine = make_event(title="Mine", organiser=organiser)
    theirs = make_event(title="Theirs", organiser=other)
    client.force_login(organiser)
    listing = client.get(CHANGELIST)
    assert [event.title for event in listing.context["cl"].result_list] == ["Mine"]
    assert client.get(change_url(mine)).status_code == 200
    assert client.get(change_url(theirs)).status_code in (302, 403, 404)
    response = client.post(change_url(theirs), form_data(title="Hijacked"))
    assert response.status_code in (302, 403, 404)
    theirs.refresh_from_db()
    assert theirs.title == "Theirs"
    delete = reverse("admin:posts_event_delete", args=[theirs.pk])
    client.post(delete, {"post": "yes"})
    assert Event.objects.filter(pk=theirs.pk).exists()


def test_organiser_cannot_hand_a_meeting_to_someone_else(organiser_client, organiser):
    other = make_user(group="Organisers")
    organiser_client.post(ADD, form_data(organiser=other.pk))
    assert Event.objects.get().organiser == organiser


def test_organisers_cannot_reach_articles(organiser_client):
    assert (
        organiser_client.get(reverse("admin:posts_article_changelist")).status_code
        == 403
    )


def test_editors_see_every_meeting(editor_client, organiser):
    make_event(title="Organiser's", organiser=organiser)
    make_event(title="Proposal", status=Post.Status.DRAFT, needs_review=True)
    listing = editor_client.get(CHANGELIST)
    assert len(listing.context["cl"].result_list) == 2


def test_duplicate_makes_next_months_meeting(organiser_client, organiser):
    # Second Tuesday of February at 19:30 GMT -> second Tuesday of March,
    # still 19:30 local.
    event = event_at(
        "Europe/Dublin",
        2099,
        2,
        10,
        19,
        30,
        organiser=organiser,
        tags=["dockers"],
        online_url="https://meet.example.org/x",
    )
    response = organiser_client.post(
        CHANGELIST,
        {"action": "duplicate_next_month", ACTION_CHECKBOX_NAME: [event.pk]},
        follow=True,
    )
    assert "1 draft meeting created: Tue 10 Mar 2099" in response.content.decode()
    copy = Event.objects.exclude(pk=event.pk).get()
    assert copy.starts_at == local("Europe/Dublin", 2099, 3, 10, 19, 30)
    assert copy.ends_at - copy.starts_at == datetime.timedelta(hours=2)
    assert copy.status == Post.Status.DRAFT
    assert copy.organiser == organiser
    assert copy.venue_name == event.venue_name
    assert copy.online_url == event.online_url
    assert [tag.name for tag in copy.tags.all()] == ["dockers"]
    assert copy.slug != event.slug
    assert copy.sequence == 0


def test_duplicate_keeps_local_time_across_summer_time(editor_client):
    # Last Tuesday of March (GMT) -> last Tuesday of April (IST): 19:30 both.
    event = event_at("Europe/Dublin", 2099, 3, 31, 19, 30)
    editor_client.post(
        CHANGELIST, {"action": "duplicate_next_month", ACTION_CHECKBOX_NAME: [event.pk]}
    )
    copy = Event.objects.exclude(pk=event.pk).get()
    assert copy.starts_at == datetime.datetime(2099, 4, 28, 18, 30, tzinfo=UTC)


def test_series_asks_for_the_pattern_then_creates_drafts(organiser_client, organiser):
    event = event_at("Europe/Dublin", 2099, 1, 6, 19, 30, organiser=organiser)
    first = organiser_client.post(
        CHANGELIST, {"action": "create_series", ACTION_CHECKBOX_NAME: [event.pk]}
    )
    assert first.status_code == 200
    content = first.content.decode()
    assert "Create the meetings" in content
    assert 'value="1" selected' in content  # first …
    response = organiser_client.post(
        CHANGELIST,
        {
            "action": "create_series",
            ACTION_CHECKBOX_NAME: [event.pk],
            "apply": "1",
            "frequency": "monthly",
            "ordinal": "1",
            "weekday": "1",
            "count": "6",
        },
        follow=True,
    )
    assert "6 draft meetings created" in response.content.decode()
    copies = Event.objects.exclude(pk=event.pk).order_by("starts_at")
    assert [copy.starts_at for copy in copies] == [
        local("Europe/Dublin", 2099, month, day, 19, 30)
        for month, day in [(2, 3), (3, 3), (4, 7), (5, 5), (6, 2), (7, 7)]
    ]
    # Summer time: the same local time is an hour earlier in UTC.
    assert copies[0].starts_at.astimezone(UTC).hour == 19
    assert copies[5].starts_at.astimezone(UTC).hour == 18
    assert {copy.status for copy in copies} == {Post.Status.DRAFT}
    assert {copy.organiser for copy in copies} == {organiser}
    # Each is its own meeting: changing one leaves the others alone.
    copies[1].title = "March: special guest"
    copies[1].save()
    assert Event.objects.filter(title="March: special guest").count() == 1


def test_series_refuses_bad_input_and_several_meetings(editor_client):
    one, two = make_event(), make_event()
    response = editor_client.post(
        CHANGELIST,
        {"action": "create_series", ACTION_CHECKBOX_NAME: [one.pk, two.pk]},
        follow=True,
    )
    assert "Select exactly one meeting" in response.content.decode()
    response = editor_client.post(
        CHANGELIST,
        {
            "action": "create_series",
            ACTION_CHECKBOX_NAME: [one.pk],
            "apply": "1",
            "frequency": "monthly",
            "ordinal": "1",
            "weekday": "9",
            "count": "500",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"weekday", "count"}
    assert Event.objects.count() == 2


def test_organisers_cannot_duplicate_others_meetings(organiser_client):
    theirs = make_event(organiser=make_user(group="Organisers"))
    organiser_client.post(
        CHANGELIST,
        {"action": "duplicate_next_month", ACTION_CHECKBOX_NAME: [theirs.pk]},
    )
    assert Event.objects.count() == 1


@pytest.mark.parametrize(
    "day, expected",
    [
        (datetime.date(2026, 2, 10), datetime.date(2026, 3, 10)),  # 2nd Tuesday
        (datetime.date(2026, 1, 30), datetime.date(2026, 2, 27)),  # 5th Fri -> last
        (datetime.date(2026, 12, 1), datetime.date(2027, 1, 5)),  # year change
    ],
)
def test_next_month_date(day, expected):
    assert recurrence.next_month_date(day) == expected


def test_weekly_dates():
    assert recurrence.weekly_dates(datetime.date(2026, 2, 10), 1, 3) == [
        datetime.date(2026, 2, 17),
        datetime.date(2026, 2, 24),
        datetime.date(2026, 3, 3),
    ]


def test_monthly_dates_take_the_nth_or_last_weekday_after_the_day():
    """The series' monthly pattern (dateutil.rrule): the day itself is never
    a copy, and a last weekday may still fall in the same month."""
    first_tuesdays = recurrence.monthly_dates(datetime.date(2026, 2, 10), 1, 1, 3)
    assert first_tuesdays == [
        datetime.date(2026, 3, 3),
        datetime.date(2026, 4, 7),
        datetime.date(2026, 5, 5),
    ]
    assert recurrence.monthly_dates(datetime.date(2026, 3, 3), 1, 1, 1) == [
        datetime.date(2026, 4, 7)
    ]
    assert recurrence.monthly_dates(datetime.date(2026, 1, 1), 4, -1, 2) == [
        datetime.date(2026, 1, 30),
        datetime.date(2026, 2, 27),
    ]


def test_admin_refuses_a_slug_taken_by_a_page(editor_client):
    response = editor_client.post(ADD, form_data(slug="propose"))
    assert "taken by a page of the site" in response.content.decode()
    assert not Event.objects.exists()
