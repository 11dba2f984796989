"""
Everything the campaign publishes is a Post.

`Post` is a concrete base table (multi-table inheritance, as Wagtail's Page):
articles and meetings here, appeals and solidarity messages in `appeals`.
The timeline, search, hubs and feeds query this one table, so filtering,
ordering and pagination happen in the database however many kinds there are.
Each kind adds its own fields in its own table.
"""

import hashlib
import uuid
import zoneinfo
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django_countries.fields import CountryField
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
        private = set(kwargs) <= Post.PRIVATE_FIELDS
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
        "only a month or a year, or nothing: the site then shows \"February "
        "2009\", \"2019\" or no date, and an unknown date sorts after dated "
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


class Article(Post):
    KIND = Post.Kind.ARTICLE

    post_ptr = parent_link("article")

    featured = models.BooleanField(
        default=False, help_text="Featured articles are shown first on the home page."
    )
    image = models.ImageField(upload_to="articles/%Y/", blank=True)
    image_alt = models.CharField(
        "image description",
        max_length=300,
        blank=True,
        help_text="Describe the image for people who cannot see it.",
    )

    class Meta:
        ordering = ("-published_at", "-id")
        get_latest_by = "published_at"
        indexes = [
            # The home page puts the few featured articles first.
            models.Index(
                fields=["featured"],
                condition=Q(featured=True),
                name="article_featured_idx",
            )
        ]

    def clean(self):
        super().clean()
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": "Describe the image for people who cannot see it."}
            )

    def get_absolute_url(self):
        return reverse("posts:detail", kwargs={"slug": self.slug})


@cache
def known_zones():
    """The IANA zone names (read from disk once per process)."""
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value):
    if value not in known_zones():
        raise ValidationError(
            "%(value)s is not a known time zone. Use a name such as "
            "Europe/Dublin or America/Montreal.",
            params={"value": value},
        )


web_url_validator = URLValidator(
    schemes=["http", "https"], message="Enter a web address starting with https://."
)


# The longest a meeting may last (a conference, a camp, a week of action),
# enforced by a constraint. It bounds "not over yet" to meetings that started
# at most this long ago, which the starts_at index can answer from about now
# instead of walking every past meeting (9 ms at 20,000 meetings).
MAX_MEETING_LENGTH = timedelta(days=31)


def check_meeting_length(starts, ends, field):
    if ends - starts > MAX_MEETING_LENGTH:
        raise ValidationError(
            {
                field: f"A meeting lasts at most {MAX_MEETING_LENGTH.days} days. "
                "For a longer campaign publish an appeal, or make a series "
                "of meetings."
            }
        )


class EventQuerySet(PostQuerySet):
    def upcoming(self):
        """Meetings not yet over (ends_at, or starts_at when there is no end)."""
        now = timezone.now()
        return self.filter(
            Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now),
            starts_at__gte=now - MAX_MEETING_LENGTH,
        )

    def past(self):
        now = timezone.now()
        return self.filter(
            Q(ends_at__lt=now) | Q(ends_at__isnull=True),
            # Over means started, too: the index then starts at now.
            starts_at__lt=now,
        )


class Event(Post):
    """A meeting, picket, demonstration, conference or online call."""

    KIND = Post.Kind.EVENT

    post_ptr = parent_link("event")

    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends", null=True, blank=True)
    timezone = models.CharField(
        "time zone",
        max_length=64,
        default="Europe/London",
        validators=[validate_timezone],
        help_text="The time zone of the venue; times are entered and shown in it.",
    )
    venue_name = models.CharField("venue", max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = CountryField(blank=True)
    online_url = models.URLField(
        "online link",
        max_length=500,
        blank=True,
        validators=[web_url_validator],
        help_text="For online or hybrid meetings: the link to join.",
    )
    organised_by = models.CharField(
        "organised by",
        max_length=200,
        blank=True,
        help_text="The group or union organising it, as shown on the page.",
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organised_events",
        help_text="The organiser who owns this meeting and may change it.",
    )
    is_cancelled = models.BooleanField(
        "cancelled",
        default=False,
        help_text="A cancelled meeting keeps its page, marked cancelled.",
    )
    report = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_events",
        verbose_name="report-back article",
        help_text="After the meeting: the article reporting on it, linked from "
        "the archive and the meeting's page.",
    )
    # Who proposed the meeting through the public form. Private: shown to
    # editors in the admin only, never on public pages or feeds.
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    # The iCalendar SEQUENCE: calendar apps that subscribed to a feed take a
    # higher number as "this meeting changed". Bumped by save() when something
    # a calendar shows changes.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    # /events/past/ and /events/propose/ are pages, not meetings.
    RESERVED_SLUGS = frozenset({"past", "propose"})

    # Fields a calendar entry shows; changing one bumps `sequence`.
    CALENDAR_FIELDS = (
        "title",
        "summary",
        "starts_at",
        "ends_at",
        "timezone",
        "venue_name",
        "address",
        "city",
        "country",
        "online_url",
        "is_cancelled",
        "slug",
        "date_precision",
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ("starts_at",)
        get_latest_by = "starts_at"
        permissions = [("change_any_event", "Can change every organiser's meetings")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(ends_at__lte=F("starts_at") + MAX_MEETING_LENGTH),
                name="event_lasts_at_most_31_days",
            ),
        ]
        indexes = [
            models.Index(fields=["starts_at"], name="event_starts_idx"),
            models.Index(fields=["ends_at"], name="event_ends_idx"),
            models.Index(fields=["country", "starts_at"], name="event_country_idx"),
            models.Index(fields=["city"], name="event_city_idx"),
        ]

    def clean(self):
        super().clean()
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError(
                {"slug": "This address is taken by a page of the site; add a word."}
            )
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": "A meeting cannot end before it starts."})
        if self.starts_at and self.ends_at:
            check_meeting_length(self.starts_at, self.ends_at, "ends_at")

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._calendar_snapshot = instance.calendar_snapshot()
        return instance

    def calendar_snapshot(self):
        deferred = self.get_deferred_fields()
        return {
            name: str(getattr(self, name)) if name == "country" else getattr(self, name)
            for name in self.CALENDAR_FIELDS
            if name not in deferred
        }

    def save(self, *args, **kwargs):
        snapshot = getattr(self, "_calendar_snapshot", None)
        if self.pk and snapshot is not None and snapshot != self.calendar_snapshot():
            self.sequence += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "sequence"}
        super().save(*args, **kwargs)
        self._calendar_snapshot = self.calendar_snapshot()
        self.add_venue_country()

    def add_venue_country(self):
        """A meeting is about the country it takes place in: hubs and country
        filters find it through the shared `countries` relation. (The admin
        calls this again after it saves the form's countries.)"""
        if self.country:
            Country.objects.get_or_create(
                code=self.country.code, defaults={"name": self.country.name}
            )
            self.countries.add(self.country.code)

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def local_starts_at(self):
        """The start in the venue's time zone."""
        return self.starts_at.astimezone(self.tzinfo)

    @property
    def local_ends_at(self):
        return self.ends_at.astimezone(self.tzinfo) if self.ends_at else None

    @property
    def is_past(self):
        return (self.ends_at or self.starts_at) < timezone.now()

    @property
    def is_online(self):
        return bool(self.online_url)

    @property
    def is_in_person(self):
        return bool(self.venue_name or self.address or self.city)

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})


@receiver(pre_save, sender=Tag)
def give_every_tag_a_slug(sender, instance, **kwargs):
    """taggit slugifies the name, which leaves nothing of a tag made only of
    punctuation (">", "!!!"), and a tag page needs an address: use a short
    hash of the name instead. (Non-Latin names keep their letters: the tag
    URLs accept them.)"""
    if not instance.slug:
        digest = hashlib.sha256(instance.name.encode()).hexdigest()[:10]
        instance.slug = f"tag-{digest}"
