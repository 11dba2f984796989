"""An editor moderates messages of solidarity: pending ones come first,
their state is visible at a glance, and approving one puts it on the wall."""

from appeals.models import SolidarityMessage
from tests.browser.conftest import login, screenshot
from tests.factories import make_message, make_user


def test_editor_approves_a_pending_message(page):
    make_user(group="Editors", username="rosa")
    make_message(author_name="Old approved", organisation="")
    pending = make_message(
        moderation="pending", author_name="Ana", organisation="Teachers' Union"
    )
    login(page, "rosa")
    page.goto("/admin/appeals/solidaritymessage/")
    first_row = page.locator("#result_list tbody tr").first
    assert "Teachers' Union" in first_row.inner_text()
    badge = first_row.locator(".moderation-pending")
    assert badge.inner_text() == "Pending"
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") != (
        "rgba(0, 0, 0, 0)"
    ), "the admin stylesheet loaded"
    screenshot(page, "moderation-01-pending-first")
    first_row.locator("input.action-select").check()
    page.select_option("select[name=action]", "approve")
    page.locator("button[name=index]").click()
    page.wait_for_selector(".messagelist .success")
    pending.refresh_from_db()
    assert pending.moderation == SolidarityMessage.Moderation.APPROVED
    screenshot(page, "moderation-02-approved")
    page.goto("/en/messages/")
    assert page.get_by_text("Teachers' Union").first.is_visible()
