"""An editor changes an appeal's title and body twice, compares the two
revisions, reverts to the first, and the public page shows it."""

from appeals.models import Appeal
from tests.browser.conftest import login, screenshot
from tests.browser.test_editor_journey import save
from tests.factories import make_appeal, make_user


def edit(page, appeal, title, body):
    page.goto(f"/admin/appeals/appeal/{appeal.pk}/change/")
    page.fill("#id_title", title)
    editor = page.locator(".field-body [contenteditable=true]")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.type(body)
    save(page)


def test_editor_compares_and_reverts_an_appeal(page):
    make_user(group="Editors", username="rosa")
    appeal = make_appeal(title="Free the miners", slug="free-the-miners")
    login(page, "rosa")
    edit(page, appeal, "Free the fifteen miners", "The miners were arrested.")
    edit(page, appeal, "Free the miners now", "The miners were jailed today.")
    page.goto(appeal.get_absolute_url())
    assert page.locator("h1").inner_text() == "Free the miners now"

    page.goto(f"/admin/appeals/appeal/{appeal.pk}/history/")
    boxes = page.locator("input[name=v]")
    assert boxes.count() == 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.locator("#compare-button").click()
    page.wait_for_selector("table.revision-compare")
    assert page.locator("del").filter(has_text="arrested.").count() == 1
    assert page.locator("ins").filter(has_text="jailed today.").count() == 1
    screenshot(page, "revisions-01-compare")

    page.locator("#revert-older").click()
    page.wait_for_selector(".messagelist .success")
    appeal.refresh_from_db()
    assert appeal.title == "Free the fifteen miners"
    assert appeal.status == Appeal.Status.PUBLISHED

    page.goto(appeal.get_absolute_url())
    assert page.locator("h1").inner_text() == "Free the fifteen miners"
    assert page.get_by_text("The miners were arrested.").count() == 1
    screenshot(page, "revisions-02-public-after-revert")
