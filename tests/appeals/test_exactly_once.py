"""Public forms save exactly once: a double click or a resent POST gives one
row and the same thank-you; the thank-you comes only after the commit."""

import threading

import pytest
from django.db import OperationalError, connection
from django.test import Client

from appeals.models import SolidarityMessage, Supporter
from posts.models import Event
from solidarity.models import SubmissionToken
from tests.browser.conftest import _reference_data  # noqa: F401 (fixture)
from tests.factories import form_started
from tests.posts.test_event_propose import proposal

pytestmark = pytest.mark.django_db

FORMS = {
    "message": ("/en/messages/new/", SolidarityMessage, "message_data"),
    "join": ("/en/join/", Supporter, "supporter_data"),
}


@pytest.mark.parametrize("name", list(FORMS))
def test_double_submit_gives_one_row(client, request, name):
    url, model, fixture = FORMS[name]
    data = request.getfixturevalue(fixture)
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert model.objects.count() == 1


def test_double_proposal_gives_one_meeting(client):
    data = proposal()
    assert client.post("/en/events/propose/", data).status_code == 302
    assert client.post("/en/events/propose/", data).status_code == 302
    assert Event.objects.filter(title="Picket for the miners").count() == 1


def test_the_same_form_edited_and_sent_again_asks_for_a_fresh_form(
    client, message_data
):
    """A start token serves one accepted submission (issue 16: one token gave
    five messages); a fresh copy of the form sends the second thought."""
    client.post("/en/messages/new/", message_data)
    again = client.post(
        "/en/messages/new/", {**message_data, "text": "And a second thought."}
    )
    assert again.status_code == 409
    assert "please load the page again" in again.content.decode()
    assert SolidarityMessage.objects.count() == 1
    fresh = {**message_data, "started": form_started(), "text": "Second thought."}
    assert client.post("/en/messages/new/", fresh).status_code == 302
    assert SolidarityMessage.objects.count() == 2


def test_visitors_served_the_same_start_time_can_each_send_theirs(message_data):
    """A hot page's copies share a start time for a tenth of a second
    (solidarity/pagehits.py): single-use is for each client, so two
    visitors served in the same tenth each get their message saved."""
    started = form_started()
    for n, address in enumerate(["198.51.100.7", "203.0.113.9"]):
        visitor = Client(REMOTE_ADDR=address)
        data = {**message_data, "started": started, "text": f"Message {n}"}
        assert visitor.post("/en/messages/new/", data).status_code == 302
        again = visitor.post("/en/messages/new/", {**data, "text": "Edited"})
        assert again.status_code == 409
    assert SolidarityMessage.objects.count() == 2


def test_no_thank_you_when_the_save_fails(client, message_data, monkeypatch):
    """The database failing mid-save: the 503 page, no row, no token kept,
    and sending the same form again works."""

    def fail(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SolidarityMessage, "save", fail)
    response = client.post("/en/messages/new/", message_data)
    assert response.status_code == 503
    assert not SubmissionToken.objects.exists()
    monkeypatch.undo()
    response = client.post("/en/messages/new/", message_data)
    assert response.status_code == 302
    assert SolidarityMessage.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_reference_data")
def test_simultaneous_double_submit_gives_one_row(message_data):
    """Two workers receiving the same POST at once: the second waits on the
    token's unique index and then saves nothing."""
    results = []

    def send():
        results.append(Client().post("/en/messages/new/", message_data).status_code)
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [302] * 4
    assert SolidarityMessage.objects.count() == 1
