"""Property tests: whatever query string a visitor (or a fuzzer) sends to
the public lists, search, hubs and feeds, the answer is never a 5xx."""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from tests import factories

PATHS = [
    "/en/posts/",
    "/en/search/",
    "/en/events/",
    "/en/appeals/",
    "/en/messages/",
    "/en/tags/labour/",
    "/en/countries/VE/",
    "/en/feed/",
]
KEYS = ["q", "page", "tag", "country", "type", "year", "kind", "sort", "state"]

# Text with everything awkward: control characters, surrogates excluded (not
# encodable), RTL marks, very long strings, numbers that overflow.
awkward_text = st.one_of(
    st.text(max_size=300),
    st.integers().map(str),
    st.sampled_from(["-1", "0", "9" * 40, "1e999", "NaN", "", " ", "%", "%00"]),
    st.sampled_from(["'", '"', "\\", "' OR 1=1 --", "<script>", "\u202e", "\x00"]),
)
params = st.dictionaries(
    st.one_of(st.sampled_from(KEYS), st.text(max_size=20)), awkward_text, max_size=5
)


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        posts = [
            *(factories.make_article(tags=["Labour"], countries=["VE"]) for _ in "abc"),
            factories.make_appeal(tags=["Labour"], countries=["VE"]),
            factories.make_event(tags=["Labour"]),
            factories.make_message(),
        ]
        yield
        for post in posts:
            post.delete()
        Tag.objects.filter(name="Labour").delete()


@pytest.mark.django_db
@pytest.mark.usefixtures("content")
@pytest.mark.parametrize("path", PATHS)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=params)
def test_public_views_never_fail(client, path, query):
    encoded = urlencode(
        {k.replace("\x00", ""): v for k, v in query.items()},
        quote_via=quote,
        errors="surrogatepass",
    )
    response = client.get(f"{path}?{encoded}")
    assert response.status_code < 500, (path, encoded, response.status_code)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(segment=st.text(min_size=1, max_size=80))
def test_hub_paths_never_fail(segment):
    from django.test import Client

    client = Client()
    for prefix in (
        "/en/tags/",
        "/en/countries/",
        "/en/posts/",
        "/en/appeals/",
        "/en/events/",
    ):
        response = client.get(prefix + quote(segment, safe="") + "/")
        assert response.status_code < 500, (prefix, segment)
