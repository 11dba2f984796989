"""
Rate limits that hold (issue 16, items 4 and 5): ten addresses got fifty
messages through, an IPv6 /64 was 2^64 buckets, the limits let everything
through while Redis was down, and one form token gave five messages.
"""

import ipaddress

import pytest
from django.core import mail
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from appeals import views
from appeals.models import SolidarityMessage, Supporter
from posts.models import Event
from solidarity import antispam
from tests.factories import form_started
from tests.posts.test_event_propose import proposal

pytestmark = pytest.mark.django_db

NEW = "/en/messages/new/"


def message(message_data, n):
    return {**message_data, "text": f"Message {n}", "started": form_started()}


@given(
    network=st.integers(0, 2**64 - 1),
    a=st.integers(0, 2**64 - 1),
    b=st.integers(0, 2**64 - 1),
)
def test_addresses_of_one_ipv6_64_are_one_client(network, a, b):
    prefix = (0x2001_0DB8 << 96) | (network << 64) if network else 0x2001_0DB8 << 96

    def group(host):
        address = str(ipaddress.IPv6Address(prefix | host))
        request = RequestFactory().get("/", REMOTE_ADDR=address)
        return antispam.client_group(request)

    assert group(a) == group(b)
    other = str(ipaddress.IPv6Address(prefix ^ (1 << 64)))
    assert antispam.client_group(RequestFactory().get("/", REMOTE_ADDR=other)) != group(
        a
    )


def test_ipv4_mapped_addresses_are_the_ipv4_client():
    request = RequestFactory().get("/", REMOTE_ADDR="::ffff:203.0.113.7")
    assert antispam.client_group(request) == "203.0.113.7"


def test_a_whole_ipv6_64_shares_one_limit(client, message_data):
    codes = [
        client.post(
            NEW, message(message_data, n), REMOTE_ADDR=f"2001:db8:1:2::{n:x}"
        ).status_code
        for n in range(1, 9)
    ]
    assert codes.count(302) == views.SUBMISSIONS_PER_HOUR
    assert codes[-1] == 429
    other = client.post(NEW, message(message_data, 99), REMOTE_ADDR="2001:db8:1:3::1")
    assert other.status_code == 302


def test_a_surge_from_many_addresses_is_held_not_mailed(
    client, message_data, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Ten addresses, five messages each: all saved (pending, as always), but
    the editors hear of the first `ceiling` only."""
    settings.EDITORS_EMAILS = ["editors@example.org"]
    monkeypatch.setattr(views.SpamProtectedFormView, "ceiling", 3)
    with django_capture_on_commit_callbacks(execute=True):
        for address in range(10):
            for n in range(5):
                response = client.post(
                    NEW, message(message_data, n), REMOTE_ADDR=f"127.0.0.{address + 1}"
                )
                assert response.status_code == 302
    assert SolidarityMessage.objects.count() == 50
    assert not SolidarityMessage.objects.exclude(moderation="pending").exists()
    assert len(mail.outbox) == 3


def test_a_surge_of_sign_ups_sends_no_confirmation_mail(
    client, supporter_data, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(views.SpamProtectedFormView, "ceiling", 2)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(4):
            data = {
                **supporter_data,
                "email": f"victim{n}@example.org",
                "started": form_started(form_id="join"),
            }
            assert (
                client.post("/en/join/", data, REMOTE_ADDR=f"127.0.1.{n}").status_code
                == 302
            )
    assert Supporter.objects.count() == 4
    mailed = {address for email in mail.outbox for address in email.to}
    assert mailed == {"victim0@example.org", "victim1@example.org"}


@pytest.fixture
def redis_away(settings):
    """django-redis as production configures it, pointed at a port where no
    Redis listens: every call fails, and IGNORE_EXCEPTIONS hides it."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
            },
        },
    }


@pytest.mark.parametrize(
    ("path", "data"),
    [
        (NEW, "message_data"),
        ("/en/join/", "supporter_data"),
        ("/en/events/propose/", None),
    ],
)
def test_submissions_fail_closed_when_the_cache_cannot_count(
    client, redis_away, request, path, data
):
    """Redis down let 9 of 9 through the limits: now a 503, nothing saved."""
    form = request.getfixturevalue(data) if data else proposal()
    response = client.post(path, form)
    assert response.status_code == 503
    assert response["Retry-After"] == str(antispam.CANNOT_COUNT_RETRY)
    assert "has not been saved" in response.content.decode()
    assert not SolidarityMessage.objects.exists()
    assert not Supporter.objects.exists()
    assert not Event.objects.exists()


def test_one_start_token_serves_one_accepted_submission(client, message_data):
    """One signed start time gave five accepted messages."""
    codes = [
        client.post(NEW, {**message_data, "text": f"Message {n}"}).status_code
        for n in range(5)
    ]
    assert codes == [302, 409, 409, 409, 409]
    assert SolidarityMessage.objects.count() == 1


def test_a_double_click_still_gets_the_same_thank_you(client, message_data):
    first = client.post(NEW, message_data)
    second = client.post(NEW, message_data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert SolidarityMessage.objects.count() == 1


def test_a_proposal_token_serves_one_proposal(client):
    data = proposal()
    assert client.post("/en/events/propose/", data).status_code == 302
    again = client.post("/en/events/propose/", {**data, "title": "Another meeting"})
    assert again.status_code == 409
    assert "please load the page again" in again.content.decode()
    assert Event.objects.count() == 1


def test_a_join_token_is_refused_by_the_message_form(client, message_data):
    data = {**message_data, "started": form_started(form_id="join")}
    assert client.post(NEW, data).status_code == 302  # a bot's quiet thank-you
    assert not SolidarityMessage.objects.exists()
