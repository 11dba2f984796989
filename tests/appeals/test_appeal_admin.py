"""Editors write the letter kit and the updates in the appeal's admin page."""

import pytest

from appeals.models import Appeal, AppealTarget, AppealUpdate
from tests.factories import make_appeal

pytestmark = pytest.mark.django_db


def appeal_form(**extra):
    data = {
        "title": "Free the dockers",
        "slug": "free-the-dockers",
        "state": "urgent",
        "status": "published",
        "published_at_0": "2026-01-05",
        "published_at_1": "10:00:00",
        "letter_subject": "Release the dockers",
        "letter_body": "Dear Minister,",
        "copy_email": "copies@campaign.example",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-0-name": "Minister",
        "targets-0-email": "minister@gov.example",
        "targets-0-position": "0",
        "updates-TOTAL_FORMS": "1",
        "updates-INITIAL_FORMS": "0",
        "updates-0-happened_on": "2026-01-06",
        "updates-0-text": "Pickets at 12 embassies.",
        "updates-0-outcome": "",
    }
    data.update(extra)
    return data


def test_editor_adds_an_appeal_with_targets_and_updates(editor_client):
    response = editor_client.post("/admin/appeals/appeal/add/", appeal_form())
    assert response.status_code == 302
    appeal = Appeal.objects.get(slug="free-the-dockers")
    assert appeal.letter_subject == "Release the dockers"
    assert AppealTarget.objects.get().appeal == appeal
    assert AppealUpdate.objects.get().text == "Pickets at 12 embassies."


def test_one_notion_of_target_shown_once_and_written_to_by_email(editor_client, client):
    """The targets list is the only "who to press": one without an address
    (a government) is listed, and the letter goes to those with an email."""
    data = appeal_form(
        **{
            "targets-TOTAL_FORMS": "2",
            "targets-1-name": "The government of Ruritania",
            "targets-1-about": "It jailed the dockers' leaders.",
            "targets-1-email": "",
            "targets-1-position": "1",
        }
    )
    response = editor_client.post("/admin/appeals/appeal/add/", data)
    assert response.status_code == 302
    page = client.get(Appeal.objects.get().get_absolute_url()).content.decode()
    assert page.count(">Who to press</h2>") == 1 and "Who to write to" not in page
    assert "The government of Ruritania" in page
    assert "It jailed the dockers&#x27; leaders." in page
    assert "mailto:minister@gov.example?" in page.replace("&amp;", "&")


def test_the_appeal_form_is_in_working_order(editor_client):
    """The appeal, publishing, the ask, then targets and updates, then the
    collapsed advanced settings."""
    html = editor_client.get("/admin/appeals/appeal/add/").content.decode()
    order = [
        html.index(marker)
        for marker in (
            'id="id_title"',
            'id="id_status"',
            'id="id_state"',
            'id="id_letter_body"',
            'id="targets-group"',
            'id="updates-group"',
            'id="id_slug"',
        )
    ]
    assert order == sorted(order)
    assert 'id="id_target"' not in html


def test_an_outcome_update_sets_the_appeal_state(editor_client):
    appeal = make_appeal()
    AppealUpdate.objects.create(appeal=appeal, text="Charges dropped", outcome="won")
    appeal.refresh_from_db()
    assert appeal.state == "won"
    assert appeal.public_state == Appeal.State.WON


def test_change_form_renders(editor_client):
    appeal = make_appeal()
    AppealTarget.objects.create(appeal=appeal, name="X", email="x@gov.example")
    response = editor_client.get(f"/admin/appeals/appeal/{appeal.pk}/change/")
    assert response.status_code == 200
    assert b"The ask" in response.content and b"x@gov.example" in response.content
