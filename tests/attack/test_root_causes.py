"""
What a hostile tester got through (issue 16, items 6, 9-12), closed at the
root: slugs in a constant number of queries, hubs only for tags on public
posts, the admin's view-on-site redirect only for objects the user may see,
every date and search string bounded, spreadsheet formulas recognised
through Unicode disguises.
"""

import sys
import unicodedata

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posts.models import Event, Post
from posts.search import search_query
from solidarity.spreadsheets import neutralise
from tests import factories
from tests.attack.forms import read_form
from tests.posts.test_event_propose import proposal

pytestmark = pytest.mark.django_db


def test_a_free_slug_takes_the_same_queries_however_long_the_chain():
    """20,000 "a-supporter-in-spain-N" slugs took one query each (15 s)."""
    base = "a-supporter-in-spain"
    factories.make_article(title="A supporter in Spain", slug=base)

    def queries_for_a_new_slug():
        with CaptureQueriesContext(connection) as queries:
            slug = Post.unique_slug("A supporter in Spain")
        return slug, len(queries)

    first, short_chain = queries_for_a_new_slug()
    assert first == f"{base}-2"
    Post.objects.bulk_create(
        [
            Post(title="x", slug=f"{base}-{n}", kind="article", body="")
            for n in range(2, 60)
        ]
    )
    # Look-alikes that are not part of the chain change nothing.
    factories.make_article(title="x", slug=f"{base}-2x")
    factories.make_article(title="x", slug=f"{base}-extra-900")
    slug, long_chain = queries_for_a_new_slug()
    assert slug == f"{base}-60"
    assert long_chain == short_chain == 1
    assert Post.unique_slug("Nobody has this title yet") == "nobody-has-this-title-yet"


@pytest.mark.parametrize(
    "path",
    ["/en/tags/{slug}/", "/en/tags/{slug}/feed/", "/en/tags/{slug}/events.ics"],
)
def test_a_tag_used_only_on_drafts_is_as_unknown_as_no_tag(client, path):
    factories.make_article(status="draft", tags=["Secret plan"])
    factories.make_article(tags=["Public cause"])
    assert client.get(path.format(slug="secret-plan")).status_code == 404
    assert client.get(path.format(slug="no-such-tag")).status_code == 404
    assert client.get(path.format(slug="public-cause")).status_code == 200


def test_draft_only_tags_are_neither_filters_nor_menu_entries(client):
    factories.make_article(status="draft", tags=["Secret plan"])
    factories.make_article(tags=["Public cause"])
    page = client.get("/en/posts/").content.decode()
    assert "public-cause" in page
    assert "secret-plan" not in page and "Secret plan" not in page
    filtered = client.get("/en/posts/?tag=secret-plan").content.decode()
    unknown = client.get("/en/posts/?tag=no-such-tag").content.decode()
    assert "There is no tag “secret-plan”" in filtered
    assert "There is no tag “no-such-tag”" in unknown


def view_on_site(client, obj):
    content_type = ContentType.objects.get_for_model(obj)
    return client.get(f"/admin/r/{content_type.pk}/{obj.pk}/")


def test_view_on_site_only_for_objects_the_user_may_see(client):
    """An organiser enumerating ids learnt the slug of every draft."""
    alice = factories.make_user(group="Organisers")
    bob = factories.make_user(group="Organisers")
    own = factories.make_event(status="draft", organiser=alice)
    others = factories.make_event(status="draft", organiser=bob)
    article = factories.make_article(status="draft")
    client.force_login(alice)
    response = view_on_site(client, own)
    assert response.status_code == 302
    assert own.slug in response["Location"]
    for hidden in (others, article, Post.objects.get(pk=others.pk)):
        response = view_on_site(client, hidden)
        assert response.status_code == 404
        assert others.slug not in response.get("Location", "")
    assert client.get("/admin/r/999999/1/").status_code == 404
    assert client.get(f"/admin/r/{ContentType.objects.first().pk}/x/").status_code
    client.logout()
    response = view_on_site(client, own)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_view_on_site_still_works_for_editors(editor_client):
    article = factories.make_article(status="draft")
    response = view_on_site(editor_client, article)
    assert response.status_code == 302
    assert article.slug in response["Location"]


FAR_DATES = ["9999-12-31", "0001-01-01", "2300-01-01", "1000-06-15"]


@pytest.mark.parametrize(
    "path", ["/en/events/", "/en/events/past/", "/en/events.ics", "/en/events.json"]
)
@pytest.mark.parametrize("param", ["from", "to"])
@pytest.mark.parametrize("day", FAR_DATES)
def test_far_dates_in_filters_are_a_clear_400(client, path, param, day):
    """?to=9999-12-31 added a day past Python's last date (OverflowError)."""
    response = client.get(f"{path}?{param}={day}")
    assert response.status_code == 400
    assert b"Choose a date between 1900-01-01 and 2199-12-31" in response.content


@pytest.mark.parametrize("path", ["/en/events.json"])
def test_far_updated_since_is_a_clear_400(client, path):
    response = client.get(f"{path}?updated_since=9999-12-31T23:59:59-10:00")
    assert response.status_code == 400


@pytest.mark.parametrize("day", ["9999-12-31", "2300-01-01"])
def test_a_proposal_at_the_end_of_time_is_refused_with_a_message(client, day):
    """9999-12-31 23:00 in Pacific/Honolulu is past datetime.max in UTC."""
    data = proposal(date=day, start_time="23:00", end_time="23:30")
    data["timezone"] = "Pacific/Honolulu"
    response = client.post("/en/events/propose/", data)
    assert response.status_code == 200
    assert "Choose a date between" in response.content.decode()
    assert not Event.objects.exists()


def test_far_dates_typed_in_the_admin_are_refused(editor_client):
    event = factories.make_event()
    url = f"/admin/posts/event/{event.pk}/change/"
    data = read_form(editor_client.get(url).content, "event_form")
    data.update(starts_at_0="9999-12-31", starts_at_1="23:00:00")
    data["timezone"] = "Pacific/Honolulu"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Choose a date between" in response.content.decode()


search_text = st.lists(
    st.sampled_from([*"-\"()!|&:*'<> ab", " or ", " - ", "--", "-a", '"-']),
    max_size=120,
).map("".join)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(q=search_text)
def test_any_search_text_reaches_the_engine_safely(q):
    """33 or more "-" raised "tsquery stack too small" on PostgreSQL."""
    if connection.vendor == "postgresql":
        Post.objects.filter(search_vector=search_query(q)).exists()
    else:
        search_query(q)  # builds; SQLite searches with LIKE


@pytest.mark.parametrize(
    "q", ["-" * 33, "- " * 40 + "x", "a " + "-" * 40 + "b", "-" * 500]
)
@pytest.mark.parametrize(
    "path", ["/en/search/", "/en/posts/", "/en/tags/labour/", "/en/countries/VE/"]
)
def test_dashes_in_search_are_not_a_500(client, path, q):
    factories.make_article(tags=["Labour"], countries=["VE"], title="Dock strike")
    response = client.get(path, {"q": q})
    assert response.status_code == 200


def test_excluding_a_word_still_works(client):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's search has no exclusion")
    factories.make_article(title="Dock strike in Rotterdam")
    factories.make_article(title="Dock strike in Antwerp")
    page = client.get("/en/search/", {"q": "dock ---antwerp"}).content.decode()
    assert "Rotterdam" in page and "Antwerp" not in page.split("<main")[-1]


# Every character a spreadsheet may fold into a formula prefix (full-width
# ＝＋－＠, small and superscript signs...), found in the Unicode tables.
FORMULA_LOOKALIKES = [
    char
    for char in map(chr, range(sys.maxunicode + 1))
    if not 0xD800 <= ord(char) <= 0xDFFF
    and unicodedata.normalize("NFKC", char)[:1] in ("=", "+", "-", "@")
]
INVISIBLE = ["\u200b", "\ufeff", "\u2060", "\u200e", "\u202e", " ", "\u00a0", "\u3000"]


@settings(max_examples=300, deadline=None)
@given(
    hidden=st.lists(st.sampled_from(INVISIBLE), max_size=4).map("".join),
    trigger=st.sampled_from(FORMULA_LOOKALIKES),
    rest=st.text(max_size=20),
)
def test_disguised_formulas_are_neutralised(hidden, trigger, rest):
    value = f"{hidden}{trigger}{rest}"
    assert neutralise(value) == "'" + value


@settings(max_examples=200, deadline=None)
@given(value=st.text(alphabet=st.characters(categories=["L", "N"]), max_size=20))
def test_plain_text_is_left_alone(value):
    assert neutralise(value) == value


def test_disguised_formulas_leave_the_exports_inert(editor_client):
    appeal = factories.make_appeal()
    factories.make_message(appeal=appeal, text="\u200b=HYPERLINK(1)")
    response = editor_client.get(f"/en/appeals/{appeal.slug}/messages.csv")
    text = response.content.decode("utf-8-sig")
    assert "'\u200b=HYPERLINK(1)" in text
