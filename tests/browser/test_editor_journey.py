"""The foundation's "done when": an editor logs in to /admin/, publishes an
article (typed in the rich-text editor), an appeal and a meeting, and sees
each on the public site."""

from datetime import timedelta

from django.utils import timezone

from appeals.models import Appeal
from posts.models import Article, Event
from tests.browser.conftest import login, screenshot
from tests.factories import make_user


def type_in_editor(page, field, text_parts):
    """Type into the ProseMirror editor that replaces the textarea `field`.
    `text_parts` alternates plain and bold (toggled with the toolbar)."""
    editor = page.locator(f".field-{field} [contenteditable=true]")
    editor.click()
    for bold, text in text_parts:
        if bold:
            page.keyboard.press("Control+b")
        page.keyboard.type(text)
        if bold:
            page.keyboard.press("Control+b")


def save(page):
    page.locator("input[name=_save]").click()
    page.wait_for_selector(".messagelist .success")


def test_editor_publishes_an_article_an_appeal_and_a_meeting(page):
    editor = make_user(group="Editors", username="rosa")
    login(page, editor.username)
    screenshot(page, "journey-01-admin-index")

    # The article, written in the rich-text editor.
    page.goto("/admin/posts/article/add/")
    toolbar = page.locator(".field-body .prose-menubar")
    assert toolbar.is_visible(), "the rich-text editor loaded"
    page.locator("#id_title").press_sequentially("Dockers refuse to load arms")
    assert page.input_value("#id_slug") == "dockers-refuse-to-load-arms"
    page.fill("#id_byline", "In Defence of Marxism")
    page.fill("#id_summary", "Dockers in Genoa refused to load a ship.")
    type_in_editor(
        page,
        "body",
        [
            (False, "The dockers said: "),
            (True, "not in our name"),
            (False, "."),
        ],
    )
    page.keyboard.press("Enter")
    page.keyboard.type("Send messages of solidarity.")
    page.select_option("#id_status", "published")
    screenshot(page, "journey-02-article-form")
    save(page)
    article = Article.objects.get(slug="dockers-refuse-to-load-arms")
    assert article.is_published()
    assert "<strong>not in our name</strong>" in article.body
    assert article.created_by == editor

    page.goto(article.get_absolute_url())
    assert page.locator("h1").inner_text() == "Dockers refuse to load arms"
    assert page.locator(".body strong").inner_text() == "not in our name"
    assert page.get_by_text("Send messages of solidarity.").is_visible()
    screenshot(page, "journey-03-article-public")

    # The appeal.
    page.goto("/admin/appeals/appeal/add/")
    page.locator("#id_title").press_sequentially("Free the Turkish miners")
    page.fill("#id_summary", "Fifteen miners were arrested after a strike.")
    type_in_editor(page, "body", [(False, "They struck for their pay.")])
    page.select_option("#id_state", "urgent")
    page.fill("#id_action", "Write to the minister.")
    page.fill("#id_contact", "minister@example.org")
    page.locator("#targets-group .add-row a").click()
    page.fill("#id_targets-0-name", "The Minister of the Interior")
    page.fill("#id_targets-0-email", "minister@example.org")
    page.select_option("#id_status", "published")
    save(page)
    appeal = Appeal.objects.get(slug="free-the-turkish-miners")
    assert appeal.is_published()
    page.goto(appeal.get_absolute_url())
    assert page.locator("h1").inner_text() == "Free the Turkish miners"
    assert page.get_by_text("Write to the minister.").is_visible()
    assert page.get_by_text("The Minister of the Interior").is_visible()
    screenshot(page, "journey-04-appeal-public")

    # The meeting.
    starts = timezone.localtime() + timedelta(days=14)
    page.goto("/admin/posts/event/add/")
    page.locator("#id_title").press_sequentially("Public meeting: hands off Venezuela")
    type_in_editor(page, "body", [(False, "Speakers from the campaign.")])
    page.fill("#id_starts_at_0", starts.strftime("%d/%m/%Y"))
    page.fill("#id_starts_at_1", "19:00:00")
    page.select_option("#id_timezone", "Europe/Dublin")
    page.fill("#id_venue_name", "Trade Union Hall")
    page.fill("#id_city", "Dublin")
    page.select_option("#id_country", "IE")
    page.select_option("#id_status", "published")
    screenshot(page, "journey-05-meeting-form")
    save(page)
    event = Event.objects.get(slug="public-meeting-hands-off-venezuela")
    assert event.is_published()
    assert event.organiser == editor
    page.goto(event.get_absolute_url())
    assert page.locator("h1").inner_text() == "Public meeting: hands off Venezuela"
    assert page.get_by_text("Trade Union Hall").is_visible()
    screenshot(page, "journey-06-meeting-public")

    # All three on the public site's lists.
    page.goto("/")
    screenshot(page, "journey-07-home")
    page.goto("/events/")
    assert page.get_by_role("link", name="Public meeting: hands off Venezuela")
    page.goto("/posts/")
    for title in ("Dockers refuse to load arms", "Free the Turkish miners"):
        assert page.get_by_role("link", name=title).is_visible()
    screenshot(page, "journey-08-timeline")
