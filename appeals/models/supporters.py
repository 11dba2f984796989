"""People who joined the campaign and organisations that affiliated (private)."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from solidarity import history
from solidarity.mail import (
    address_link_token,
    email_digest,
    erase_mail_to,
    from_address_link_token,
)
from solidarity.models import SendStatus, TimeStampedModel

CONFIRM_SALT = "appeals.supporter.confirm"
CONFIRM_MAX_AGE = 14 * 24 * 60 * 60
UNSUBSCRIBE_SALT = "appeals.supporter.unsubscribe"


class SupporterQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def subscribed(self):
        """Who may receive a mailing: confirmed, not unsubscribed, not erased."""
        return (
            self.confirmed()
            .filter(unsubscribed_at__isnull=True, erased_at__isnull=True)
            .exclude(email="")
        )

    def unconfirmed_since(self, days):
        """Never confirmed, joined more than `days` days ago (to be purged)."""
        cutoff = timezone.now() - timedelta(days=days)
        return self.filter(confirmed_at__isnull=True, created_at__lt=cutoff)


class Supporter(TimeStampedModel):
    """A person who joined, or an organisation that affiliated, through /join/.

    Everything here is private: supporters are never listed on the site.
    """

    class Kind(models.TextChoices):
        PERSON = "person", _("A person joining")
        ORGANISATION = "organisation", _("An organisation affiliating")

    class OrganisationType(models.TextChoices):
        TRADE_UNION = "union", _("Trade union or union branch")
        STUDENT = "student", _("Student society")
        PARTY = "party", _("Party branch")
        COMMUNITY = "community", _("Community or campaign group")
        OTHER = "other", _("Other")

    class Help(models.TextChoices):
        APPEALS = "appeals", _("Send protests when an appeal goes out")
        EVENTS = "events", _("Come to pickets and meetings")
        MOTION = "motion", _("Pass a motion in my union or group")
        TRANSLATE = "translate", _("Translate")
        DONATE = "donate", _("Donate or raise funds")
        SPREAD = "spread", _("Spread the word")

    kind = models.CharField(
        _("joining as"), max_length=12, choices=Kind, default=Kind.PERSON
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    email = models.EmailField(blank=True, verbose_name=_("email"))
    country = CountryField(verbose_name=_("country"))
    city = models.CharField(max_length=100, blank=True, verbose_name=_("city"))
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "The language of the page they joined from: mail to them is in it."
        ),
    )
    organisation = models.CharField(
        max_length=200, blank=True, verbose_name=_("organisation")
    )
    organisation_type = models.CharField(
        _("type of organisation"), max_length=12, choices=OrganisationType, blank=True
    )
    help_with = models.CharField(
        _("how they want to help"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated; chosen from the join form's list."),
    )
    message = models.TextField(_("anything else"), max_length=2000, blank=True)
    consent = models.BooleanField(_("consent to be contacted"), default=False)
    confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When they clicked the link in the confirmation email."),
        verbose_name=_("confirmed"),
    )
    unsubscribed_at = models.DateTimeField(
        _("unsubscribed"),
        null=True,
        blank=True,
        help_text=_(
            "When they unsubscribed from mailings. Joining again (and "
            "confirming) subscribes them again."
        ),
    )
    confirmation_sent_at = models.DateTimeField(
        _("confirmation link sent"), null=True, blank=True, editable=False
    )
    editors_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = SupporterQuerySet.as_manager()

    class Meta:
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")
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

    def is_subscribed(self):
        return (
            self.is_confirmed()
            and self.unsubscribed_at is None
            and self.erased_at is None
        )

    is_subscribed.boolean = True

    def confirmation_token(self):
        """For the confirmation link: this supporter at this address, and
        only since they last unsubscribed (an older link cannot subscribe
        them again)."""
        return signing.dumps(
            {
                "id": self.pk,
                "email": email_digest(self.email),
                "u": self.unsubscribed_at.timestamp() if self.unsubscribed_at else 0,
            },
            salt=CONFIRM_SALT,
        )

    @classmethod
    def from_confirmation_token(cls, token):
        try:
            data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        except signing.BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("id"), int):
            return None
        supporter = cls.objects.filter(pk=data["id"], erased_at__isnull=True).first()
        if supporter is None or data.get("email") != email_digest(supporter.email):
            return None
        since = (
            supporter.unsubscribed_at.timestamp() if supporter.unsubscribed_at else 0
        )
        return supporter if data.get("u", 0) == since else None

    def unsubscribe_token(self):
        """For the unsubscribe link in every mailing: it never expires (old
        mail must keep working) and is tied to this address."""
        return address_link_token(UNSUBSCRIBE_SALT, self.pk, self.email)

    @classmethod
    def from_unsubscribe_token(cls, token):
        return from_address_link_token(
            UNSUBSCRIBE_SALT, token, cls.objects.filter(erased_at__isnull=True)
        )

    def unsubscribe(self):
        """No more mailings, at once, including any being sent now."""
        type(self).objects.filter(pk=self.pk, unsubscribed_at__isnull=True).update(
            unsubscribed_at=timezone.now()
        )
        self.deliveries.filter(status=SendStatus.QUEUED).update(
            status=SendStatus.CANCELLED
        )

    @property
    def help_with_labels(self):
        labels = dict(self.Help.choices)
        return [str(labels.get(key, key)) for key in self.help_with.split(",") if key]

    def erase(self):
        """Remove the personal data; kind, organisation type, country and
        dates stay, so the campaign can still count its supporters. Nothing
        queued for them is sent, and the mail already sent to them keeps no
        trace of them."""
        erase_mail_to(self.email)
        self.deliveries.filter(status=SendStatus.QUEUED).update(
            status=SendStatus.CANCELLED
        )
        self.name = "(erased)"
        self.email = self.city = self.organisation = self.message = ""
        self.ip_hash = ""
        self.erased_at = timezone.now()
        self.save()
        history.forget(self, str(self))
