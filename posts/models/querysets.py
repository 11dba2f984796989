"""PostQuerySet: what every kind of post's queryset shares (public, reader's
language, translations, cards) and the page cache's rule for bulk updates."""

from django.apps import apps
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from solidarity.pagecache import content_changed


class PostQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Bulk updates (moderation, admin actions) send no save signal: tell
        the page cache here when they change what the public sees (the rule
        of posts/signals.py). A change to rows the public sees is taken as a
        withdrawal (hard), since a bulk edit may be one."""
        private = set(kwargs) <= self.model.PRIVATE_FIELDS
        touches_public = not private and self.filter(status="published").exists()
        rows = super().update(**kwargs)
        if touches_public:
            content_changed(hard=True)
        elif rows and kwargs.get("status") == "published":
            content_changed()
        return rows

    def active(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def published(self):
        """What the public may see: published, not scheduled, not expired.

        Evaluated at query time, so scheduling and expiry need no cron job.
        """
        now = timezone.now()
        return (
            self.active()
            .filter(published_at__lte=now)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        )

    def for_reader(self, language):
        """One post per translation group for a reader of `language`: the
        version in that language where one is published, otherwise the
        original. Only groups with translations (`has_translations`) look
        for a version, through the (translation_key, language) index."""
        # The shared table, whatever kind this queryset is of (post.py builds
        # Post on this queryset, so it cannot be imported here).
        translated = (
            apps.get_model("posts", "Post")
            .objects.published()
            .filter(translation_key=OuterRef("translation_key"), language=language)
        )
        return self.filter(
            Q(language=language)
            | Q(translation_of__isnull=True)
            & (Q(has_translations=False) | ~Exists(translated))
        )

    def outdated_translations(self):
        return self.filter(
            translation_of__isnull=False,
            translation_of__text_changed_at__gt=F("translated_from_at"),
        )

    def needing_review(self):
        return self.filter(needs_review=True)

    def for_cards(self, *fields):
        """Only what includes/post_card.html shows of a post (plus `fields`
        of the kind's own); posts.listing.attach_labels() adds the tags and
        countries."""
        return self.only(*self.model.CARD_FIELDS, *fields)
