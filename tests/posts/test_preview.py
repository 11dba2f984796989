"""Previews: staff on the public pages, and signed links for people without
an account (posts/preview.py)."""

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from posts import preview
from tests.factories import make_appeal, make_article, make_event, make_user

pytestmark = pytest.mark.django_db

FUTURE = timedelta(days=3)
MAKERS = {
    "article": make_article,
    "appeal": make_appeal,
    "event": make_event,
}


def hidden_posts():
    """One draft and one scheduled post of every kind with a page."""
    later = timezone.now() + FUTURE
    for kind, make in MAKERS.items():
        yield kind, "draft", make(status="draft", title=f"Draft {kind}")
        yield kind, "scheduled", make(published_at=later, title=f"Later {kind}")


def assert_private_page(response):
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert {"no-cache", "no-store", "private"} <= set(cache_control.split(", "))
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.text


def test_anonymous_visitors_get_404_for_drafts_and_scheduled(client):
    for kind, state, post in hidden_posts():
        response = client.get(post.get_absolute_url())
        assert response.status_code == 404, (kind, state)


def test_staff_without_change_permission_get_404(client):
    client.force_login(make_user())  # staff, in no group
    for kind, state, post in hidden_posts():
        assert client.get(post.get_absolute_url()).status_code == 404, (kind, state)


def test_editors_preview_drafts_and_scheduled_never_cached(editor_client):
    for kind, state, post in hidden_posts():
        response = editor_client.get(post.get_absolute_url())
        assert_private_page(response)
        assert "Preview:" in response.text, (kind, state)
        assert post.title in response.text


def test_published_pages_are_not_marked_private(client, editor_client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "X-Robots-Tag" not in response
    assert 'name="robots"' not in response.text
    assert "Preview:" not in editor_client.get(article.get_absolute_url()).text


def test_preview_link_shows_a_draft_to_anyone(client):
    for kind, state, post in hidden_posts():
        response = client.get(preview.make_url(post))
        assert_private_page(response)
        assert post.title in response.text, (kind, state)
        assert "Preview:" in response.text


def test_preview_link_to_a_published_post_shows_it_unmarked_but_private(client):
    appeal = make_appeal(title="Free the miners")
    response = client.get(preview.make_url(appeal))
    assert_private_page(response)
    assert "Free the miners" in response.text
    assert "Preview:" not in response.text


def test_preview_link_shows_only_its_own_post(client):
    article = make_article(status="draft", title="Mine")
    other = make_article(status="draft", title="Not mine")
    token = preview.make_token(article)
    response = client.get(reverse("posts:preview", kwargs={"token": token}))
    assert "Mine" in response.text
    assert other.title not in response.text


def test_preview_link_expires(client, monkeypatch):
    article = make_article(status="draft")
    url = preview.make_url(article, days=1)
    real_now = timezone.now
    monkeypatch.setattr(
        timezone, "now", lambda: real_now() + timedelta(days=1, minutes=-1)
    )
    assert client.get(url).status_code == 200
    monkeypatch.setattr(
        timezone, "now", lambda: real_now() + timedelta(days=1, minutes=1)
    )
    assert client.get(url).status_code == 404


def test_revoking_stops_every_link_made_so_far(client):
    article = make_article(status="draft")
    first, second = preview.make_url(article), preview.make_url(article, days=30)
    preview.revoke(article)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 404
    assert client.get(preview.make_url(article)).status_code == 200


def test_tampered_and_foreign_tokens_are_404(client):
    article = make_article(status="draft")
    secret = make_article(status="draft", title="Secret draft")
    token = preview.make_token(article)
    payload = signing.loads(token, salt=preview.SALT)
    # Another post's id with the signature kept: the signature breaks.
    forged = signing.dumps({**payload, "p": secret.pk}, salt=preview.SALT)
    body, _, signature = forged.rpartition(":")
    tampered = [
        token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature altered
        f"{body}:{token.rpartition(':')[2]}",  # another body, old signature
        signing.dumps(payload, salt="another-salt"),  # signed for something else
        signing.dumps({**payload, "e": "soon"}, salt=preview.SALT),
        signing.dumps(["not", "a", "dict"], salt=preview.SALT),
        "nonsense",
    ]
    for bad in tampered:
        response = client.get(reverse("posts:preview", kwargs={"token": bad}))
        assert response.status_code == 404, bad
        assert "Secret draft" not in response.text


def test_deleted_post_link_is_404(client):
    article = make_article(status="draft")
    url = preview.make_url(article)
    article.delete()
    assert client.get(url).status_code == 404


def test_messages_have_no_preview_link():
    from tests.factories import make_message

    with pytest.raises(ValueError):
        preview.make_token(make_message())


def test_validity_is_clamped_to_the_offered_range():
    article = make_article(status="draft")
    now = timezone.now()
    for days, expected in ((0, 1), (-5, 1), (7, 7), (365, preview.MAX_DAYS)):
        expires = preview.expiry_of(preview.make_token(article, days))
        assert abs(expires - now - timedelta(days=expected)) < timedelta(minutes=1)


# The admin buttons.


def test_editor_creates_a_preview_link_in_the_admin(editor_client, client):
    event = make_event(status="draft", title="Picket at the embassy")
    change_url = reverse("admin:posts_event_change", args=[event.pk])
    page = editor_client.get(change_url).text
    assert "Create preview link" in page
    response = editor_client.post(
        reverse("admin:posts_event_preview_link", args=[event.pk]),
        {"days": "3"},
        follow=True,
    )
    (message,) = [str(m) for m in response.context["messages"]]
    assert "Preview link, valid until" in message
    url = message.split('href="')[1].split('"')[0]
    assert url.startswith("http://testserver/en/preview/")
    token = url.rsplit("/preview/", 1)[1].rstrip("/")
    expires = preview.expiry_of(token)
    assert abs(expires - timezone.now() - timedelta(days=3)) < timedelta(minutes=1)
    assert "Picket at the embassy" in client.get(url).text


def test_editor_revokes_preview_links_in_the_admin(editor_client, client):
    article = make_article(status="draft")
    url = preview.make_url(article)
    response = editor_client.post(
        reverse("admin:posts_article_revoke_preview", args=[article.pk])
    )
    assert response.status_code == 302
    assert client.get(url).status_code == 404


def test_bulk_revoke_action(editor_client, client):
    articles = [make_article(status="draft") for _ in range(2)]
    urls = [preview.make_url(article) for article in articles]
    editor_client.post(
        reverse("admin:posts_article_changelist"),
        {
            "action": "revoke_preview_links",
            "_selected_action": [a.pk for a in articles],
        },
    )
    assert [client.get(url).status_code for url in urls] == [404, 404]


def test_preview_buttons_need_post_and_change_permission(client, editor_client):
    alice = make_user(group="Organisers")
    bobs = make_event(status="draft", organiser=make_user(group="Organisers"))
    link = reverse("admin:posts_event_preview_link", args=[bobs.pk])
    assert editor_client.get(link).status_code == 403  # GET never makes links
    client.force_login(alice)
    assert client.post(link).status_code == 404  # not hers: as if missing
    mine = make_event(status="draft", organiser=alice)
    response = client.post(
        reverse("admin:posts_event_preview_link", args=[mine.pk]), follow=True
    )
    assert "Preview link" in str(list(response.context["messages"])[0])
