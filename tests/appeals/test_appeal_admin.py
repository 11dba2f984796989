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


def test_a_target_without_any_address_is_a_form_error(editor_client):
    response = editor_client.post(
        "/admin/appeals/appeal/add/", appeal_form(**{"targets-0-email": ""})
    )
    assert response.status_code == 200
    assert "Give an email address, a postal address or both" in (
        response.content.decode()
    )
    assert not Appeal.objects.exists()


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
    assert b"Protest letter and sharing" in response.content
