"""Pictures on articles, appeals and meetings: uploaded in the admin, shown on
pages, cards, link previews, JSON-LD and feeds, and gone when the post or
the picture is."""

import json
import re

import feedparser
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from appeals.models import Appeal
from posts.models import Article, Post
from solidarity import pagecache, renditions
from tests import factories, pictures
from tests.admin_forms import appeal_data, article_data, event_data
from tests.test_images import assert_clean, img_attributes, stored_files

pytestmark = pytest.mark.django_db

ALT = "Dockers hold a banner outside the port gates"


def upload_appeal(client, photo=None, **overrides):
    photo = photo or pictures.phone_photo(size=(1600, 1200))
    data = appeal_data(
        title="Free the dockers",
        slug="free-the-dockers",
        image=pictures.upload(photo, "IMG_0042 at Jo's house.jpg"),
        image_alt=ALT,
        image_caption="Outside the gates on Monday",
        image_credit="Photo: the union",
    )
    data.update(overrides)
    return client.post("/admin/appeals/appeal/add/", data)


def with_picture(make, **kwargs):
    kwargs.setdefault("image", pictures.upload(pictures.plain((1000, 600), "JPEG")))
    kwargs.setdefault("image_alt", ALT)
    return make(**kwargs)


def test_an_editors_gps_photo_is_stored_clean_and_shown_on_every_page(editor_client):
    response = upload_appeal(editor_client)
    assert response.status_code == 302, response.context["adminform"].form.errors
    appeal = Appeal.objects.get(slug="free-the-dockers")
    assert re.fullmatch(r"pictures/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", appeal.image.name)
    assert (appeal.image_width, appeal.image_height) == (1200, 1600)  # upright
    stored = default_storage.open(appeal.image.name).read()
    assert_clean(stored)
    assert pictures.gps_of(stored) == {}
    srcset = renditions.srcset(appeal.image, 1200, 1600)
    card = renditions.social_card(appeal.image)
    for rendition in [*srcset, card]:
        assert_clean(default_storage.open(rendition.url.removeprefix("/media/")).read())

    visitor = Client()
    page = visitor.get(appeal.get_absolute_url()).content.decode()
    figure = page[page.index('<figure class="picture">') :]
    img = img_attributes(figure[: figure.index("</figure>")])
    assert img["alt"] == ALT
    assert (img["width"], img["height"]) == ("1200", "1600")
    assert img["srcset"].split(", ")[0] == f"{srcset[0].url} 400w"
    assert "loading" not in img  # the largest picture above the fold
    assert "Outside the gates on Monday" in figure
    assert '<span class="credit">Photo: the union</span>' in figure
    assert f'<meta property="og:image" content="http://testserver{card.url}">' in page
    assert '<meta property="og:image:width" content="1200">' in page
    data = json.loads(
        page.split('type="application/ld+json">')[1].split("</script>")[0]
    )
    assert data["image"] == [f"http://testserver{card.url}"]

    home = visitor.get("/en/").content.decode()
    start = home.index('<img src="')
    thumbnail = img_attributes(home[start : home.index(">", start) + 1])
    # The urgent appeal leads the home page: its picture is the first.
    assert thumbnail["class"] == "lead-picture"
    assert "loading" not in thumbnail  # the first picture on the home page
    timeline = visitor.get("/en/posts/").content.decode()
    assert 'class="card-picture" loading="lazy"' in timeline

    absolute = f"{settings.SITE_URL}{card.url}"
    rss = feedparser.parse(visitor.get("/en/feed/").content).entries[0]
    assert rss.media_content == [
        {"url": absolute, "medium": "image", "type": "image/jpeg",
         "width": "1200", "height": "630"}
    ]  # fmt: skip
    atom = feedparser.parse(visitor.get("/en/feed/atom/").content).entries[0]
    assert [(link.href, link.type) for link in atom.enclosures] == [
        (absolute, "image/jpeg")
    ]


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/admin/posts/article/add/", article_data),
        ("/admin/appeals/appeal/add/", appeal_data),
        ("/admin/posts/event/add/", event_data),
    ],
)
def test_every_kind_takes_a_picture_and_tells_editors_what_is_removed(
    editor_client, path, data
):
    form = editor_client.get(path).content.decode()
    assert "Location (GPS), time, camera and other hidden data are removed" in form
    response = editor_client.post(
        path,
        data(
            image=pictures.upload(pictures.phone_photo()),
            image_alt=ALT,
            slug="with-a-picture",
        ),
    )
    assert response.status_code == 302
    post = Post.objects.get(slug="with-a-picture")
    assert pictures.gps_of(default_storage.open(post.image.name).read()) == {}


def test_a_picture_needs_a_description_and_nothing_is_kept_without_one(editor_client):
    response = upload_appeal(editor_client, image_alt=" ")
    assert response.status_code == 200
    assert "Describe the picture for people who cannot see it." in (
        response.content.decode()
    )
    assert not Appeal.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.filter(pk=factories.make_article().pk).update(image="x.jpg")


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        (pictures.HTML, "not a picture that can be used here"),
        (pictures.truncated_jpeg(), "damaged or incomplete"),
        (pictures.animated_gif(1000), "This animation has 1000 frames"),
    ],
)
def test_a_bad_upload_in_the_admin_is_a_form_error(editor_client, photo, message):
    response = upload_appeal(editor_client, photo=photo)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert stored_files() == []


def test_replacing_or_removing_a_picture_deletes_the_old_files(
    django_capture_on_commit_callbacks,
):
    article = with_picture(factories.make_article)
    first = article.image.name
    assert stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        article.image = pictures.upload(pictures.plain((900, 500), "PNG"))
        article.save()
    assert all(first not in name and not name.startswith(
        renditions.directory(first)) for name in stored_files())  # fmt: skip
    second = Article.objects.get(pk=article.pk)
    with django_capture_on_commit_callbacks(execute=True):
        second.image = ""
        second.image_alt = ""
        second.save()
    assert stored_files() == []


@pytest.mark.parametrize("make", [factories.make_article, factories.make_event])
def test_deleting_a_post_deletes_its_picture_and_renditions(
    make, django_capture_on_commit_callbacks
):
    with_picture(make, title="Kept")
    kept = stored_files()
    post = with_picture(make)
    with django_capture_on_commit_callbacks(execute=True):
        Post.objects.filter(pk=post.pk).delete()
    assert stored_files() == kept


def test_a_rolled_back_delete_keeps_the_files(django_capture_on_commit_callbacks):
    post = with_picture(factories.make_appeal)
    before = stored_files()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        post.delete()
        raise RuntimeError
    assert stored_files() == before


def test_erasing_a_message_erases_its_picture(
    editor, django_capture_on_commit_callbacks
):
    message = with_picture(factories.make_message)
    with django_capture_on_commit_callbacks(execute=True):
        message.erase(editor)
    message.refresh_from_db()
    assert (message.image.name, message.image_alt) == ("", "")
    assert stored_files() == []


def test_make_renditions_remakes_them_and_records_missing_sizes():
    article = with_picture(factories.make_article)
    renditions.delete(article.image.name)
    Post.objects.filter(pk=article.pk).update(image_width=None, image_height=None)
    call_command("make_renditions", dry_run=True, verbosity=0)
    assert len(stored_files()) == 1
    call_command("make_renditions", verbosity=0)
    article.refresh_from_db()
    assert (article.image_width, article.image_height) == (1000, 600)
    assert len(stored_files()) == 1 + len(renditions.widths_for(1000)) + 1


@pytest.mark.parametrize(
    "url", ["/en/", "/en/posts/", "/en/appeals/", "/en/events/", "/en/feed/"]
)
def test_pictures_on_cards_cost_no_query_per_card(client, url):
    """Guards against N+1: a card reads its picture, description and size
    from the row it already has."""

    def add_posts():
        for make in (
            factories.make_article,
            factories.make_appeal,
            factories.make_event,
        ):
            with_picture(make, image=pictures.upload(pictures.plain((500, 300))))

    def count():
        cache.clear()
        pagecache.content_version()
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        return len(queries), html.count("<img ") + html.count("<media:content")

    add_posts()
    count()  # warms what a page loads once per process, not per card
    few, shown = count()
    add_posts()
    add_posts()
    more, shown_more = count()
    assert shown_more > shown >= 1
    assert more == few
