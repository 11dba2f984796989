"""A visitor sends a message of solidarity to an appeal, an editor approves
it in the admin, and it appears on the appeal page and the wall; a visitor
joins the campaign."""

from appeals.models import SolidarityMessage, Supporter
from tests.browser.conftest import login, screenshot
from tests.browser.test_visitor_journey import check_accessibility
from tests.factories import make_appeal, make_user

# The form discards submissions made sooner than this after it was served.
HUMAN_PAUSE_MS = 2_300


def test_message_sent_approved_and_published(page):
    appeal = make_appeal(title="Free the imprisoned miners")
    editor = make_user(group="Editors")

    page.goto(appeal.get_absolute_url())
    check_accessibility(page)
    form = page.locator("#send-message form")
    assert form.locator("input[name=appeal]").input_value() == appeal.slug
    form.locator("input[name=author_name]").fill("Maria Lopez")
    form.locator("input[name=organisation]").fill("Dockers' Union of Valencia")
    form.locator("select[name=country]").select_option("ES")
    form.locator("input[name=email]").fill("maria@example.org")
    form.get_by_role("textbox", name="Your message:").fill(
        "From the docks of Valencia: free them!"
    )
    form.locator("input[name=consent]").check()
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    screenshot(page, "journey-message-form")
    form.get_by_role("button", name="Send your message").click()
    page.wait_for_url("**/messages/thanks/**")
    assert "awaits moderation" in page.locator("main").inner_text()
    message = SolidarityMessage.objects.get()
    assert message.moderation == "pending"

    # Not public yet.
    page.goto(appeal.get_absolute_url())
    assert "From the docks of Valencia" not in page.content()

    editor_page = page.context.browser.new_context(
        base_url=page.url.split("/appeals/")[0]
    ).new_page()
    login(editor_page, editor.username)
    assert "1 message of solidarity" in editor_page.locator("#content").inner_text()
    editor_page.get_by_role("link", name="1 message of solidarity").click()
    editor_page.locator(f"input[name=_selected_action][value='{message.pk}']").check()
    editor_page.select_option("select[name=action]", "approve")
    editor_page.locator("button[name=index]").click()
    assert "1 message approved" in editor_page.locator(".messagelist").inner_text()
    screenshot(editor_page, "journey-admin-approved")
    editor_page.context.close()

    page.goto(appeal.get_absolute_url())
    messages = page.locator("#messages")
    assert "From the docks of Valencia: free them!" in messages.inner_text()
    assert "Maria Lopez" in messages.inner_text()
    assert "1 message of solidarity" in messages.inner_text()
    page.goto("/messages/")
    assert "From the docks of Valencia: free them!" in page.locator("main").inner_text()
    check_accessibility(page)
    screenshot(page, "journey-wall")


def test_visitor_joins(page, phone_page):
    phone_page.goto("/join/")
    check_accessibility(phone_page)
    phone_page.locator("input[name=name]").fill("Ana Silva")
    phone_page.get_by_label("Your email address").fill("ana@example.org")
    phone_page.locator("select[name=country]").select_option("PT")
    phone_page.get_by_label("Come to pickets and meetings").check()
    phone_page.locator("input[name=consent]").check()
    phone_page.wait_for_timeout(HUMAN_PAUSE_MS)
    screenshot(phone_page, "journey-join-phone")
    phone_page.get_by_role("button", name="Join").click()
    phone_page.wait_for_url("**/join/thanks/")
    assert "check your email" in phone_page.locator("main").inner_text()
    supporter = Supporter.objects.get()
    assert supporter.email == "ana@example.org"
    assert supporter.help_with == "events"


def test_letter_kit_and_share_block(page):
    from datetime import timedelta
    from urllib.parse import unquote

    from django.utils import timezone

    from appeals.models import AppealTarget, AppealUpdate

    appeal = make_appeal(
        title="Free the imprisoned miners",
        deadline=timezone.now() + timedelta(days=3),
        letter_subject="Release the miners",
        letter_body="Dear Minister,\n\nRelease the fifteen miners now.",
        copy_email="copies@campaign.example",
    )
    AppealTarget.objects.create(
        appeal=appeal,
        name="Minister Ramos",
        role="Minister of the Interior",
        email="minister@gov.example",
        postal_address="Ministry of the Interior\nAvenida 1\nSantiago",
    )
    AppealUpdate.objects.create(appeal=appeal, text="Pickets at 12 embassies.")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(appeal.get_absolute_url())
    link = page.get_by_role("link", name="Open this letter in your email program")
    href = link.get_attribute("href")
    assert href.startswith("mailto:minister@gov.example?cc=copies@campaign.example&")
    assert "Dear Minister,\r\n\r\nRelease" in unquote(href)
    copy = page.get_by_role("button", name="Copy the text")
    assert copy.is_visible()  # shown by static/js/share.js
    check_accessibility(page)
    copy.click()
    page.get_by_text("Copied.").wait_for()
    screenshot(page, "journey-appeal-kit")
    page.get_by_role("link", name="Print the letter").click()
    page.wait_for_url("**/letter/")
    assert "Avenida 1" in page.locator("main").inner_text()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert errors == []


def test_form_errors_are_announced_and_accessible(page):
    page.goto("/messages/new/")
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.locator("input[name=author_name]").fill("Maria")
    page.locator("select[name=country]").select_option("ES")
    page.locator("input[name=email]").fill("maria@example.org")
    page.get_by_role("textbox", name="Your message:").fill("See http://a.example")
    page.locator("input[name=consent]").check()
    # Three links: the server refuses, the browser's own checks pass.
    page.get_by_role("textbox", name="Your message:").fill(
        "http://a.example http://b.example http://c.example"
    )
    page.get_by_role("button", name="Send your message").click()
    assert page.get_by_role("alert").is_visible()
    assert "at most 2 web addresses" in page.locator(".field-text").inner_text()
    check_accessibility(page)
    assert not SolidarityMessage.objects.exists()
