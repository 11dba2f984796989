"""
The shared Post table, and parent_link() for the kinds' tables. Its queryset
is in querysets.py, its tags in tags.py, its countries in countries.py.
"""

import datetime
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Max, Q
from django.db.models.functions import Cast, Substr
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager

from solidarity.images import PictureField
from solidarity.languages import content_language_choices, language_name
from solidarity.models import TimeStampedModel
from solidarity.sanitize import EDITOR_EXTENSIONS, clean_html

from .countries import Country
from .querysets import PostQuerySet
from .tags import TaggedPost

# The kinds' tables' keys, so a Post row with its kind selected loads one
# column of each (their get_absolute_url needs only the Post's slug).
KIND_KEYS = ("as_article__post_ptr", "as_appeal__post_ptr", "as_event__post_ptr")


class Post(TimeStampedModel):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        APPEAL = "appeal", _("Appeal")
        EVENT = "event", _("Meeting")
        MESSAGE = "message", _("Solidarity message")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class DatePrecision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month only")
        YEAR = "year", _("Year only")
        UNKNOWN = "unknown", _("Unknown")

    # Set by each subclass; stored so the timeline can filter by type
    # without joining every kind's table.
    KIND = None
    # Columns the public never sees: changing only these invalidates no page.
    PRIVATE_FIELDS = frozenset(
        {
            "preview_key",
            "source_hash",
            "needs_review",
            "updated_at",
            # Bookkeeping of translations (the save of a translation is
            # what changes public pages).
            "has_translations",
            "text_changed_at",
            "translated_from_at",
        }
    )
    # What a translator translates: a change to one of these on an original
    # marks its translations outdated.
    TEXT_FIELDS = ("title", "summary", "body")
    # The columns a card or feed entry shows (see PostQuerySet.for_cards).
    CARD_FIELDS = (
        "kind",
        "language",
        "title",
        "slug",
        "summary",
        "byline",
        "published_at",
        "date_precision",
        "updated_at",
        "image",
        "image_width",
        "image_height",
        "image_alt",
    )
    # Search results set their own (posts.search.snippet). Every other card
    # finds this default: a failed attribute lookup costs Django's template
    # engine a dir() of the instance, 4-5 ms of CPU on a page of 20 cards.
    snippet = ""
    # The home page and lists set it on the one picture above the fold.
    eager_picture = False

    # The publication date stored for a text whose date is unknown (imported
    # pages that give none): before anything a campaign published, so it
    # sorts after dated posts; never shown (see publication_known).
    UNDATED = datetime.datetime(1900, 1, 1, 12, tzinfo=datetime.UTC)

    kind = models.CharField(max_length=10, choices=Kind, editable=False)
    title = models.CharField(max_length=300, verbose_name=_("title"))
    slug = models.SlugField(
        max_length=200,
        help_text=_(
            "The last part of the page's web address. Letters, numbers "
            "and hyphens only; it must differ from every other post's."
        ),
        verbose_name=_("web address"),
    )
    summary = models.TextField(
        blank=True,
        max_length=2000,
        help_text=_("One or two sentences shown in lists, feeds and link previews."),
        verbose_name=_("summary"),
    )
    body = ProseEditorField(
        blank=True,
        extensions=EDITOR_EXTENSIONS,
        sanitize=clean_html,
        verbose_name=_("text"),
    )
    byline = models.CharField(
        max_length=300,
        blank=True,
        help_text=_(
            'Who wrote it, as it should be printed, e.g. "In Defence of Marxism".'
        ),
        verbose_name=_("byline"),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=content_language_choices,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the post is written in."),
    )
    # An original and its translations share one key (each translation is
    # its own post: slug, status, dates, review). `translation_of` points
    # from a translation to the original it was made from.
    translation_key = models.UUIDField(default=uuid.uuid4, editable=False)
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        # An original keeps its translations' link: delete those first.
        on_delete=models.PROTECT,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_("The original this post is a translation of."),
    )
    # On an original: whether it has translations (so lists look for one
    # only in those groups) and when its text last changed; on a
    # translation: the original's text_changed_at it was brought up to date
    # with. A translation is outdated when its original's text changed after.
    has_translations = models.BooleanField(default=False, editable=False)
    text_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    translated_from_at = models.DateTimeField(null=True, blank=True, editable=False)
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text=_(
            "For a post to be public, it must be published and its "
            "publication date must be in the past."
        ),
        verbose_name=_("status"),
    )
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        help_text=_(
            "A date in the future schedules the post: it stays hidden until then."
        ),
    )
    date_precision = models.CharField(
        max_length=7,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text=_(
            "How much of the date is known. Imported texts often give "
            'only a month or a year, or nothing: the site then shows "February '
            '2009", "2019" or no date, and an unknown date sorts after dated '
            "posts. For a meeting this is about its start."
        ),
        verbose_name=_("date precision"),
    )
    expires_at = models.DateTimeField(
        _("expiry date"),
        null=True,
        blank=True,
        help_text=_("Optional. After this moment the post is no longer public."),
    )
    countries = models.ManyToManyField(
        Country,
        blank=True,
        related_name="posts",
        help_text=_("Countries it is about."),
        verbose_name=_("countries"),
    )
    # A picture for the post's page, cards, feeds and link previews. Only a
    # clean copy is stored (solidarity/images.py), with its renditions.
    image = PictureField(
        _("picture"),
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text=_(
            "A photo or picture: JPEG, PNG, GIF or WebP, at most 20 MB "
            "and 40 megapixels. When it is saved, its location (GPS), the time it "
            "was taken, the camera's details and any other hidden data are removed "
            "from it, and it gets a random file name. Check what the picture "
            "itself shows: faces, name badges, car number plates, street signs."
        ),
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("picture description"),
        max_length=300,
        blank=True,
        help_text=_(
            "Required with a picture: describe it for people who cannot "
            'see it, e.g. "Dockers hold a banner outside the port gates".'
        ),
    )
    image_caption = models.CharField(
        _("caption"),
        max_length=500,
        blank=True,
        help_text=_("Optional. Shown under it."),
    )
    image_credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_(
            'Optional, e.g. "Photo: Jo Bloggs". Leave it empty when naming '
            "the photographer could put them at risk."
        ),
    )
    tags = TaggableManager(blank=True, through=TaggedPost, verbose_name=_("tags"))
    needs_review = models.BooleanField(
        default=False,
        help_text=_(
            "Set on items the importer or a public form was unsure "
            "about. Check them, then untick."
        ),
        verbose_name=_("needs review"),
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
        verbose_name = _("post")
        verbose_name_plural = _("posts")
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
            # One version per language in a translation group: lists show
            # one item per group, never two.
            models.UniqueConstraint(
                fields=["translation_key", "language"],
                name="unique_translation_language",
            ),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="post_picture_has_description",
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
                {"expires_at": _("The expiry date must be after the publication date.")}
            )
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the picture for people who cannot see it.")}
            )

    def save(self, *args, **kwargs):
        if self.KIND:
            self.kind = self.KIND
        self.body = clean_html(self.body)
        if not self.slug:
            self.slug = self.unique_slug(self.title)
        if self.translation_of_id:
            # A translation of a translation belongs to the same original.
            original = Post.objects.values(
                "translation_of_id", "translation_key", "text_changed_at"
            ).get(pk=self.translation_of_id)
            if original["translation_of_id"]:
                self.translation_of_id = original["translation_of_id"]
            self.translation_key = original["translation_key"]
            if self.translated_from_at is None:
                self.translated_from_at = original["text_changed_at"] or timezone.now()
        super().save(*args, **kwargs)
        if self.translation_of_id:
            Post.objects.filter(
                pk=self.translation_of_id, has_translations=False
            ).update(has_translations=True)

    def make_translation(self, language, user=None):
        """A draft copy of this original in `language`, linked to it (same
        translation_key), with its own slug, to be translated in the admin.
        The kind's own fields come along; `copy_for_translation()` lets a
        kind copy what hangs off it (an appeal's targets)."""
        original = type(self).objects.get(pk=self.pk)
        copy = type(self).objects.get(pk=self.pk)
        copy.pk = None
        copy.id = None
        copy._state.adding = True
        copy.language = language
        copy.translation_of_id = original.pk
        copy.translation_key = original.translation_key
        copy.status = Post.Status.DRAFT
        copy.published_at = timezone.now()
        copy.slug = self.unique_slug(f"{original.slug}-{language}")
        copy.source_key = None
        copy.source_hash = ""
        copy.preview_key = uuid.uuid4()
        copy.has_translations = False
        copy.text_changed_at = None
        copy.translated_from_at = original.text_changed_at or timezone.now()
        copy.needs_review = False
        copy.created_by = user
        copy.save()
        copy.countries.set(original.countries.all())
        copy.tags.set(list(original.tags.all()))
        original.copy_for_translation(copy)
        return copy

    def copy_for_translation(self, copy):
        """Hook for kinds with related rows a translation shares."""

    def is_outdated_translation(self):
        """A translation whose original's text changed after it was made
        (or last brought up to date)."""
        original = self.translation_of
        return bool(
            original
            and original.text_changed_at
            and self.translated_from_at
            and original.text_changed_at > self.translated_from_at
        )

    is_outdated_translation.boolean = True

    def language_name(self):
        return language_name(self.language)

    def published_translations(self):
        """The other published versions of this post, each with its address
        in its own language's prefix: [(code, name, url)], by language."""
        if not self.has_translations and not self.translation_of_id:
            return []
        others = (
            Post.objects.published()
            .filter(translation_key=self.translation_key)
            .exclude(pk=self.pk)
            .select_related("as_article", "as_appeal", "as_event")
            .only("kind", "slug", "language", *KIND_KEYS)
            .order_by("language")
        )
        result = []
        for other in others:
            with translation.override(other.language):
                result.append(
                    (other.language, other.language_name(), other.get_absolute_url())
                )
        return result

    @classmethod
    def unique_slug(cls, text):
        """A slug from `text` that no other post has yet."""
        base = slugify(text)[:80].strip("-") or "post"
        # One query however many `base-N` siblings exist (a loop over N
        # took 15 s with 20,000 "a-supporter-in-spain-N" messages): whether
        # the base is taken, and the highest numeric suffix. The prefix uses
        # the slug index (LIKE 'base-%'); slugs hold only [-a-z0-9_], so
        # the base needs no escaping in the pattern.
        found = Post.objects.filter(
            Q(slug=base)
            | Q(slug__startswith=f"{base}-", slug__regex=rf"^{base}-[0-9]{{1,18}}$")
        ).aggregate(
            base_taken=Count("pk", filter=Q(slug=base)),
            highest=Max(
                Cast(Substr("slug", len(base) + 2), models.BigIntegerField()),
                filter=~Q(slug=base),
            ),
        )
        if not found["base_taken"]:
            return base
        return f"{base}-{max(found['highest'] or 1, 1) + 1}"

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

    def specific_or_self(self):
        """The kind's own row when one exists (a translation's admin link)."""
        try:
            return self.specific
        except Post.DoesNotExist:
            return self

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
