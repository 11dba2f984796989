"""
Signed, expiring preview links for people without an account.

An editor hands a comrade a link to a draft (to check a translation or a
statement). The link is a `django.core.signing` token naming the post, the
post's current `preview_key` and an expiry time, so it:

- cannot be forged or altered without the SECRET_KEY (BadSignature),
- stops working after its expiry time,
- stops working for every link of a post once the post's `preview_key` is
  rotated (revoke), without a table of issued links.

The page is the public design, never cached and marked noindex.
"""

import uuid
from datetime import UTC, datetime, timedelta

from django.core import signing
from django.http import Http404
from django.urls import resolve, reverse
from django.utils import timezone

from .models import Post

SALT = "solidarity.posts.preview"
DEFAULT_DAYS = 7
DAY_CHOICES = (1, 3, 7, 14, 30)
MAX_DAYS = max(DAY_CHOICES)
# The kinds that have a public page of their own.
PREVIEWABLE_KINDS = (Post.Kind.ARTICLE, Post.Kind.APPEAL, Post.Kind.EVENT)


class PreviewLinkInvalid(Exception):
    """The token is tampered with, expired, revoked or names no post."""


def make_token(post, days=DEFAULT_DAYS):
    """A token for `post` that is valid for `days` days."""
    if post.kind not in PREVIEWABLE_KINDS:
        raise ValueError(f"{post.get_kind_display()}s have no page to preview.")
    days = min(max(int(days), 1), MAX_DAYS)
    expires = timezone.now() + timedelta(days=days)
    payload = {"p": post.pk, "k": post.preview_key.hex, "e": int(expires.timestamp())}
    return signing.dumps(payload, salt=SALT, compress=True)


def expiry_of(token):
    """When a token we made stops working (for the editor's message)."""
    payload = signing.loads(token, salt=SALT)
    return datetime.fromtimestamp(payload["e"], tz=UTC)


def make_url(post, days=DEFAULT_DAYS):
    return reverse("posts:preview", kwargs={"token": make_token(post, days)})


def load_post(token):
    """The post a token names, or PreviewLinkInvalid."""
    try:
        payload = signing.loads(token, salt=SALT)
        post_id, key, expires = payload["p"], payload["k"], int(payload["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise PreviewLinkInvalid("bad token") from error
    if expires <= timezone.now().timestamp():
        raise PreviewLinkInvalid("expired")
    post = Post.objects.filter(pk=post_id, kind__in=PREVIEWABLE_KINDS).first()
    if post is None or post.preview_key.hex != key:
        raise PreviewLinkInvalid("revoked or deleted")
    return post


def revoke(post):
    """Invalidate every preview link handed out for `post`."""
    post.preview_key = uuid.uuid4()
    Post.objects.filter(pk=post.pk).update(preview_key=post.preview_key)


def revoke_many(pks):
    """Revoke the links of every post in `pks` (each gets its own new key);
    the number of posts whose links were revoked."""
    return sum(
        Post.objects.filter(pk=pk).update(preview_key=uuid.uuid4()) for pk in pks
    )


def preview_view(request, token):
    """The post a preview link names, on its public page design.

    Renders the view the post's own address resolves to (so the page is
    exactly what the public will see, whichever app the kind belongs to),
    limited to that one post. 404 for any bad link.
    """
    try:
        post = load_post(token)
    except PreviewLinkInvalid as error:
        raise Http404("This preview link is not valid (any more).") from error
    match = resolve(post.get_absolute_url())
    view = match.func.view_class.as_view(preview_post=post)
    return view(request, *match.args, **match.kwargs)
