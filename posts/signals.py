"""
What tells the page cache (solidarity/pagecache.py) that public content
changed: saves, deletes and tag/country links of posts that are, were or are
scheduled to be public. A draft, a pending message, a meeting proposal or a
preview link changes nothing the public sees, so it invalidates nothing.
Bulk updates go through PostQuerySet.update(), which applies the same rule.

A change that withdraws something (unpublishing, deleting, erasing, moving
the date into the future) is *hard*: no copy from before it may be served,
not even stale for a moment.
"""

from django.db.models import Min, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone
from taggit.models import Tag

from solidarity import pagecache

from .models import Country, Post, TaggedPost


def next_change(now):
    """The next moment published content changes by the clock alone: a
    scheduled publication, an expiry, a meeting starting or ending."""
    published = Q(status=Post.Status.PUBLISHED)
    moments = Post.objects.aggregate(
        publish=Min("published_at", filter=published & Q(published_at__gt=now)),
        expire=Min("expires_at", filter=published & Q(expires_at__gt=now)),
        start=Min(
            "as_event__starts_at", filter=published & Q(as_event__starts_at__gt=now)
        ),
        end=Min("as_event__ends_at", filter=published & Q(as_event__ends_at__gt=now)),
    )
    moments = [m for m in moments.values() if m is not None]
    return min(moments) if moments else None


def visibility(status, published_at, expires_at):
    """(public now, counts for the public at all: public or scheduled)."""
    now = timezone.now()
    public = (
        status == Post.Status.PUBLISHED
        and published_at <= now
        and (expires_at is None or expires_at > now)
    )
    return public, status == Post.Status.PUBLISHED


def remember_visibility(sender, instance, **kwargs):
    if not isinstance(instance, Post):
        return
    before = None
    if instance.pk is not None and not instance._state.adding:
        row = (
            Post.objects.filter(pk=instance.pk)
            .values_list("status", "published_at", "expires_at")
            .first()
        )
        before = visibility(*row) if row else None
    instance._visibility_before = before or (False, False)


def post_saved(sender, instance, update_fields=None, **kwargs):
    if not isinstance(instance, Post):
        return
    if update_fields is not None and set(update_fields) <= Post.PRIVATE_FIELDS:
        return
    was_public, was_listed = getattr(instance, "_visibility_before", (False, False))
    is_public, is_listed = visibility(
        instance.status, instance.published_at, instance.expires_at
    )
    if was_public and not is_public:
        pagecache.content_changed(hard=True)
    elif was_listed or is_listed:
        pagecache.content_changed()


def post_deleted(sender, instance, **kwargs):
    if isinstance(instance, Post) and instance.status == Post.Status.PUBLISHED:
        pagecache.content_changed(hard=True)


def links_changed(sender, instance, action, reverse, **kwargs):
    """Tags or countries added to or removed from posts."""
    if not action.startswith("post_"):
        return
    if reverse or instance.status == Post.Status.PUBLISHED:
        pagecache.content_changed()


def label_saved(sender, instance, created=False, **kwargs):
    """A tag or country renamed (a new one is on no public post yet)."""
    if not created:
        pagecache.content_changed()


def connect():
    pre_save.connect(remember_visibility, dispatch_uid="posts-visibility")
    post_save.connect(post_saved, dispatch_uid="posts-saved")
    post_delete.connect(post_deleted, dispatch_uid="posts-deleted")
    for through in (TaggedPost, Post.countries.through):
        m2m_changed.connect(links_changed, sender=through, dispatch_uid=f"{through}")
    for model in (Tag, Country):
        post_save.connect(label_saved, sender=model, dispatch_uid=f"label-{model}")
        post_delete.connect(label_saved, sender=model, dispatch_uid=f"label-d-{model}")
    pagecache.register_schedule(next_change)
