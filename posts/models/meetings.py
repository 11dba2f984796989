"""A meeting (Event): when and where, in the venue's time zone."""

import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ..meetings.zones import known_zones
from .articles import Article
from .countries import Country
from .post import Post, parent_link
from .querysets import PostQuerySet


def validate_timezone(value):
    if value not in known_zones():
        raise ValidationError(
            _(
                "%(value)s is not a known time zone. Use a name such as "
                "Europe/Dublin or America/Montreal."
            ),
            params={"value": value},
        )


web_url_validator = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address starting with https://.")
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

    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/London",
        validators=[validate_timezone],
        help_text=_("The time zone of the venue; times are entered and shown in it."),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True, verbose_name=_("address"))
    city = models.CharField(max_length=100, blank=True, verbose_name=_("city"))
    country = CountryField(blank=True, verbose_name=_("country"))
    online_url = models.URLField(
        _("online link"),
        max_length=500,
        blank=True,
        validators=[web_url_validator],
        help_text=_("For online or hybrid meetings: the link to join."),
    )
    organised_by = models.CharField(
        _("organised by"),
        max_length=200,
        blank=True,
        help_text=_("The group or union organising it, as shown on the page."),
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organised_events",
        help_text=_("The organiser who owns this meeting and may change it."),
        verbose_name=_("organiser"),
    )
    is_cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_("A cancelled meeting keeps its page, marked cancelled."),
    )
    report = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_events",
        verbose_name=_("report-back article"),
        help_text=_(
            "After the meeting: the article reporting on it, linked from "
            "the archive and the meeting's page."
        ),
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_(
            "How many people can come. Leave empty for no limit; when it is "
            "full, people join a waiting list and get a place, by email, when "
            "someone cancels."
        ),
    )
    takes_rsvps = models.BooleanField(
        _("“I'm coming” form"),
        default=True,
        help_text=_("Let visitors say they are coming (they get a reminder)."),
    )
    show_attendance = models.BooleanField(
        _("show how many are coming"),
        default=False,
        help_text=_("Show “42 coming” on the meeting's page. Names are never shown."),
    )

    class Review(models.TextChoices):
        NONE = "", _("Not under review")
        AWAITING = "awaiting", _("Awaiting review")
        SENT_BACK = "sent_back", _("Sent back to the organiser")

    review = models.CharField(
        _("review"),
        max_length=10,
        choices=Review,
        default=Review.NONE,
        blank=True,
        help_text=_(
            "A meeting added or changed by an organiser waits for an editor, "
            "unless that organiser may publish meetings."
        ),
    )
    review_note = models.TextField(
        _("note to the organiser"),
        blank=True,
        max_length=2000,
        help_text=_("Why the meeting was sent back: the organiser gets it by email."),
    )
    # Who proposed the meeting through the public form. Private: shown to
    # editors in the admin only, never on public pages or feeds.
    contact_name = models.CharField(
        max_length=200, blank=True, verbose_name=_("contact name")
    )
    contact_email = models.EmailField(blank=True, verbose_name=_("contact email"))
    # The iCalendar SEQUENCE: calendar apps that subscribed to a feed take a
    # higher number as "this meeting changed". Bumped by save() when something
    # a calendar shows changes.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    # Columns the public never sees (see PostQuerySet.update).
    PRIVATE_FIELDS = Post.PRIVATE_FIELDS | {"review", "review_note"}

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
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ("starts_at",)
        get_latest_by = "starts_at"
        permissions = [
            ("change_any_event", "Can change every organiser's meetings"),
            ("publish_event", "May publish meetings without an editor's review"),
        ]
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
            models.CheckConstraint(
                condition=Q(review__in=["", "awaiting", "sent_back"]),
                name="event_review_valid",
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
                {"slug": _("This address is taken by a page of the site; add a word.")}
            )
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError(
                {"ends_at": _("A meeting cannot end before it starts.")}
            )
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

    # Changes attendees are told about by email (posts/tasks.py).
    ATTENDEE_FIELDS = ("starts_at", "ends_at", "timezone", "is_cancelled")

    def save(self, *args, **kwargs):
        snapshot = getattr(self, "_calendar_snapshot", None)
        self.attendees_to_tell = bool(
            self.pk
            and snapshot is not None
            and any(
                name in snapshot and snapshot[name] != getattr(self, name)
                for name in self.ATTENDEE_FIELDS
            )
        )
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
