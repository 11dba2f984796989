"""The tag-and-country filter: the same answer on both databases, and on
PostgreSQL a `facet_keys` array that triggers keep exact whatever writes the
links (posts/migrations/0007_post_facet_keys.py)."""

import pytest
from django.db import connection
from taggit.models import Tag

from posts.models import Post, TaggedPost
from tests.factories import make_appeal, make_article, make_event

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="facet_keys is PostgreSQL's"
)


def keys(post):
    with connection.cursor() as cursor:
        cursor.execute("SELECT facet_keys FROM posts_post WHERE id = %s", [post.pk])
        return sorted(cursor.fetchone()[0])


def tag_id(slug):
    return Tag.objects.get(slug=slug).pk


def filtered(client, **query):
    response = client.get("/en/posts/", query)
    assert response.status_code == 200
    return {post.title for post in response.context["object_list"]}


def test_tag_and_country_together_find_exactly_the_posts_with_both(client):
    make_article(title="Both", tags=["strikes"], countries=["VE", "CO"])
    make_appeal(title="Tag only", tags=["strikes"], countries=["IE"])
    make_event(title="Country only", tags=["housing"], countries=["VE"])
    make_article(
        title="Both, draft", status="draft", tags=["strikes"], countries=["VE"]
    )
    assert filtered(client, tag="strikes", country="VE") == {"Both"}
    assert filtered(client, tag="strikes", country="co") == {"Both"}
    assert filtered(client, tag="housing", country="VE") == {"Country only"}
    assert filtered(client, tag="housing", country="FR") == set()


@postgres_only
def test_keys_follow_every_way_links_change():
    article = make_article(tags=["strikes"], countries=["VE"])
    strikes = tag_id("strikes")
    assert keys(article) == ["cVE", f"t{strikes}"]
    article.tags.add("housing", "pickets")
    article.countries.add("IE")
    assert keys(article) == sorted(
        ["cIE", "cVE", f"t{strikes}", f"t{tag_id('housing')}", f"t{tag_id('pickets')}"]
    )
    article.tags.remove("housing")
    article.countries.set(["CO"])
    assert keys(article) == sorted(["cCO", f"t{strikes}", f"t{tag_id('pickets')}"])
    Tag.objects.get(slug="pickets").delete()  # cascades to the link rows
    assert keys(article) == ["cCO", f"t{strikes}"]
    article.tags.clear()
    article.countries.clear()
    assert keys(article) == []


@postgres_only
def test_bulk_link_inserts_and_saves_keep_the_keys():
    """generate_content bulk-creates links; an ordinary save of the post must
    not write the column back (it is not on the model)."""
    first, second = make_article(), make_appeal()
    tag = Tag.objects.create(name="Hunger strike", slug="hunger-strike")
    TaggedPost.objects.bulk_create(
        [TaggedPost(content_object=post, tag=tag) for post in (first, second)]
    )
    Post.countries.through.objects.bulk_create(
        [Post.countries.through(post_id=first.pk, country_id="TR")]
    )
    assert keys(first) == ["cTR", f"t{tag.pk}"]
    assert keys(second) == [f"t{tag.pk}"]
    first.title = "Edited"
    first.save()
    Post.objects.filter(pk=second.pk).update(title="Edited too")
    assert keys(first) == ["cTR", f"t{tag.pk}"]
    assert keys(second) == [f"t{tag.pk}"]


@postgres_only
def test_a_moved_link_refreshes_both_posts():
    first, second = make_article(tags=["strikes"]), make_article()
    TaggedPost.objects.filter(content_object=first).update(content_object=second)
    assert keys(first) == []
    assert keys(second) == [f"t{tag_id('strikes')}"]
