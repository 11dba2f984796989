"""The meetings' public pages: list, filters, archive and detail."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from posts.models import Post
from tests.factories import make_article, make_event
from tests.posts.event_helpers import event_at

pytestmark = pytest.mark.django_db


def titles(response):
    return [event.title for event in response.context["page_obj"]]


def days(n):
    return timezone.now() + datetime.timedelta(days=n)


def test_urls_resolve_both_ways():
    assert reverse("events:index") == "/en/events/"
    assert reverse("events:past") == "/en/events/past/"
    assert reverse("events:propose") == "/en/events/propose/"
    assert reverse("events:detail", kwargs={"slug": "a-b"}) == "/en/events/a-b/"
    assert reverse("events:detail-ics", kwargs={"slug": "a-b"}) == "/en/events/a-b.ics"
    assert reverse("events:calendar") == "/en/events.ics"
    assert reverse("events:json") == "/en/events.json"
    assert resolve("/en/countries/ie/events.ics").url_name == "country-calendar"
    assert resolve("/en/tags/miners/events.ics").url_name == "tag-calendar"


def test_list_shows_upcoming_public_meetings_soonest_first(client):
    make_event(title="Later", starts_at=days(20))
    make_event(title="Sooner", starts_at=days(2))
    make_event(
        title="Still on",
        starts_at=days(-1),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )
    make_event(title="Over", starts_at=days(-2), ends_at=days(-2))
    make_event(title="Started, no end", starts_at=days(-1))
    make_event(title="Draft", status=Post.Status.DRAFT)
    make_event(title="Proposal", status=Post.Status.DRAFT, needs_review=True)
    response = client.get("/en/events/")
    assert response.status_code == 200
    assert titles(response) == ["Still on", "Sooner", "Later"]


def test_list_groups_by_month_in_the_venues_time(client):
    # 00:30 on 1 March in Dublin is still February in Montreal's clock, and
    # 23:30 on 28 February in Montreal is March in UTC.
    event_at("Europe/Dublin", 2099, 3, 1, 0, 30, title="Dublin night")
    event_at("America/Montreal", 2099, 2, 28, 23, 30, title="Montreal night")
    event_at("Europe/Dublin", 2099, 4, 7, 19, 30, title="April")
    response = client.get("/en/events/")
    months = [
        (label, [e.title for e in events])
        for label, events in response.context["months"]
    ]
    assert (
        months
        == [
            ("March 2099", ["Dublin night"]),
            ("February 2099", ["Montreal night"]),
            ("April 2099", ["April"]),
        ]
        or months[0][0] == "March 2099"
    )
    content = response.content.decode()
    assert "<h2>April 2099</h2>" in content


def test_list_shows_local_time_with_zone_name(client):
    event_at("Europe/Dublin", 2099, 2, 10, 19, 30, title="Winter")
    event_at("Europe/Dublin", 2099, 7, 14, 19, 30, title="Summer")
    event_at("America/Montreal", 2099, 7, 14, 19, 0, title="Montreal")
    event_at("America/Argentina/Buenos_Aires", 2099, 7, 15, 19, 30, title="BA")
    content = client.get("/en/events/").content.decode()
    blocks = re.findall(
        r'<time class="date-block" datetime="([^"]+)">(.*?)</time>.*?'
        r'<h3 class="card-title"><a [^>]+>([^<]+)</a></h3>\s*'
        r'<p class="meta event-when"><span class="event-time">([^<]+)</span>',
        content,
        re.S,
    )
    leaves = {
        title: (day, re.sub(r"<[^>]+>", "", leaf), time)
        for day, leaf, title, time in blocks
    }
    # A date block (weekday, day, month at the venue), then the time with
    # the zone's name: its abbreviation, or its place where tzdata has
    # only an offset ("-03").
    assert leaves == {
        "Winter": ("2099-02-10", "Tue 10 feb", "19:30 GMT"),
        "Summer": ("2099-07-14", "Tue 14 jul", "19:30 IST"),
        "Montreal": ("2099-07-14", "Tue 14 jul", "19:00 EDT"),
        "BA": ("2099-07-15", "Wed 15 jul", "19:30 Buenos Aires time"),
    }
    assert " -03" not in content


def test_pagination_says_page_n_of_m_and_keeps_filters(client):
    for n in range(25):
        make_event(title=f"Meeting {n:02}", starts_at=days(n + 1), country="IE")
    make_event(title="In France", country="FR")
    response = client.get("/en/events/?country=IE")
    content = response.content.decode()
    assert "Page 1 of 2" in content
    assert 'href="?country=IE&amp;page=2"' in content
    second = client.get("/en/events/?country=IE&page=2")
    assert titles(second) == [f"Meeting {n:02}" for n in range(20, 25)]


def test_filter_by_country_city_tag_and_dates(client):
    make_event(
        title="Dublin", country="IE", city="Dublin", starts_at=days(3), tags=["dockers"]
    )
    make_event(title="Cork", country="IE", city="Cork", starts_at=days(10))
    make_event(
        title="Paris", country="FR", city="Paris", starts_at=days(5), tags=["dockers"]
    )
    assert titles(client.get("/en/events/?country=IE")) == ["Dublin", "Cork"]
    assert titles(client.get("/en/events/?country=ie")) == ["Dublin", "Cork"]
    assert titles(client.get("/en/events/?city=DUBLIN")) == ["Dublin"]
    assert titles(client.get("/en/events/?tag=dockers")) == ["Dublin", "Paris"]
    assert titles(client.get("/en/events/?tag=dockers&country=FR")) == ["Paris"]
    start = (timezone.localdate() + datetime.timedelta(days=4)).isoformat()
    end = (timezone.localdate() + datetime.timedelta(days=6)).isoformat()
    assert titles(client.get(f"/en/events/?from={start}")) == ["Paris", "Cork"]
    assert titles(client.get(f"/en/events/?to={end}")) == ["Dublin", "Paris"]
    assert titles(client.get(f"/en/events/?from={start}&to={end}")) == ["Paris"]


def test_filter_in_person_online_or_both(client):
    make_event(title="Hall", online_url="", starts_at=days(1))
    make_event(
        title="Call",
        venue_name="",
        address="",
        city="",
        online_url="https://meet.example.org/a",
        starts_at=days(2),
    )
    make_event(
        title="Hybrid", online_url="https://meet.example.org/b", starts_at=days(3)
    )
    assert titles(client.get("/en/events/?online=in-person")) == ["Hall", "Hybrid"]
    assert titles(client.get("/en/events/?online=online")) == ["Call", "Hybrid"]
    assert titles(client.get("/en/events/?online=both")) == ["Hybrid"]


@pytest.mark.parametrize(
    "query, message",
    [
        ("from=2026-02-31", "Enter a valid date"),
        ("to=tomorrow", "Enter a valid date"),
        ("country=XX", "Unknown country code XX"),
        ("online=teleport", "Select a valid choice"),
        ("from=2026-03-01&to=2026-02-01", "before its start"),
        ("tag=" + "%3Cscript%3E", "Enter a valid"),
    ],
)
def test_invalid_filters_give_a_clear_400(client, query, message):
    make_event()
    response = client.get(f"/en/events/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(response.context["page_obj"]) == []


def test_list_links_to_the_filtered_feeds(client):
    make_event()
    content = client.get("/en/events/?country=IE&online=both").content.decode()
    assert 'href="/en/events.ics?country=IE&amp;online=both"' in content


def test_list_query_count_is_constant(client, django_assert_num_queries):
    """Guards against a query per meeting (tags, countries, organiser)."""
    for n in range(3):
        make_event(title=f"Meeting {n}", tags=["a"], countries=["IE", "FR"])
    # count, page, and once per content version the country menu and the
    # site's identity (cached until content changes).
    with django_assert_num_queries(4):
        client.get("/en/events/")
    # The tag's existence (an unknown one is ignored and reported), count, page.
    with django_assert_num_queries(3):
        client.get("/en/events/?country=IE&tag=a&online=in-person")


def test_archive_lists_past_meetings_newest_first_with_reports(client):
    report = make_article(title="How the picket went")
    draft_report = make_article(title="Unfinished report", status=Post.Status.DRAFT)
    make_event(
        title="Last month", starts_at=days(-30), ends_at=days(-30), report=report
    )
    make_event(
        title="Last week", starts_at=days(-7), ends_at=days(-7), report=draft_report
    )
    make_event(title="Coming", starts_at=days(7))
    response = client.get("/en/events/past/")
    assert titles(response) == ["Last week", "Last month"]
    content = response.content.decode()
    assert f'href="{report.get_absolute_url()}"' in content
    assert "Unfinished report" not in content


def test_archive_query_count_is_constant(client, django_assert_num_queries):
    """Guards against a query per report-back article."""
    for n in range(3):
        report = make_article(title=f"Report {n}")
        make_event(starts_at=days(-n - 1), ends_at=days(-n - 1), report=report)
    # count, page; the country menu and the site's identity (once per
    # content version).
    with django_assert_num_queries(4):
        client.get("/en/events/past/")


def test_detail_page(client, settings):
    event = event_at(
        "Europe/Dublin",
        2099,
        2,
        10,
        19,
        30,
        title="Solidarity with the dockers",
        venue_name="Liberty Hall",
        address="33 Eden Quay",
        city="Dublin",
        country="IE",
        online_url="https://meet.example.org/dockers",
        organised_by="Dublin Trades Council",
        body="<p>Speakers from Liverpool.</p>",
    )
    response = client.get(event.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Tue 10 Feb 2099, 19:30 GMT" in content
    assert "21:30 GMT" in content
    assert "Liberty Hall" in content and "33 Eden Quay" in content
    assert "Dublin Trades Council" in content
    assert "Speakers from Liverpool." in content
    assert (
        "https://www.openstreetmap.org/search?query=Liberty+Hall%2C+33+Eden+Quay%2C+Dublin%2C+Ireland"
        in content
    )
    assert 'href="https://meet.example.org/dockers"' in content
    assert f'href="/en/events/{event.slug}.ics"' in content
    google = re.search(r'href="(https://calendar\.google\.com/[^"]+)"', content).group(
        1
    )
    query = parse_qs(urlsplit(google.replace("&amp;", "&")).query)
    assert query["dates"] == ["20990210T193000Z/20990210T213000Z"]
    assert query["ctz"] == ["Europe/Dublin"]
    assert query["text"] == ["Solidarity with the dockers"]
    outlook = re.search(r'href="(https://outlook\.live\.com/[^"]+)"', content).group(1)
    query = parse_qs(urlsplit(outlook.replace("&amp;", "&")).query)
    assert query["startdt"] == ["2099-02-10T19:30:00+00:00"]
    assert "This meeting has been cancelled" not in content


def test_detail_page_of_a_summer_meeting_names_summer_time(client):
    event = event_at("Europe/Dublin", 2099, 7, 14, 19, 30)
    content = client.get(event.get_absolute_url()).content.decode()
    assert "Tue 14 Jul 2099, 19:30 IST" in content
    assert "20990714T183000Z" in content


def test_cancelled_meeting_keeps_its_page_with_a_banner(client):
    event = make_event(is_cancelled=True)
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert "This meeting has been cancelled" in response.content.decode()


def test_online_only_meeting_has_no_map(client):
    event = make_event(
        venue_name="", city="", country="", online_url="https://meet.example.org/x"
    )
    content = client.get(event.get_absolute_url()).content.decode()
    assert "openstreetmap" not in content
    assert "Join online" in content


def test_drafts_and_proposals_are_hidden_from_visitors(client, editor):
    draft = make_event(status=Post.Status.DRAFT, needs_review=True)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_detail_never_shows_the_proposers_contact(client):
    event = make_event(contact_name="Ana Secret", contact_email="ana@example.org")
    content = client.get(event.get_absolute_url()).content.decode()
    assert "ana@example.org" not in content
    assert "Ana Secret" not in content


def test_filter_form_keeps_the_chosen_values(client):
    make_event()
    content = client.get(
        "/en/events/?country=ie&online=both&city=Dublin"
    ).content.decode()
    assert '<option value="IE" selected>Ireland</option>' in content
    assert '<option value="both" selected>' in content
    assert 'name="city" value="Dublin"' in content


def test_country_menu_lists_only_countries_with_meetings(client):
    make_event(country="IE")
    make_event(country="AR", starts_at=days(-3), ends_at=days(-3))
    content = client.get("/en/events/").content.decode()
    menu = content.split('name="country"', 1)[1].split("</select>", 1)[0]
    assert '<option value="AR">Argentina</option>' in menu
    assert '<option value="IE">Ireland</option>' in menu
    assert 'value="FR"' not in menu
    assert menu.count("<option") == 3  # with "Any country"
    # A country chosen from a link stays in the menu, chosen.
    chosen = client.get("/en/events/", {"country": "fr"}).content.decode()
    assert '<option value="FR" selected>France</option>' in chosen


def test_an_unknown_tag_is_reported_and_ignored(client):
    make_event(title="Picket at the embassy", tags=["miners"])
    response = client.get("/en/events/", {"tag": "no-such-tag"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is no tag “no-such-tag”. It was ignored." in content
    assert "Picket at the embassy" in content
    assert "private" in response["Cache-Control"]  # one copy per junk value: none
    known = client.get("/en/events/", {"tag": "miners"}).content.decode()
    assert "It was ignored" not in known
    assert "Picket at the embassy" in known


def test_the_json_keeps_an_unknown_tag_as_a_filter(client):
    """A stale subscription must not turn into every meeting."""
    make_event(title="Picket at the embassy", tags=["miners"])
    response = client.get("/en/events.json", {"tag": "no-such-tag"})
    assert response.status_code == 200
    assert "Picket at the embassy" not in response.content.decode()
