"""Meetings' time zones follow the venue: the default comes from the
country (and city where it has several), another country's zone must be
confirmed, the menu lists canonical zones by region with their offset, and
the form says back "18:00 in Caracas = 22:00 UTC"."""

import datetime

import pytest
from django.urls import reverse

from posts.meetings import zones
from posts.models import Event
from tests.factories import make_event
from tests.posts.test_event_admin import form_data

pytestmark = pytest.mark.django_db

ADD = reverse("admin:posts_event_add")


def meeting(**overrides):
    """The meeting form of test_event_admin, at a Caracas venue, its zone
    left to the venue."""
    data = form_data(
        title="Solidarity meeting",
        slug="solidarity-meeting",
        timezone="",
        starts_at_0="2030-12-10",
        starts_at_1="18:00",
        ends_at_0="",
        ends_at_1="",
        venue_name="Casa del pueblo",
        city="Caracas",
        country="VE",
        status="draft",
    )
    data.update(overrides)
    return data


def errors(response):
    return response.context["adminform"].form.errors


def test_the_zone_comes_from_the_venues_country(editor_client):
    response = editor_client.post(ADD, meeting(), follow=True)
    event = Event.objects.get(slug="solidarity-meeting")
    assert event.timezone == "America/Caracas"
    assert event.starts_at == datetime.datetime(
        2030, 12, 10, 22, 0, tzinfo=datetime.UTC
    )
    texts = [str(m) for m in response.context["messages"]]
    assert "Starts 18:00 in Caracas = 22:00 UTC." in texts


def test_a_country_with_several_zones_asks_the_city(editor_client):
    editor_client.post(ADD, meeting(country="US", city="Chicago", slug="chicago"))
    assert Event.objects.get(slug="chicago").timezone == "America/Chicago"
    response = editor_client.post(ADD, meeting(country="US", city="Nowhere", slug="x"))
    assert response.status_code == 200
    assert "United States of America has several" in str(errors(response)["timezone"])
    assert not Event.objects.filter(slug="x").exists()


def test_another_countrys_zone_must_be_confirmed(editor_client):
    data = meeting(country="CO", city="Bogotá", timezone="America/Caracas")
    response = editor_client.post(ADD, data)
    assert response.status_code == 200
    [message] = errors(response)["confirm_zone"]
    assert "America/Caracas is not a time zone of Colombia" in message
    assert not Event.objects.exists()
    response = editor_client.post(ADD, {**data, "confirm_zone": "on"})
    assert response.status_code == 302
    assert Event.objects.get().timezone == "America/Caracas"


def test_an_unchanged_confirmed_zone_is_not_asked_again(editor_client):
    event = make_event(timezone="America/Caracas", country="CO", city="Cúcuta")
    url = reverse("admin:posts_event_change", args=[event.pk])
    local = event.local_starts_at
    data = meeting(
        slug=event.slug,
        country="CO",
        city="Cúcuta",
        timezone="America/Caracas",
        starts_at_0=f"{local:%Y-%m-%d}",
        starts_at_1=f"{local:%H:%M}",
        published_at_0="2020-01-01",
    )
    assert editor_client.post(url, data).status_code == 302


def test_the_menu_lists_canonical_zones_by_region_with_offsets(editor_client):
    html = editor_client.get(ADD).text
    assert '<optgroup label="America">' in html
    assert "Caracas (UTC\u221204:00)" in html
    assert "Africa/Asmera" not in html and "Africa/Asmara" in html
    assert "US/Eastern" not in html
    assert 'id="zone-echo"' in html and "meeting-times.js" in html


def test_a_meeting_stored_with_an_alias_keeps_it(editor_client):
    event = make_event(timezone="Africa/Asmera", country="ER", city="Asmara")
    html = editor_client.get(reverse("admin:posts_event_change", args=[event.pk])).text
    assert 'value="Africa/Asmera" selected' in html


def test_the_change_form_says_the_time_back():
    event = make_event(
        timezone="America/Caracas",
        starts_at=datetime.datetime(2030, 12, 10, 22, 0, tzinfo=datetime.UTC),
    )
    from posts.meetings.admin_forms import VenueTimesForm

    form = VenueTimesForm(instance=event)
    assert (
        "Saved as 18:00 in Caracas = 22:00 UTC." in form.fields["starts_at"].help_text
    )


def test_echo_across_midnight_and_summer_time():
    # Naive on purpose: times as the clock reads at the venue.
    late = datetime.datetime(2030, 3, 9, 21, 0)  # noqa: DTZ001
    assert (
        zones.echo(late, "America/Toronto") == "21:00 in Toronto = 02:00 UTC on 10 Mar"
    )
    summer = datetime.datetime(2030, 7, 1, 19, 30)  # noqa: DTZ001
    assert zones.echo(summer, "Europe/Dublin") == "19:30 in Dublin = 18:30 UTC"


def test_zone_for_venue():
    assert zones.zone_for_venue("VE") == "America/Caracas"
    assert zones.zone_for_venue("IE", "Cork") == "Europe/Dublin"
    assert zones.zone_for_venue("BR", "São Paulo") == "America/Sao_Paulo"
    assert zones.zone_for_venue("US") is None
    assert zones.zone_for_venue("") is None
    assert zones.zone_mismatch("Europe/Zurich", "DE") is False  # zone1970.tab
    assert zones.zone_mismatch("America/Caracas", "CO") is True


@pytest.mark.parametrize(
    ("zone", "month", "name"),
    [
        ("Europe/London", 2, "GMT"),
        ("Europe/London", 7, "BST"),
        ("Europe/Madrid", 2, "CET"),
        ("America/New_York", 7, "EDT"),
        ("UTC", 2, "UTC"),
        # tzdata knows these only by their offset ("-03", "+0330"): the
        # place names them.
        ("America/Argentina/Buenos_Aires", 2, "Buenos Aires time"),
        ("Asia/Tehran", 2, "Tehran time"),
    ],
)
def test_a_zone_is_named_as_people_say_it(zone, month, name):
    moment = datetime.datetime(2026, month, 10, 19, 30, tzinfo=datetime.UTC)
    assert zones.zone_name(moment, zone) == name
    assert zones.time_with_zone(moment, zone).endswith(f" {name}")
