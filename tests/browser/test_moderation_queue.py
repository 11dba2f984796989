"""An editor clears a queue of ten pending messages from the list alone:
each row shows the message and has one-click buttons, and the list fits a
1280 px screen."""

from appeals.models import SolidarityMessage
from tests.browser.conftest import login, screenshot
from tests.factories import make_message, make_user

DECISIONS = ["approve"] * 6 + ["reject"] * 2 + ["spam"] * 2


def test_editor_clears_ten_pending_messages_from_the_list(page):
    make_user(group="Editors", username="rosa")
    for n in range(10):
        make_message(
            moderation="pending",
            author_name=f"Sender {n}",
            organisation="",
            text=f"Message number {n}\nsecond line",
        )
    login(page, "rosa")
    page.goto("/admin/appeals/solidaritymessage/?moderation__exact=pending")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 10
    assert "Message number" in rows.first.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, f"the queue is {width} px wide"
    for column in ("age", "moderation_badge", "decide"):
        box = page.locator(f"th.column-{column}").bounding_box()
        assert box["x"] + box["width"] <= 1280, column
    screenshot(page, "queue-01-ten-pending")
    for n, decision in enumerate(DECISIONS):
        page.locator(f"#result_list tbody tr button.decide-{decision}").first.click()
        page.wait_for_selector(".messagelist .success")
        # Back on the filtered list: one fewer waiting each time.
        assert "moderation__exact=pending" in page.url
        assert page.locator("#result_list tbody tr").count() == 9 - n
    screenshot(page, "queue-02-cleared")
    states = list(SolidarityMessage.objects.values_list("moderation", flat=True))
    assert sorted(states) == sorted(["approved"] * 6 + ["rejected"] * 2 + ["spam"] * 2)
    page.goto("/messages/")
    assert page.get_by_text("Message number").count() == 6
