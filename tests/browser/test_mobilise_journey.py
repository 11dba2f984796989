"""The two journeys of issue 15, in Chromium, with mail through a real SMTP
server: a supporter joins, confirms, receives the mailing of an urgent
appeal, unsubscribes in one click and receives nothing from the next
mailing; a meeting with one place, a second visitor waitlisted, the first
cancelling by the emailed link, the second given the place and told."""

import re

import pytest

from appeals.models import Appeal, Supporter
from posts.models import RSVP
from solidarity import antispam
from solidarity.links import absolute_url
from tests.browser.conftest import login, screenshot
from tests.browser.test_visitor_journey import check_accessibility
from tests.factories import make_appeal, make_event, make_user
from tests.smtp import text_of


@pytest.fixture(autouse=True)
def _no_wait(monkeypatch):
    # The forms discard what is sent within MIN_SECONDS; people are not that
    # fast, Playwright is. The rule itself is tested in tests/test_antispam.py.
    monkeypatch.setattr(antispam, "MIN_SECONDS", 0)


def site_path(url):
    """Mail links are absolute from DJANGO_SITE_URL; the test server is
    elsewhere, so follow their path."""
    assert url.startswith(absolute_url("/")), url
    return url.removeprefix(absolute_url(""))


def link_in(message, pattern):
    match = re.search(rf"(https?://\S+{pattern}\S*)", text_of(message))
    assert match, text_of(message)
    return site_path(match[1])


def send_appeal_mailing(page, appeal):
    page.goto(f"/admin/appeals/appeal/{appeal.pk}/change/")
    page.get_by_role("link", name="Mail this appeal to the supporters…").click()
    page.locator("input[name=_continue]").click()
    page.locator("input[name=_send_now]").click()
    assert "Sending" in page.locator(".messagelist").inner_text()


def test_supporter_joins_confirms_gets_the_mailing_and_unsubscribes(
    page, browser, live_server, smtp_server
):
    appeal = make_appeal(
        title="Dockers arrested in Izmir",
        summary="Five dockers were arrested for striking.",
        state=Appeal.State.URGENT,
        action="Write to the governor today.",
    )
    make_user(username="editor", group="Editors", email="editor@example.org")
    inbox = smtp_server.inbox

    # The supporter joins and confirms by the emailed link.
    page.goto("/join/")
    page.locator("input[name=name]").fill("Ana Silva")
    page.get_by_label("Your email address").fill("ana@example.org")
    page.locator("select[name=country]").select_option("PT")
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Join").click()
    page.wait_for_url("**/join/thanks/")
    (confirmation,) = inbox.to("ana@example.org")
    page.goto(link_in(confirmation, "/join/confirm/"))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/join/thanks/?confirmed=1")
    assert Supporter.objects.get().is_subscribed()

    # An editor mails the urgent appeal.
    editor = browser.new_context(base_url=live_server.url).new_page()
    login(editor, "editor")
    send_appeal_mailing(editor, appeal)
    mailing = [m for m in inbox.to("ana@example.org") if m is not confirmation]
    (received,) = mailing
    assert received["Subject"] == "Dockers arrested in Izmir"
    assert "Write to the governor today." in text_of(received)
    screenshot(editor, "mobilise-mailing-admin")

    # One click in the mail program: a POST with no Origin, no form token.
    unsubscribe = site_path(received["List-Unsubscribe"].strip().strip("<>"))
    response = page.request.post(unsubscribe, form={"List-Unsubscribe": "One-Click"})
    assert response.status == 200
    assert not Supporter.objects.get().is_subscribed()
    page.goto(unsubscribe)  # the page behind the visible link
    check_accessibility(page)

    # The next mailing reaches nobody.
    inbox.clear()
    send_appeal_mailing(editor, appeal)
    assert inbox.to("ana@example.org") == []


def test_waiting_list_promotion_after_a_cancellation(
    page, browser, live_server, smtp_server
):
    event = make_event(title="Solidarity meeting in Dublin", capacity=1)
    inbox = smtp_server.inbox

    def say_coming(visitor, name, email):
        visitor.goto(event.get_absolute_url())
        check_accessibility(visitor)
        form = visitor.locator("form.rsvp-form")
        form.get_by_label("Your name").fill(name)
        form.get_by_label("Your email address").fill(email)
        form.get_by_role("button", name="I'm coming").click()
        visitor.wait_for_url(f"**/events/{event.slug}/rsvp/thanks/")

    say_coming(page, "Ana", "ana@example.org")
    other = browser.new_context(base_url=live_server.url).new_page()
    say_coming(other, "Ben", "ben@example.org")
    (ana_mail,) = inbox.to("ana@example.org")
    (ben_mail,) = inbox.to("ben@example.org")
    assert "You have a place" in text_of(ana_mail)
    assert "waiting list" in text_of(ben_mail)

    page.goto(link_in(ana_mail, "/cancel/"))
    check_accessibility(page)
    screenshot(page, "mobilise-rsvp-cancel")
    page.get_by_role("button", name="Cancel my place").click()
    assert "Cancelled" in page.locator("h1").inner_text()

    assert RSVP.objects.get(email="ben@example.org").status == RSVP.Status.COMING
    told = inbox.to("ben@example.org")[-1]
    assert told["Subject"] == "A place for you: Solidarity meeting in Dublin"
