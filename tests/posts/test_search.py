"""Full-text search: ranking and accents on PostgreSQL, the LIKE fallback on
SQLite, and what must never be found."""

import pytest
from django.db import connection

from appeals.models import SolidarityMessage
from posts.models import Post
from posts.search import clean_query
from tests import factories

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="ranking, stemming and unaccent need PostgreSQL full-text search",
)


def results(client, q, **params):
    response = client.get("/en/search/", {"q": q, **params})
    assert response.status_code == 200
    return [post.title for post in response.context.get("object_list", [])]


def test_search_finds_every_kind_with_labels(client):
    factories.make_article(title="Oil workers strike")
    factories.make_appeal(title="Oil workers jailed")
    factories.make_event(title="Oil workers meeting")
    factories.make_message(text="Greetings to the oil workers")
    found = results(client, "oil workers")
    assert len(found) == 4
    content = client.get("/en/search/", {"q": "oil workers"}).content.decode()
    for label in ("Article", "Appeal", "Meeting", "Solidarity message"):
        assert f'<span class="kind">{label}</span>' in content
    assert 'value="oil workers"' in content


def test_title_match_ranks_above_body_match(client):
    factories.make_article(
        title="News from the ports",
        body="<p>The dockers met again.</p>",
        summary="",
    )
    factories.make_article(title="Dockers walk out", body="<p>Nothing else.</p>")
    assert results(client, "dockers") == ["Dockers walk out", "News from the ports"]


def test_hidden_posts_and_unapproved_messages_are_never_found(client):
    factories.make_article(title="Zebra draft", status="draft")
    factories.make_message(
        text="Zebra pending", moderation=SolidarityMessage.Moderation.PENDING
    )
    factories.make_message(
        text="Zebra spam", moderation=SolidarityMessage.Moderation.SPAM
    )
    approved = factories.make_message(text="Zebra approved")
    assert results(client, "zebra") == [approved.title]


def test_email_addresses_are_not_searchable(client):
    message = factories.make_message(email="hidden.sender@example.org")
    assert results(client, "hidden.sender@example.org") == []
    assert results(client, "hidden") == []
    assert (
        message.email not in client.get("/en/search/", {"q": "hidden"}).content.decode()
    )


def test_empty_query_shows_the_form(client):
    response = client.get("/en/search/")
    assert response.status_code == 200
    assert "object_list" not in response.context
    assert 'name="q"' in response.content.decode()


def test_no_results_says_so(client):
    factories.make_article()
    response = client.get("/en/search/", {"q": "xylophone"})
    assert "No results for “xylophone”" in response.content.decode()


def test_search_pages(client, monkeypatch):
    from posts.views import SearchView

    monkeypatch.setattr(SearchView, "paginate_by", 2)
    for n in range(3):
        factories.make_article(title=f"Strike {n}")
    assert len(results(client, "strike")) == 2
    assert len(results(client, "strike", page=2)) == 1
    assert (
        "Page 2 of 2"
        in client.get("/en/search/", {"q": "strike", "page": 2}).content.decode()
    )


@postgres_only
def test_only_the_newest_candidates_are_ranked_and_paged_in_rank_order(
    client, monkeypatch
):
    """A common word ranks its newest CANDIDATES matches only ("3+")."""
    from datetime import timedelta

    from django.utils import timezone

    from posts import search, views

    monkeypatch.setattr(search, "CANDIDATES", 3)
    monkeypatch.setattr(views, "CANDIDATES", 3)
    monkeypatch.setattr(views.SearchView, "paginate_by", 2)
    now = timezone.now()
    for days, title in [
        (1, "Port news"),  # "dockers" in the body only
        (2, "Dockers walk out"),
        (3, "Dockers picket"),
        (9, "Dockers of old"),  # a better match, but not among the newest 3
    ]:
        factories.make_article(
            title=title,
            body="<p>The dockers met.</p>",
            published_at=now - timedelta(days=days),
        )
    first = results(client, "dockers")
    second = results(client, "dockers", page=2)
    assert first + second == ["Dockers walk out", "Dockers picket", "Port news"]
    html = client.get("/en/search/", {"q": "dockers"}).content.decode()
    assert "3+ results" in html and "Page 1 of 2" in html


@postgres_only
def test_accents_are_ignored_both_ways(client):
    factories.make_article(title="Guaidó loses support")
    factories.make_article(title="Caracas meeting", body="<p>Zamora spoke.</p>")
    assert results(client, "Guaido") == ["Guaidó loses support"]
    assert results(client, "Guaidó") == ["Guaidó loses support"]
    assert results(client, "Zamorá") == ["Caracas meeting"]


@postgres_only
def test_english_stemming(client):
    factories.make_article(title="The miners were striking")
    assert results(client, "strikes") == ["The miners were striking"]
    assert results(client, "miner") == ["The miners were striking"]


@postgres_only
def test_snippets_mark_matches_and_escape_the_rest(client):
    factories.make_article(
        title="Report",
        summary="",
        body="<p>The &lt;b&gt; tag and the dockers of Rotterdam.</p>",
    )
    content = client.get("/en/search/", {"q": "dockers"}).content.decode()
    assert "<mark>dockers</mark>" in content
    assert "&lt;b&gt; tag" in content


@postgres_only
def test_search_vector_is_kept_current_by_the_trigger():
    article = factories.make_article(title="Before")
    Post.objects.filter(pk=article.pk).update(title="Afterwards")
    assert Post.objects.filter(search_vector="afterwards").exists()
    assert not Post.objects.filter(search_vector="before").exists()


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the SQLite fallback is LIKE"
)
def test_sqlite_fallback_requires_every_word(client):
    factories.make_article(title="Teachers strike", body="<p>In Lima.</p>")
    factories.make_article(title="Teachers march")
    assert results(client, "teachers lima") == ["Teachers strike"]
    assert results(client, "TEACHERS") == ["Teachers march", "Teachers strike"] or (
        sorted(results(client, "TEACHERS")) == ["Teachers march", "Teachers strike"]
    )


def test_clean_query():
    assert clean_query("  a\x00b \n c ") == "a b c"
    assert len(clean_query("x" * 10_000)) == 200
