"""Tags of posts: the TaggedPost link table, a slug for every tag, and the
tags the public may see."""

import hashlib

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.signals import pre_save
from django.dispatch import receiver
from taggit.models import Tag, TaggedItemBase


class TaggedPost(TaggedItemBase):
    """Tags through a real foreign key, so tag filters are plain indexed joins."""

    content_object = models.ForeignKey(
        "Post", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_post_tag"
            )
        ]
        indexes = [
            # Tag first: the timeline's tag+country filter merge-joins this
            # with the countries link table's (country, post) index.
            models.Index(
                fields=["tag", "content_object"], name="taggedpost_tag_post_idx"
            )
        ]


@receiver(pre_save, sender=Tag)
def give_every_tag_a_slug(sender, instance, **kwargs):
    """taggit slugifies the name, which leaves nothing of a tag made only of
    punctuation (">", "!!!"), and a tag page needs an address: use a short
    hash of the name instead. (Non-Latin names keep their letters: the tag
    URLs accept them.)"""
    if not instance.slug:
        digest = hashlib.sha256(instance.name.encode()).hexdigest()[:10]
        instance.slug = f"tag-{digest}"


def public_tags():
    """Tags of at least one post the public may see. A tag used only on
    drafts (or scheduled, expired posts) has no hub, feed or calendar and is
    not offered as a filter: its name may say what an editor is preparing."""
    # post.py builds Post on TaggedPost, so it cannot be imported here.
    published = apps.get_model("posts", "Post").objects.published()
    return Tag.objects.filter(
        Exists(
            TaggedPost.objects.filter(tag=OuterRef("pk"), content_object__in=published)
        )
    )
