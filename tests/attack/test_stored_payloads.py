"""
Hostile text entered through the admin (posted directly, every field, not
through the widgets) and through the importer reaches every public output
safely: HTML pages, <title>, meta and OpenGraph tags, JSON-LD, RSS and Atom,
search, hubs and the admin changelist. Or it is refused with a clear error,
and nothing is saved.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from appeals.models import Appeal
from posts.models import Article, Event, Post
from tests.attack.forms import read_form
from tests.attack.payloads import PAYLOADS, assert_safe_html, assert_safe_xml

pytestmark = pytest.mark.django_db

ADD_URLS = {
    Article: "/admin/posts/article/add/",
    Appeal: "/admin/appeals/appeal/add/",
    Event: "/admin/posts/event/add/",
}
TEXT_FIELDS = {
    Article: ("title", "summary", "byline", "body", "image_alt"),
    Appeal: ("title", "summary", "byline", "body", "action"),
    Event: ("title", "summary", "body", "venue_name", "address", "city"),
}
PUBLIC_PAGES = ["/", "/posts/", "/appeals/", "/events/", "/search/?q=payload"]
FEEDS = ["/feed/", "/feed/atom/", "/appeals/feed/", "/tags/payload/feed/"]


def post_through_admin(client, model, payload, n):
    """Fill the add form as a browser would, put `payload` in every text
    field, post it. Returns the response."""
    form = read_form(client.get(ADD_URLS[model]).content, form_id=None)
    now = timezone.localtime() - timedelta(hours=1)
    form.update(
        {
            "slug": f"payload-{model._meta.model_name}-{n}",
            "status": "published",
            "published_at_0": now.strftime("%d/%m/%Y"),
            "published_at_1": now.strftime("%H:%M:%S"),
            "tags": f"payload, {payload[:40]}",
        }
    )
    if model is Event:
        start = timezone.localtime() + timedelta(days=3)
        form.update(
            {
                "starts_at_0": start.strftime("%d/%m/%Y"),
                "starts_at_1": "18:00:00",
                "timezone": "Europe/London",
                "online_url": "https://meet.example.org/room",
            }
        )
    if model is Appeal:
        form["state"] = "urgent"
        # Who to press: a target, with the payload in what readers read of it.
        form.update(
            {
                "targets-TOTAL_FORMS": "1",
                "targets-0-name": "The minister",
                "targets-0-about": f"payload {payload}",
                "targets-0-position": "0",
            }
        )
    for field in TEXT_FIELDS[model]:
        form[field] = f"payload {payload}"
    return client.post(ADD_URLS[model], form)


@pytest.mark.parametrize("model", list(ADD_URLS), ids=lambda m: m.__name__)
@pytest.mark.parametrize("n", range(len(PAYLOADS)))
def test_admin_input_is_refused_or_rendered_safely(editor_client, model, n):
    payload = PAYLOADS[n]
    response = post_through_admin(editor_client, model, payload, n)
    saved = model.objects.filter(slug=f"payload-{model._meta.model_name}-{n}")
    if "\x00" in payload or len(payload) > 2000:
        # Refused (NUL bytes, over-long text): a clear message, and no row.
        assert response.status_code == 200
        assert b"errorlist" in response.content
        assert b"Null characters are not allowed" in response.content or (
            b"Ensure this value has at most" in response.content
        )
        assert not saved.exists()
        return
    assert response.status_code == 302, response.content[:500]
    post = saved.get()
    assert post.is_published()
    visitor = Client()
    detail = visitor.get(post.get_absolute_url())
    assert detail.status_code == 200
    assert_safe_html(detail.content, post.get_absolute_url())
    for url in PUBLIC_PAGES:
        page = visitor.get(url)
        assert page.status_code == 200, url
        assert_safe_html(page.content, url)
    for url in FEEDS:
        feed = visitor.get(url)
        assert feed.status_code == 200, url
        assert_safe_xml(feed.content, url)
    changelist = editor_client.get(ADD_URLS[model].replace("add/", "") + "?q=payload")
    assert changelist.status_code == 200
    assert_safe_html(changelist.content, "admin changelist", allow=("form", "svg"))


def test_event_online_link_must_be_a_web_address(editor_client):
    """javascript: in a URL field is refused, whatever the widget allows."""
    form = read_form(editor_client.get(ADD_URLS[Event]).content)
    form.update(title="Meeting", slug="payload-event-999")
    form.update(starts_at_0="01/01/2030", starts_at_1="18:00:00")
    form.update(timezone="Europe/London", online_url="javascript:alert(1)")
    response = editor_client.post(ADD_URLS[Event], form)
    assert response.status_code == 200
    assert b"Enter a valid URL" in response.content
    assert not Event.objects.filter(slug="payload-event-999").exists()


def test_all_payloads_together_in_lists_feeds_and_hubs(editor_client):
    for n, payload in enumerate(PAYLOADS):
        post_through_admin(editor_client, Article, payload, n)
    assert Post.objects.filter(slug__startswith="payload-").count() >= 20
    visitor = Client()
    for url in [*PUBLIC_PAGES, "/tags/payload/", "/posts/?page=2"]:
        page = visitor.get(url)
        assert page.status_code == 200, url
        assert_safe_html(page.content, url)
    for url in FEEDS:
        assert_safe_xml(visitor.get(url).content, url)
