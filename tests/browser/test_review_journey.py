"""An organiser adds a Caracas meeting (the zone set from Venezuela, the
time said back in UTC before saving); it is not public until an editor
publishes it, and the organiser gets the email."""

import datetime

from django.core import mail
from django.utils import timezone

from posts.models import Event
from tests.browser.conftest import login, screenshot
from tests.factories import make_user


def test_organisers_caracas_meeting_waits_for_an_editor(page, browser, live_server):
    organiser = make_user(
        group="Organisers", username="carmen", email="carmen@example.org"
    )
    make_user(group="Editors", username="rosa")
    # Typed as the admin shows dates (en-GB: day first).
    day = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")

    login(page, organiser.username)
    page.goto("/admin/posts/event/add/")
    assert page.locator("#id_status").count() == 0, "organisers cannot publish"
    page.fill("#id_title", "Caracas solidarity meeting")
    page.fill("#id_starts_at_0", day)
    page.fill("#id_starts_at_1", "18:00")
    page.fill("#id_venue_name", "Casa del pueblo")
    page.fill("#id_city", "Caracas")
    page.select_option("#id_country", "VE")
    echo = page.locator("#zone-echo")
    assert echo.inner_text() == (
        "Time zone from the venue: America/Caracas. 18:00 in Caracas = 22:00 UTC"
    )
    screenshot(page, "review-01-organiser-adds-caracas")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/posts/event/")
    assert "18:00 in Caracas = 22:00 UTC" in page.locator(".messagelist").inner_text()

    event = Event.objects.get(slug="caracas-solidarity-meeting")
    assert event.timezone == "America/Caracas"
    assert event.local_starts_at.strftime("%H:%M") == "18:00"
    assert (event.status, event.review) == ("draft", "awaiting")

    visitor = browser.new_context(base_url=live_server.url).new_page()
    assert visitor.goto(event.get_absolute_url()).status == 404

    editor = browser.new_context(base_url=live_server.url).new_page()
    login(editor, "rosa")
    assert "awaiting review" in editor.locator("#content").inner_text().lower()
    editor.goto("/admin/posts/event/?review__exact=awaiting")
    editor.locator("#result_list tbody tr input.action-select").first.check()
    editor.select_option("select[name=action]", "publish_now")
    editor.locator("button[name=index]").click()
    editor.wait_for_selector(".messagelist .success")
    screenshot(editor, "review-02-editor-published")

    assert visitor.goto(event.get_absolute_url()).status == 200
    assert "Caracas solidarity meeting" in visitor.locator("h1").inner_text()
    told = [m for m in mail.outbox if m.to == ["carmen@example.org"]]
    assert len(told) == 1
    assert event.get_absolute_url() in told[0].body
