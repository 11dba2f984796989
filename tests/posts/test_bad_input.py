"""Bad input never causes a 500 and is never echoed unescaped."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from posts.models import Post
from tests import factories

pytestmark = pytest.mark.django_db

NASTY = [
    "x" * 10_000,
    "'; DROP TABLE posts_post; --",
    '<script>alert("x")</script>',
    "a\x00b",
    "\x00",
    "&<>\"'",
    "!!! ((( :* | & <-> ",
    "🙂 ünïcödé",
]


@pytest.fixture(autouse=True)
def some_posts():
    factories.make_article(title="Dockers strike", tags=["Labour"], countries=["VE"])
    factories.make_appeal(title="Free the miners")


def assert_safe(response):
    assert response.status_code in (200, 404)
    content = response.content.decode()
    assert "<script>alert" not in content
    assert "\x00" not in content
    return content


@pytest.mark.parametrize("q", NASTY)
def test_search_survives_any_query(client, q):
    content = assert_safe(client.get("/en/search/", {"q": q}))
    assert client.get("/en/search/", {"q": q}).status_code == 200
    if q.startswith("<script>"):
        assert "&lt;script&gt;alert" in content


def test_a_very_long_query_is_cut_and_the_visitor_told(client):
    content = client.get("/en/search/", {"q": "strike " * 2000}).content.decode()
    assert "only its first 200 characters were used" in content


@pytest.mark.parametrize(
    "param", ["type", "tag", "country", "author", "year", "month", "q"]
)
@pytest.mark.parametrize("value", NASTY)
def test_timeline_facets_survive_any_value(client, param, value):
    response = client.get("/en/posts/", {param: value})
    assert response.status_code == 200
    assert_safe(response)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"type": "video"}, "There is no type “video”."),
        ({"tag": "no-such-tag"}, "There is no tag “no-such-tag”."),
        ({"country": "ZZ"}, "There is no country with the code “ZZ”."),
        ({"year": "abc"}, "“abc” is not a valid year."),
        ({"year": "2020", "month": "13"}, "“13” is not a valid month."),
        ({"month": "3"}, "Choose a year to see a month."),
    ],
)
def test_unknown_facet_values_get_a_clear_message(client, params, message):
    response = client.get("/en/posts/", params)
    assert response.status_code == 200
    assert message in response.context["facets"].errors
    content = response.content.decode()
    assert message.replace("“", "&ldquo;")[:5] in content or message in content
    # Ignored, so the timeline still lists everything the other filters allow.
    if "year" not in params or params["year"] == "abc":
        assert len(response.context["object_list"]) == 2


@pytest.mark.parametrize("page", ["abc", "-1", "0", "999999", "1.5", "²", "9" * 50])
@pytest.mark.parametrize(
    "url", ["/en/posts/", "/en/search/?q=strike", "/en/tags/labour/"]
)
def test_bad_page_numbers_are_404_not_500(client, url, page):
    separator = "&" if "?" in url else "?"
    response = client.get(f"{url}{separator}page={page}")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/en/posts/%3Cscript%3E/",
        "/en/countries/%00%00/",
        "/en/countries/A/",
        "/en/countries/1x/",
        "/en/tags/%3Cscript%3E/",
        "/en/appeals/feed/?x=%00",
    ],
)
def test_bad_paths(client, url):
    assert_safe(client.get(url))


def test_html_in_tag_names_is_escaped(client):
    factories.make_article(tags=["<b>bold</b>"])
    content = client.get("/en/posts/").content.decode()
    assert "<b>bold</b>" not in content
    assert "&lt;b&gt;bold&lt;/b&gt;" in content


def test_the_500_page_renders_without_a_request():
    from django.template.loader import render_to_string

    assert "Something went wrong" in render_to_string("500.html")


def test_generate_content_makes_every_kind_and_hides_some(capsys):
    call_command(
        "generate_content",
        articles=40,
        appeals=10,
        events=10,
        messages=100,
        batch_size=7,
        seed=1,
    )
    kinds = dict(
        Post.objects.filter(slug__contains="-")
        .exclude(title__in=["Dockers strike", "Free the miners"])
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    assert kinds == {"article": 40, "appeal": 10, "event": 10, "message": 100}
    assert Post.objects.published().count() < Post.objects.count()
    assert Post.objects.filter(tags__isnull=False).exists()
    assert Post.objects.filter(countries__isnull=False).count() >= 160
    out = capsys.readouterr().out
    assert "messages: 100/100" in out
    assert "Generated 160 posts" in out


def test_generated_posts_have_working_pages(client):
    call_command(
        "generate_content",
        articles=5,
        appeals=5,
        events=5,
        messages=5,
        seed=2,
        verbosity=0,
    )
    for post in Post.objects.published().exclude(kind="message")[:15]:
        assert client.get(post.specific.get_absolute_url()).status_code == 200
