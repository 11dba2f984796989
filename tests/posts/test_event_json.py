"""/en/events.json for partner sites."""

import datetime

import pytest
from django.utils import timezone

from posts.models import Event, Post
from tests.factories import make_event
from tests.posts.event_helpers import event_at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://campaign.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "evil.example.com"]


def test_fields(client):
    event = event_at(
        "Europe/Dublin",
        2099,
        7,
        14,
        19,
        30,
        title="Summer meeting",
        venue_name="Liberty Hall",
        address="33 Eden Quay",
        online_url="https://meet.example.org/x",
        contact_email="secret@example.org",
    )
    response = client.get("/en/events.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["count"] == 1
    assert body["events"] == [
        {
            "id": event.pk,
            "title": "Summer meeting",
            "url": f"https://campaign.example.org/en/events/{event.slug}/",
            "starts_at": "2099-07-14T19:30:00+01:00",
            "ends_at": "2099-07-14T21:30:00+01:00",
            "timezone": "Europe/Dublin",
            "venue": "Liberty Hall",
            "address": "33 Eden Quay",
            "city": "Dublin",
            "country": "IE",
            "online_url": "https://meet.example.org/x",
            "cancelled": False,
            "updated_at": event.updated_at.isoformat(),
        }
    ]
    assert "secret@example.org" not in response.content.decode()


def test_urls_ignore_a_foreign_host_header(client):
    make_event()
    response = client.get("/en/events.json", HTTP_HOST="evil.example.com")
    event = response.json()["events"][0]
    assert event["url"].startswith("https://campaign.example.org/en/events/")


def test_only_public_upcoming_meetings(client):
    make_event(title="Public")
    make_event(title="Cancelled", is_cancelled=True)
    make_event(title="Draft", status=Post.Status.DRAFT, needs_review=True)
    make_event(
        title="Expired",
        published_at=timezone.now() - datetime.timedelta(days=2),
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    make_event(title="Over", starts_at=timezone.now() - datetime.timedelta(days=1))
    events = client.get("/en/events.json").json()["events"]
    assert {event["title"]: event["cancelled"] for event in events} == {
        "Public": False,
        "Cancelled": True,
    }


def test_same_filters_as_the_list(client):
    make_event(title="Dublin", country="IE", city="Dublin", tags=["dockers"])
    make_event(title="Paris", country="FR", city="Paris")
    for query, expected in [
        ("country=IE", ["Dublin"]),
        ("city=paris", ["Paris"]),
        ("tag=dockers", ["Dublin"]),
        ("online=online", []),
    ]:
        events = client.get(f"/en/events.json?{query}").json()["events"]
        assert [event["title"] for event in events] == expected, query


def test_updated_since(client):
    old = make_event(title="Old")
    Event.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=3)
    )
    make_event(title="Fresh")
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    # Both an encoded "+" and one that arrived as a space are understood.
    for value in [since.replace("+", "%2B"), since]:
        response = client.get(f"/en/events.json?updated_since={value}")
        assert response.status_code == 200, response.content
        assert [event["title"] for event in response.json()["events"]] == ["Fresh"]
    response = client.get("/en/events.json?updated_since=2000-01-01T00:00:00Z")
    assert response.json()["count"] == 2


@pytest.mark.parametrize(
    "query, field",
    [
        ("from=2026-02-31", "from"),
        ("updated_since=yesterday", "updated_since"),
        ("country=ZZ", "country"),
        ("online=maybe", "online"),
    ],
)
def test_invalid_parameters_are_a_400_with_a_json_error(client, query, field):
    response = client.get(f"/en/events.json?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "Invalid filter."
    assert field in body["fields"]


def test_pages(client):
    for n in range(3):
        make_event(title=f"Meeting {n}")
    response = client.get("/en/events.json?page=abc")
    assert response.status_code == 400
    assert "page" in response.json()["error"]
    assert client.get("/en/events.json?page=9").status_code == 404


def test_next_page_link(client, monkeypatch):
    from posts.meetings.views import feeds

    monkeypatch.setattr(feeds, "JSON_PAGE_SIZE", 2)
    for n in range(3):
        make_event(title=f"Meeting {n}", country="IE")
    body = client.get("/en/events.json?country=IE").json()
    assert body["pages"] == 2
    assert (
        body["next"] == "https://campaign.example.org/en/events.json?country=IE&page=2"
    )
    assert len(client.get(body["next"]).json()["events"]) == 1


def test_query_count_is_constant(client, django_assert_num_queries):
    """Guards against a query per meeting."""
    for n in range(3):
        make_event(title=f"Meeting {n}", tags=["a"], countries=["IE", "GB"])
    with django_assert_num_queries(2):  # count, page
        client.get("/en/events.json?tag=a")
