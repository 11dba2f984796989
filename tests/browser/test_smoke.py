from tests.browser.conftest import screenshot
from tests.factories import make_appeal


def test_visitor_reaches_an_urgent_appeal_from_the_home_page(page, phone_page):
    make_appeal(title="Kurdish prisoners on hunger strike")
    page.goto("/en/")
    page.get_by_role("link", name="Kurdish prisoners on hunger strike").click()
    assert page.locator("h1").inner_text() == "Kurdish prisoners on hunger strike"
    screenshot(page, "smoke-appeal-desktop")
    phone_page.goto("/en/")
    # The one urgent appeal leads the page, with its call to act.
    lead = phone_page.locator(".lead-story")
    assert lead.get_by_role("heading", name="Kurdish prisoners on hunger strike")
    assert lead.get_by_role("link", name="Act now").is_visible()
    screenshot(phone_page, "smoke-home-phone")
