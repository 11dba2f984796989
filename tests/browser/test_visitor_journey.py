"""A visitor's journey through the public site in a real browser, with
axe-core accessibility checks and screenshots at desktop and phone widths."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.conftest import screenshot
from tests.factories import make_appeal, make_article, make_event, make_message

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def check_accessibility(page):
    """Run axe-core in the page; fail on serious or critical violations."""
    if not AXE.exists():
        message = f"{AXE} is missing: `make test` installs it with npm ci."
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run the accessibility checks
        pytest.skip(message)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }"""
    )
    bad = [v for v in result if v["impact"] in ("serious", "critical")]
    assert not bad, f"{page.url}: {bad}"


@pytest.fixture
def site_content():
    now = timezone.now()
    for n in range(25):
        make_article(
            title=f"Dockers' news {n}",
            tags=["Labour"] if n % 2 else [],
            countries=["VE"],
            published_at=now - timedelta(days=n + 1),
        )
    make_article(title="News from Ireland", countries=["IE"], tags=["Labour"])
    appeal = make_appeal(
        title="Free the Caracas dockers",
        countries=["VE"],
        tags=["Labour"],
        published_at=now - timedelta(hours=2),
    )
    make_event(title="Solidarity meeting in Dublin")
    make_message(text="Your struggle is our struggle.", appeal=appeal)
    return appeal


def test_visitor_filters_pages_searches_and_opens_an_appeal(
    page, phone_page, site_content
):
    page.goto("/en/")
    assert page.title() == "Solidarity"
    # The urgent appeal leads the home page (nothing is featured).
    lead = page.locator(".lead-story")
    assert lead.get_by_role("heading", name="Free the Caracas dockers").is_visible()
    assert lead.get_by_role("link", name="Act now").is_visible()
    check_accessibility(page)
    screenshot(page, "home-desktop")

    page.locator(".site-header").get_by_role("link", name="News", exact=True).click()
    page.wait_for_url("**/posts/")
    assert page.locator("h1").inner_text() == "Campaign timeline"
    check_accessibility(page)
    screenshot(page, "timeline-desktop")

    # Country, then tag: each a plain form submission (no JavaScript needed).
    page.select_option("#f-country", "VE")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/posts/?*country=VE*")
    page.select_option("#f-tag", "labour")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**tag=labour**")
    assert "country=VE" in page.url
    active = page.locator(".active-filters").inner_text()
    assert "Country: Venezuela" in active and "Tag: Labour" in active
    assert "Page 1 of 1" in page.locator(".pagination").inner_text()
    assert "News from Ireland" not in page.content()
    screenshot(page, "timeline-filtered-desktop")

    # Remove the tag filter; the country stays; then page forward.
    page.get_by_role("link", name="Tag: Labour").click()
    page.wait_for_url(lambda url: "tag=" not in url)
    assert "Page 1 of 2" in page.locator(".pagination").inner_text()
    page.get_by_role("link", name="Older posts").click()
    page.wait_for_url("**page=2**")
    assert "country=VE" in page.url
    assert "Page 2 of 2" in page.locator(".pagination").inner_text()

    # Search: the header's link on a wide screen, then the search form.
    page.locator(".site-header").get_by_role("link", name="Search").click()
    page.wait_for_url("**/search/")
    page.fill("#search-q", "Caracas dockers")
    page.locator(".search-form button").click()
    page.wait_for_url("**/search/?q=Caracas+dockers")
    assert page.input_value("#search-q") == "Caracas dockers"
    check_accessibility(page)
    screenshot(page, "search-desktop")

    page.get_by_role("link", name="Free the Caracas dockers", exact=True).click()
    page.wait_for_url(f"**{site_content.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "Free the Caracas dockers"
    check_accessibility(page)
    screenshot(page, "appeal-desktop")

    article = "/en/posts/?type=article"
    page.goto(article)
    page.locator(".card-title a").first.click()
    assert page.locator("h1").inner_text().startswith("News from Ireland")
    check_accessibility(page)
    screenshot(page, "article-desktop")

    for url, name in [
        ("/en/", "home"),
        ("/en/posts/", "timeline"),
        ("/en/search/?q=news", "search"),
    ]:
        phone_page.goto(url)
        check_accessibility(phone_page)
        screenshot(phone_page, f"{name}-phone")
    # On a phone the search box is in the menu.
    phone_page.locator(".menu summary").click()
    phone_page.fill("#site-search-q", "Caracas dockers")
    phone_page.locator(".site-search button").click()
    phone_page.wait_for_url("**/search/?q=Caracas+dockers")
    assert phone_page.input_value("#search-q") == "Caracas dockers"


def test_pages_work_without_javascript_and_stay_light(
    browser, live_server, _reference_data, site_content
):
    """Filtering is a plain GET form, and the home and timeline pages with
    their CSS stay under 100 KB with no third-party requests."""
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    own_host = live_server.url.split("/")[2]
    for url in ("/en/", "/en/posts/"):
        page = context.new_page()
        hosts, sizes = set(), []
        page.on("request", lambda request, hosts=hosts: hosts.add(request.url))
        page.on("response", lambda r, sizes=sizes: sizes.append(len(r.body())))
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert {u.split("/")[2] for u in hosts} == {own_host}, hosts
        assert 0 < sum(sizes) < 100_000, (url, sum(sizes))
        page.close()
    page = context.new_page()
    page.goto("/en/posts/")
    page.select_option("#f-type", "appeal")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**type=appeal**")
    assert page.locator(".card-title").all_inner_texts() == ["Free the Caracas dockers"]
    context.close()
