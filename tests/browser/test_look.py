"""Issue 18 in a real browser: every public page kind of a campaign's site
(tests/showcase.py) at 390 and 1280 px, with a screenshot of each (CI keeps
artifacts/screenshots/) and axe-core finding nothing, of any impact; the
phone header's height, its menu without JavaScript, and no sideways scroll
at 320 px."""

import pytest

from tests import showcase
from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.browser.test_visitor_journey import AXE

# The pages the issue holds to zero axe violations, then the other kinds.
CHECKED = ["home", "timeline", "article", "appeal", "meetings", "meeting", "wall",
           "message-form"]  # fmt: skip


@pytest.fixture
def site(_reference_data):
    posts = showcase.build()
    showcase.set_logo()
    return {
        "home": "/en/",
        "timeline": "/en/posts/",
        "article": posts["article"].get_absolute_url(),
        "appeal": posts["appeal"].get_absolute_url(),
        "meetings": "/en/events/",
        "meeting": posts["event"].get_absolute_url(),
        "wall": "/en/messages/",
        "message-form": "/en/messages/new/",
        "appeals": "/en/appeals/",
        "tag-hub": "/en/tags/dockers/",
        "country-hub": "/en/countries/ve/",
        "search": "/en/search/?q=dockers",
        "past-meetings": "/en/events/past/",
        "join": "/en/join/",
        "donate": "/en/donate/",
        "home-arabic": "/ar/",
    }


def axe_violations(page):
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    return page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}));
        }"""
    )


def test_every_page_kind_at_phone_and_desktop_widths(browser, live_server, site):
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: `make test` installs it with npm ci.")
    found = {}
    for width, viewport in (("390", PHONE), ("1280", DESKTOP)):
        mobile = viewport is PHONE
        context = browser.new_context(
            viewport=viewport,
            base_url=live_server.url,
            is_mobile=mobile,
            has_touch=mobile,
        )
        page = context.new_page()
        for name, path in site.items():
            response = page.goto(path)
            assert response.status == 200, path
            if mobile:
                header = page.locator(".site-header").bounding_box()["height"]
                assert header <= 64, (name, header)
                # Join and Donate in sight, as buttons, without opening the menu.
                for label in ("Join", "Donate"):
                    if name != "home-arabic":
                        button = page.locator(".header-calls").get_by_text(label)
                        assert button.is_visible(), (name, label)
            if name in CHECKED:
                violations = axe_violations(page)
                found.update({f"{name} at {width}": violations} if violations else {})
            screenshot(page, f"look-{name}-{width}")
        context.close()
    assert not found, found


def test_the_phone_menu_works_without_javascript(browser, live_server, _reference_data):
    appeal = showcase.build(pictures=False)["appeal"]
    context = browser.new_context(
        viewport={"width": 320, "height": 640},
        base_url=live_server.url,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    page = context.new_page()
    for path in (
        "/en/",
        "/en/posts/",
        "/en/events/",
        "/ar/",
        appeal.get_absolute_url(),
    ):
        page.goto(path)
        # No sideways scrolling on the narrowest phones.
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    page.goto("/en/")
    header = page.locator(".site-header")
    meetings = header.get_by_role("link", name="Meetings", exact=True)
    assert not meetings.is_visible()
    page.locator(".menu summary").click()
    assert header.get_by_role("search").is_visible()
    meetings.click()
    page.wait_for_url("**/en/events/")
    assert page.locator("h1").inner_text() == "Coming meetings"
    assert page.locator(".date-block").first.is_visible()
    screenshot(page, "look-meetings-320-no-javascript")
    context.close()
