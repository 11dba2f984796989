"""
The shared Post table and what every kind of post uses: its queryset, tags
(TaggedPost) and countries.
"""

import datetime
import hashlib
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.text import slugify
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItemBase

from solidarity.models import TimeStampedModel
from solidarity.pagecache import content_changed
from solidarity.sanitize import EDITOR_EXTENSIONS, clean_html


class Country(models.Model):
    """An ISO 3166 country a post is about (rows come from django-countries)."""

    code = models.CharField(primary_key=True, max_length=2)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ("name",)
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name


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
        return self.filter(status=Post.Status.PUBLISHED)

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

    def needing_review(self):
        return self.filter(needs_review=True)

    def for_cards(self, *fields):
        """Only what includes/post_card.html shows of a post (plus `fields`
        of the kind's own); posts.listing.attach_labels() adds the tags and
        countries."""
        return self.only(*Post.CARD_FIELDS, *fields)


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


class Post(TimeStampedModel):
    class Kind(models.TextChoices):
        ARTICLE = "article", "Article"
        APPEAL = "appeal", "Appeal"
        EVENT = "event", "Meeting"
        MESSAGE = "message", "Solidarity message"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class DatePrecision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month only"
        YEAR = "year", "Year only"
        UNKNOWN = "unknown", "Unknown"

    # Set by each subclass; stored so the timeline can filter by type
    # without joining every kind's table.
    KIND = None
    # Columns the public never sees: changing only these invalidates no page.
    PRIVATE_FIELDS = frozenset(
        {"preview_key", "source_hash", "needs_review", "updated_at"}
    )
    # The columns a card or feed entry shows (see PostQuerySet.for_cards).
    CARD_FIELDS = (
        "kind",
        "title",
        "slug",
        "summary",
        "byline",
        "published_at",
        "date_precision",
        "updated_at",
    )
    # Search results set their own (posts.search.snippet). Every other card
    # finds this default: a failed attribute lookup costs Django's template
    # engine a dir() of the instance, 4-5 ms of CPU on a page of 20 cards.
    snippet = ""

    # The publication date stored for a text whose date is unknown (imported
    # pages that give none): before anything a campaign published, so it
    # sorts after dated posts; never shown (see publication_known).
    UNDATED = datetime.datetime(1900, 1, 1, 12, tzinfo=datetime.UTC)

    kind = models.CharField(max_length=10, choices=Kind, editable=False)
    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=200,
        help_text="The last part of the page's web address. Letters, numbers "
        "and hyphens only; it must differ from every other post's.",
    )
    summary = models.TextField(
        blank=True,
        max_length=2000,
        help_text="One or two sentences shown in lists, feeds and link previews.",
    )
    body = ProseEditorField(
        blank=True, extensions=EDITOR_EXTENSIONS, sanitize=clean_html
    )
    byline = models.CharField(
        max_length=300,
        blank=True,
        help_text='Who wrote it, as it should be printed, e.g. "In Defence of '
        'Marxism".',
    )
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text="For a post to be public, it must be published and its "
        "publication date must be in the past.",
    )
    published_at = models.DateTimeField(
        "publication date",
        default=timezone.now,
        help_text="A date in the future schedules the post: it stays hidden "
        "until then.",
    )
    date_precision = models.CharField(
        max_length=7,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text="How much of the date is known. Imported texts often give "
        'only a month or a year, or nothing: the site then shows "February '
        '2009", "2019" or no date, and an unknown date sorts after dated '
        "posts. For a meeting this is about its start.",
    )
    expires_at = models.DateTimeField(
        "expiry date",
        null=True,
        blank=True,
        help_text="Optional. After this moment the post is no longer public.",
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name="posts", help_text="Countries it is about."
    )
    tags = TaggableManager(blank=True, through=TaggedPost)
    needs_review = models.BooleanField(
        default=False,
        help_text="Set on items the importer or a public form was unsure "
        "about. Check them, then untick.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Where an imported item came from (file and position), and a hash of
    # what was imported, so a re-import updates instead of duplicating and
    # can tell whether an editor changed the item since. NULL, not "", for
    # posts that were not imported, so the unique constraint ignores them.
    source_key = models.CharField(  # noqa: DJ001
        max_length=300, null=True, blank=True, editable=False
    )
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Rotated to revoke every preview link handed out for this post.
    preview_key = models.UUIDField(default=uuid.uuid4, editable=False)
    # Weighted full-text document (title A, summary and byline B, body C).
    # On PostgreSQL a trigger keeps it current on every INSERT and UPDATE,
    # including bulk inserts and the importer's; unused on SQLite. See
    # posts/search.py and migration 0003.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ("-published_at", "-id")
        get_latest_by = "published_at"
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="unique_post_slug"),
            models.UniqueConstraint(
                fields=["source_key"], name="unique_post_source_key"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]),
                name="post_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["article", "appeal", "event", "message"]),
                name="post_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(date_precision__in=["day", "month", "year", "unknown"]),
                name="post_date_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True)
                | Q(expires_at__gt=F("published_at")),
                name="post_expires_after_publication",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="post_public_idx"),
            models.Index(
                fields=["kind", "status", "-published_at"], name="post_kind_public_idx"
            ),
            models.Index(fields=["byline"], name="post_byline_idx"),
            models.Index(fields=["needs_review"], name="post_needs_review_idx"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if (
            self.expires_at
            and self.published_at
            and self.expires_at <= self.published_at
        ):
            raise ValidationError(
                {"expires_at": "The expiry date must be after the publication date."}
            )

    def save(self, *args, **kwargs):
        if self.KIND:
            self.kind = self.KIND
        self.body = clean_html(self.body)
        if not self.slug:
            self.slug = self.unique_slug(self.title)
        super().save(*args, **kwargs)

    @classmethod
    def unique_slug(cls, text):
        """A slug from `text` that no other post has yet."""
        base = slugify(text)[:80].strip("-") or "post"
        slug, n = base, 2
        while Post.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def publication_known(self):
        """Whether published_at is a day to show in feeds and metadata: not
        the UNDATED placeholder, nor only a month's or year's estimate (a
        meeting's precision is about its start)."""
        if self.published_at <= self.UNDATED + datetime.timedelta(days=1):
            return False
        return self.kind == self.Kind.EVENT or self.date_precision == "day"

    def is_published(self):
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at <= now
            and (self.expires_at is None or self.expires_at > now)
        )

    is_published.boolean = True

    @property
    def specific(self):
        """The Article, Appeal, Event or SolidarityMessage this post is."""
        if type(self) is not Post:
            return self
        return getattr(self, f"as_{self.kind}")

    def get_absolute_url(self):
        return self.specific.get_absolute_url()


def parent_link(name):
    """The link from a kind's table to its Post row, reachable as post.as_<name>."""
    return models.OneToOneField(
        Post,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name=f"as_{name}",
    )


@receiver(pre_save, sender=Tag)
def give_every_tag_a_slug(sender, instance, **kwargs):
    """taggit slugifies the name, which leaves nothing of a tag made only of
    punctuation (">", "!!!"), and a tag page needs an address: use a short
    hash of the name instead. (Non-Latin names keep their letters: the tag
    URLs accept them.)"""
    if not instance.slug:
        digest = hashlib.sha256(instance.name.encode()).hexdigest()[:10]
        instance.slug = f"tag-{digest}"
