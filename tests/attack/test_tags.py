"""Tags with names an international campaign will use, or an attacker
might: every page that shows them still renders, and links to their hub."""

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["Solidarité", "Türkiye", "Венесуэла", "工会", ">", "!!!", '"', "a/b"]
)
def test_any_tag_name_renders_and_has_a_hub(name):
    article = factories.make_article(title="Tagged", tags=[name])
    tag = article.tags.get()
    assert tag.slug
    client = Client()
    for url in (article.get_absolute_url(), "/en/posts/", "/en/"):
        assert client.get(url).status_code == 200, url
    hub = client.get(f"/en/tags/{tag.slug}/")
    assert hub.status_code == 200
    assert b"Tagged" in hub.content
    assert client.get(f"/en/tags/{tag.slug}/feed/").status_code == 200
