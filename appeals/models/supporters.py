"""People who joined the campaign and organisations that affiliated (private)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_countries.fields import CountryField

from solidarity import history
from solidarity.models import TimeStampedModel


class SupporterQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Supporter(TimeStampedModel):
    """A person who joined, or an organisation that affiliated, through /join/.

    Everything here is private: supporters are never listed on the site.
    """

    class Kind(models.TextChoices):
        PERSON = "person", "A person joining"
        ORGANISATION = "organisation", "An organisation affiliating"

    class OrganisationType(models.TextChoices):
        TRADE_UNION = "union", "Trade union or union branch"
        STUDENT = "student", "Student society"
        PARTY = "party", "Party branch"
        COMMUNITY = "community", "Community or campaign group"
        OTHER = "other", "Other"

    class Help(models.TextChoices):
        APPEALS = "appeals", "Send protests when an appeal goes out"
        EVENTS = "events", "Come to pickets and meetings"
        MOTION = "motion", "Pass a motion in my union or group"
        TRANSLATE = "translate", "Translate"
        DONATE = "donate", "Donate or raise funds"
        SPREAD = "spread", "Spread the word"

    kind = models.CharField(
        "joining as", max_length=12, choices=Kind, default=Kind.PERSON
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    country = CountryField()
    city = models.CharField(max_length=100, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    organisation_type = models.CharField(
        "type of organisation", max_length=12, choices=OrganisationType, blank=True
    )
    help_with = models.CharField(
        "how they want to help",
        max_length=300,
        blank=True,
        help_text="Comma-separated; chosen from the join form's list.",
    )
    message = models.TextField("anything else", max_length=2000, blank=True)
    consent = models.BooleanField("consent to be contacted", default=False)
    confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When they clicked the link in the confirmation email.",
    )
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = SupporterQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        get_latest_by = "created_at"
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=~Q(email=""),
                name="unique_supporter_email",
            ),
            models.CheckConstraint(
                condition=Q(kind="person")
                | ~Q(organisation="")
                | Q(erased_at__isnull=False),
                name="supporter_organisation_named",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["person", "organisation"]),
                name="supporter_kind_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["-created_at"], name="supporter_created_idx"),
            models.Index(fields=["country"], name="supporter_country_idx"),
        ]

    def __str__(self):
        if self.kind == self.Kind.ORGANISATION and self.organisation:
            return f"{self.organisation} ({self.name})"
        return self.name

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def is_confirmed(self):
        return self.confirmed_at is not None

    is_confirmed.boolean = True

    @property
    def help_with_labels(self):
        labels = dict(self.Help.choices)
        return [labels.get(key, key) for key in self.help_with.split(",") if key]

    def erase(self):
        """Remove the personal data; kind, organisation type, country and
        dates stay, so the campaign can still count its supporters."""
        self.name = "(erased)"
        self.email = self.city = self.organisation = self.message = ""
        self.ip_hash = ""
        self.erased_at = timezone.now()
        self.save()
        history.forget(self, str(self))
