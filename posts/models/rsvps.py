"""RSVPs to meetings ("I'm coming"): private to the meeting's organiser and
the editors, never shown on the site (only a count, if the organiser wants)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solidarity.mail import (
    address_link_token,
    erase_mail_to,
    from_address_link_token,
)
from solidarity.models import TimeStampedModel

from .meetings import Event

CANCEL_SALT = "posts.rsvp.cancel"
MAX_PEOPLE = 20


class RSVPQuerySet(models.QuerySet):
    def coming(self):
        return self.filter(status=RSVP.Status.COMING)

    def waiting(self):
        return self.filter(status=RSVP.Status.WAITLISTED).order_by("created_at", "pk")

    def active(self):
        return self.filter(status__in=[RSVP.Status.COMING, RSVP.Status.WAITLISTED])

    def people(self):
        """How many people these RSVPs bring."""
        return self.aggregate(n=Sum("people"))["n"] or 0

    def visible_to(self, user):
        """Editors see every meeting's attendees; organisers only their own."""
        if user.has_perm("posts.change_any_event"):
            return self
        return self.filter(event__organiser=user)


class RSVP(TimeStampedModel):
    """Someone coming to a meeting (or waiting for a place)."""

    class Status(models.TextChoices):
        COMING = "coming", _("Coming")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("meeting")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    people = models.PositiveSmallIntegerField(
        _("number of people"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PEOPLE)],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.COMING
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    promoted_at = models.DateTimeField(
        _("given a place from the waiting list"), null=True, blank=True
    )
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "The language of the page they answered on: mail to them is in it."
        ),
    )
    # The meeting's SEQUENCE when attendees were last told of a change.
    told_sequence = models.PositiveIntegerField(default=0, editable=False)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = RSVPQuerySet.as_manager()

    class Meta:
        ordering = ("event", "created_at", "pk")
        get_latest_by = "created_at"
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(email=""),
                name="unique_rsvp_per_address",
            ),
            models.CheckConstraint(
                condition=Q(people__gte=1, people__lte=MAX_PEOPLE),
                name="rsvp_people_in_range",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"], name="rsvp_idx"),
        ]

    def __str__(self):
        return f"{self.name} → {self.event}"

    def cancel_token(self):
        return address_link_token(CANCEL_SALT, self.pk, self.email)

    @classmethod
    def from_cancel_token(cls, token):
        return from_address_link_token(
            CANCEL_SALT,
            token,
            cls.objects.select_related("event").filter(erased_at__isnull=True),
        )

    def erase(self):
        """Remove the attendee's personal data and the mail sent to them;
        the meeting keeps the count."""
        erase_mail_to(self.email)
        self.name = "(erased)"
        self.email = self.organisation = self.ip_hash = ""
        self.erased_at = timezone.now()
        if self.status == self.Status.WAITLISTED:
            self.status = self.Status.CANCELLED
        self.save()
