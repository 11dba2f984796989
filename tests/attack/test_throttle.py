"""
The expensive pages throttled per client (issue 16, item 13): distinct
searches at 20 connections ran at 52 req/s and slowed the cached home page
for everyone. Uncached searches and filtered lists now cost a client one
of EXPENSIVE_PER_MINUTE a minute; a cached copy is never throttled.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories

pytestmark = pytest.mark.django_db

LIMIT = 5


@pytest.fixture(autouse=True)
def _throttle(settings):
    settings.EXPENSIVE_PER_MINUTE = LIMIT


@pytest.mark.parametrize(
    "path",
    [
        "/en/search/?q={n}",
        "/en/posts/?author={n}",
        "/en/tags/labour/?author={n}",
        "/en/events/?city={n}",
        "/en/events.ics?city={n}",
        "/en/events.json?city={n}",
        "/en/messages/?appeal={n}",
    ],
)
def test_a_flood_of_distinct_queries_gets_429(client, path):
    factories.make_article(tags=["Labour"])
    codes = [
        client.get(path.format(n=f"word{n}")).status_code for n in range(LIMIT + 3)
    ]
    assert codes[:LIMIT] == [200] * LIMIT
    response = client.get(path.format(n="one-more"))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Too many searches" in response.content.decode()
    # Another client is not affected.
    assert client.get(path.format(n="x"), REMOTE_ADDR="198.51.100.4").status_code != 429


def test_cached_pages_are_never_throttled(client):
    factories.make_article(title="Dock strike")
    assert client.get("/en/search/?q=dock").status_code == 200  # stored
    for n in range(LIMIT):
        client.get(f"/en/search/?q=other{n}")
    assert client.get("/en/search/?q=other-again").status_code == 429
    hit = client.get("/en/search/?q=dock")
    assert (hit.status_code, hit["X-Page-Cache"]) == (200, "hit")
    for path in ("/en/", "/en/posts/", "/en/events/", "/en/posts/?page=1"):
        assert client.get(path).status_code == 200, path


def test_editors_are_not_throttled(editor_client):
    codes = {
        editor_client.get(f"/en/search/?q=w{n}").status_code for n in range(LIMIT + 3)
    }
    assert codes == {200}


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(q=st.text(min_size=1, max_size=50))
def test_the_throttle_never_breaks_a_page(client, q):
    response = client.get("/en/search/", {"q": q})
    assert response.status_code in (200, 429)
    if response.status_code == 429:
        assert response["Retry-After"] == "60"
