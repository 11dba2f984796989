"""The admin's rich-text editor works under the admin's Content Security
Policy, and public pages raise no CSP violation under the strict one."""

from tests import factories
from tests.browser.conftest import login, screenshot


def csp_violations(page):
    """Collect console messages that report a blocked resource or inline code."""
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: violations.append(str(error)))
    return violations


def test_prose_editor_works_under_the_admin_policy(page):
    editor = factories.make_user(group="Editors")
    violations = csp_violations(page)
    login(page, editor.username)
    page.goto("/admin/posts/article/add/")
    prose = page.locator('.prose-editor [contenteditable="true"]').first
    prose.wait_for()
    prose.click()
    page.keyboard.type("Solidarity forever")
    page.keyboard.press("Control+b")
    page.keyboard.type(" bold")
    screenshot(page, "admin-article-add-csp")
    assert "Solidarity forever" in prose.inner_text()
    assert prose.locator("strong").count() == 1
    assert violations == []


def test_public_pages_have_no_csp_violations(page):
    factories.make_article()
    factories.make_appeal()
    factories.make_event()
    violations = csp_violations(page)
    for path in ("/en/", "/en/posts/", "/en/appeals/", "/en/events/", "/en/messages/"):
        page.goto(path)
        page.wait_for_load_state("load")
    assert violations == []
