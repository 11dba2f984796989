"""Posts with linked translations (issue 12): one item per translation group
in every list and feed, the reader's language where published and the
original otherwise, "Also in" links and hreflang, the admin's "Translate
into…" and outdated translations, search per language."""

import re
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone, translation

from posts.models import Post
from posts.search import uses_postgres
from tests import factories
from tests.admin_forms import article_data

pytestmark = pytest.mark.django_db


def titles(html):
    return re.findall(r'class="card-title"[^>]*><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def group():
    """An English original with a published Spanish translation, and an
    untranslated English article."""
    original = factories.make_article(title="Dockers strike in Valencia")
    spanish = factories.publish_translation(
        original, "es", "Huelga de estibadores en Valencia"
    )
    alone = factories.make_article(title="Picket at the embassy")
    return original, spanish, alone


def test_lists_show_one_item_per_group_in_the_readers_language(client, group):
    english = titles(client.get("/en/posts/").content.decode())
    assert english.count("Dockers strike in Valencia") == 1
    assert "Huelga de estibadores en Valencia" not in english
    spanish = titles(client.get("/es/posts/").content.decode())
    assert "Huelga de estibadores en Valencia" in spanish
    assert "Dockers strike in Valencia" not in spanish
    # Untranslated: the original, everywhere.
    assert "Picket at the embassy" in spanish
    arabic = titles(client.get("/ar/posts/").content.decode())
    assert arabic.count("Dockers strike in Valencia") == 1
    assert "Huelga de estibadores en Valencia" not in arabic


def test_the_original_carries_a_language_label_where_it_stands_in(client, group):
    html = client.get("/es/").content.decode()
    card = html.split("Picket at the embassy")[0].rsplit("<article", 1)[1]
    assert '<span class="language-label">English</span>' in card
    assert 'lang="en"' in html.split("Picket at the embassy")[0].rsplit("<h", 1)[1]
    # The Spanish version needs no label on the Spanish page.
    card = html.split("Huelga de estibadores")[0].rsplit("<article", 1)[1]
    assert "language-label" not in card


def test_a_draft_translation_falls_back_to_the_original(client):
    original = factories.make_article(title="Free the miners")
    draft = original.make_translation("es")
    draft.title = "Libertad para los mineros"
    draft.save()
    spanish = titles(client.get("/es/posts/").content.decode())
    assert spanish == ["Free the miners"]


def test_feeds_have_one_entry_per_group(client, group):
    english = feedparser.parse(client.get("/en/feed/").content)
    spanish = feedparser.parse(client.get("/es/feed/").content)
    english_titles = [entry.title for entry in english.entries]
    spanish_titles = [entry.title for entry in spanish.entries]
    assert len(english_titles) == len(spanish_titles) == 2
    assert "Article: Dockers strike in Valencia" in english_titles
    assert "Artículo: Huelga de estibadores en Valencia" in spanish_titles
    assert spanish.feed.language == "es"
    assert spanish.entries[0].link.startswith("http://testserver/es/")


def test_the_lang_facet_lists_one_language(client, group):
    html = client.get("/en/posts/?lang=es").content.decode()
    assert titles(html) == ["Huelga de estibadores en Valencia"]
    assert "Language: Español" in html
    response = client.get("/en/posts/?lang=xx")
    assert "There is no language “xx”." in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_detail_says_also_in_and_links_the_translation(client, group):
    original, spanish, _alone = group
    html = client.get(original.get_absolute_url()).content.decode()
    with translation.override("es"):
        spanish_url = spanish.get_absolute_url()
    assert spanish_url.startswith("/es/posts/")
    also = html.split('class="also-in"')[1].split("</p>")[0]
    assert f'href="{spanish_url}"' in also and "Español" in also
    alternates = dict(
        re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html)
    )
    assert alternates == {
        "en": f"http://testserver{original.get_absolute_url()}",
        "es": f"http://testserver{spanish_url}",
    }
    # The switcher leads to the translation, not to the same slug in Spanish.
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert f'href="{spanish_url}"' in switcher


def test_an_untranslated_post_under_another_prefix_says_its_language(client, group):
    _original, _spanish, alone = group
    with translation.override("es"):
        url = alone.get_absolute_url()
    html = client.get(url).content.decode()
    assert '<html lang="es"' in html
    assert '<h1 lang="en" dir="auto">Picket at the embassy</h1>' in html
    # Its canonical address is the one in its own language.
    assert f'rel="canonical" href="http://testserver/en/posts/{alone.slug}/"' in html


def test_translate_into_makes_a_linked_draft(admin_client):
    original = factories.make_appeal(title="Free the miners")
    original.targets.create(name="Minister Ramos", email="minister@gov.example")
    change = f"/admin/appeals/appeal/{original.pk}/change/"
    page = admin_client.get(change).content.decode()
    assert 'name="language" id="translate-into"' in page
    response = admin_client.post(
        f"/admin/appeals/appeal/{original.pk}/translate/", {"language": "es"}
    )
    draft = Post.objects.get(translation_of=original)
    assert response["Location"].endswith(f"/appeals/appeal/{draft.pk}/change/")
    assert draft.language == "es"
    assert draft.status == "draft"
    assert draft.translation_key == original.translation_key
    assert draft.slug != original.slug
    assert draft.specific.targets.get().name == "Minister Ramos"
    # The draft's form shows the original's text to translate from.
    form = admin_client.get(response["Location"]).content.decode()
    assert 'class="original-text" lang="en"' in form
    # A language the group already has is refused.
    admin_client.post(
        f"/admin/appeals/appeal/{original.pk}/translate/", {"language": "es"}
    )
    assert Post.objects.filter(translation_key=original.translation_key).count() == 2


def test_editing_the_originals_text_outdates_its_translations(admin_client):
    original = factories.make_article(title="Dockers strike")
    spanish = factories.publish_translation(original, "es", "Huelga")
    outdated = "/admin/posts/article/?translation=outdated"
    assert spanish.title not in admin_client.get(outdated).content.decode()
    original.title = "Dockers strike, day two"
    original.text_changed_at = timezone.now() + timedelta(seconds=1)
    original.save()
    spanish.refresh_from_db()
    assert spanish.is_outdated_translation()
    assert "Huelga" in admin_client.get(outdated).content.decode()
    admin_client.post(
        "/admin/posts/article/",
        {"action": "mark_translations_up_to_date", "_selected_action": [spanish.pk]},
    )
    spanish.refresh_from_db()
    assert not spanish.is_outdated_translation()


def test_the_admin_stamps_text_changes_only(admin_client):
    original = factories.make_article(title="Dockers strike")
    original.text_changed_at = None
    original.save()
    url = f"/admin/posts/article/{original.pk}/change/"
    same_text = {
        "title": original.title,
        "slug": original.slug,
        "summary": original.summary,
        "body": original.body,
        "byline": original.byline,
    }
    response = admin_client.post(url, article_data(needs_review="on", **same_text))
    assert response.status_code == 302
    original.refresh_from_db()
    assert original.text_changed_at is None
    admin_client.post(url, article_data(**{**same_text, "title": "Day two"}))
    original.refresh_from_db()
    assert original.text_changed_at is not None


def test_one_version_per_language_in_a_group():
    original = factories.make_article()
    original.make_translation("es")
    with pytest.raises(Exception, match="unique|UNIQUE"):
        original.make_translation("es")


@pytest.mark.skipif(not uses_postgres(), reason="text search configurations")
def test_a_spanish_query_finds_spanish_posts_by_their_stems(client):
    factories.make_article(
        title="Los estibadores convocan una huelga", language="es", summary=""
    )
    factories.make_article(title="Dockers call a strike", summary="")
    html = client.get("/es/search/?q=huelgas").content.decode()
    assert "Los estibadores convocan una huelga" in titles(html)
    # Accents do not matter either way.
    html = client.get("/es/search/?q=estibadóres").content.decode()
    assert "Los estibadores convocan una huelga" in titles(html)
    # English pages still stem English.
    html = client.get("/en/search/?q=striking").content.decode()
    assert "Dockers call a strike" in titles(html)


def test_the_sitemap_names_each_translation_with_hreflang(client, group):
    original, spanish, alone = group
    xml = client.get("/sitemap-articles.xml").content.decode()
    assert xml.count("<loc>") == 3
    assert f"<loc>http://testserver/es/posts/{spanish.slug}/</loc>" in xml
    assert f"<loc>http://testserver/en/posts/{alone.slug}/</loc>" in xml
    entry = xml.split(f"<loc>http://testserver/en/posts/{original.slug}/</loc>")[1]
    entry = entry.split("</url>")[0]
    assert f'hreflang="es" href="http://testserver/es/posts/{spanish.slug}/"' in entry
    pages = client.get("/sitemap-pages.xml").content.decode()
    assert "<loc>http://testserver/ar/appeals/</loc>" in pages
    assert 'hreflang="x-default" href="http://testserver/en/appeals/"' in pages
