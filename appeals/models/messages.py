"""Messages of solidarity: sent through the public form, public once approved."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape, linebreaks
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from posts.models import Country, Post, PostQuerySet, parent_link
from solidarity import history

from .appeals import Appeal

ERASED_TEXT = "Erased at the sender's request."


class SolidarityMessageQuerySet(PostQuerySet):
    def approved(self):
        return self.published()

    def pending(self):
        return self.filter(moderation=SolidarityMessage.Moderation.PENDING)

    def moderate(self, moderation, user):
        """Set the moderation state of every message here, keeping the shared
        Post status in step (only approved messages are published)."""
        status = (
            Post.Status.PUBLISHED
            if moderation == SolidarityMessage.Moderation.APPROVED
            else Post.Status.DRAFT
        )
        return self.update(
            moderation=moderation,
            status=status,
            moderated_by=user,
            moderated_at=timezone.now(),
        )


class SolidarityMessage(Post):
    """A message of solidarity sent by a union, group or person.

    The sender's email and IP hash are private: they never reach a public
    page, feed, export or search. The public name honours `show_name`.
    """

    KIND = Post.Kind.MESSAGE

    post_ptr = parent_link("message")

    class Moderation(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    appeal = models.ForeignKey(
        Appeal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
        help_text=_("Leave empty for a message to the whole campaign."),
        verbose_name=_("appeal"),
    )
    author_name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(
        max_length=200, blank=True, verbose_name=_("organisation")
    )
    role = models.CharField(max_length=200, blank=True, verbose_name=_("role"))
    city = models.CharField(max_length=100, blank=True, verbose_name=_("city"))
    country = CountryField(blank=True, verbose_name=_("country"))
    email = models.EmailField(
        blank=True,
        help_text=_("Private: never shown on the site."),
        verbose_name=_("email"),
    )
    text = models.TextField(_("message"), max_length=5000)
    show_name = models.BooleanField(
        _("show name publicly"),
        default=True,
        help_text=_('Otherwise shown as "A supporter in <country>".'),
    )
    consent = models.BooleanField(
        _("consent to publication"),
        default=False,
    )
    received_at = models.DateTimeField(default=timezone.now, verbose_name=_("received"))
    moderation = models.CharField(
        max_length=10,
        choices=Moderation,
        default=Moderation.PENDING,
        verbose_name=_("moderation"),
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("moderated")
    )
    rejection_reason = models.CharField(
        max_length=300, blank=True, verbose_name=_("rejection reason")
    )
    # A keyed hash of the sender's address, for rate limits; never the address.
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    approval_notified_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "When the sender was told by email that the message is "
            "published (once, ever)."
        ),
    )
    erased_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the sender's personal data was erased at their request."),
    )

    objects = SolidarityMessageQuerySet.as_manager()

    # Columns of a message the public never sees (see PostQuerySet.update).
    PRIVATE_FIELDS = Post.PRIVATE_FIELDS | {
        "approval_notified_at",
        "rejection_reason",
        "email",
    }

    class Meta:
        ordering = ("-received_at", "-id")
        get_latest_by = "received_at"
        verbose_name = _("solidarity message")
        verbose_name_plural = _("solidarity messages")
        constraints = [
            models.CheckConstraint(
                condition=Q(moderation__in=["pending", "approved", "rejected", "spam"]),
                name="message_moderation_valid",
            )
        ]
        indexes = [
            models.Index(fields=["moderation", "-received_at"], name="message_mod_idx"),
            models.Index(fields=["country"], name="message_country_idx"),
        ]

    @property
    def display_name(self):
        """The sender as the public sees them, in the active language."""
        if self.show_name:
            return self.organisation or self.author_name
        if self.country:
            return gettext("A supporter in %(country)s") % {
                "country": self.country.name
            }
        return gettext("A supporter")

    @property
    def shown_title(self):
        """The title lists show, in the page's language (the stored one,
        for search and the author filter, is in the site's)."""
        return gettext("Message from %(name)s") % {"name": self.display_name}

    def save(self, *args, **kwargs):
        # Only approved messages are published; the shared Post fields are
        # derived from the message so the timeline and search can list it.
        approved = self.moderation == self.Moderation.APPROVED
        self.status = Post.Status.PUBLISHED if approved else Post.Status.DRAFT
        self.published_at = self.received_at
        with translation.override(settings.LANGUAGE_CODE):
            name = self.display_name
            self.title = Truncator(self.shown_title).chars(300)
        self.byline = name
        self.summary = Truncator(self.text).chars(300)
        self.body = linebreaks(escape(self.text))
        if not self.slug:
            self.slug = Post.unique_slug(f"message-{name}")
        super().save(*args, **kwargs)
        if self.country:
            Country.objects.get_or_create(
                code=self.country.code, defaults={"name": self.country.name}
            )
            self.countries.set([self.country.code])

    def get_absolute_url(self):
        return reverse("messages:index") + f"#message-{self.pk}"

    def erase(self, user):
        """Remove the sender's personal data at their request. The row stays
        (country, appeal and date, for anonymous counts) but leaves the wall."""
        self.author_name = "(erased)"
        self.organisation = self.role = self.city = self.email = self.ip_hash = ""
        self.show_name = False
        self.text = ERASED_TEXT
        self.slug = ""  # the old slug was made from the sender's name
        # Its picture and renditions leave the storage when this commits.
        self.image = ""
        self.image_alt = self.image_caption = self.image_credit = ""
        self.erased_at = self.moderated_at = timezone.now()
        self.moderated_by = user
        if self.moderation == self.Moderation.APPROVED:
            self.moderation = self.Moderation.REJECTED
            self.rejection_reason = ERASED_TEXT
        self.save()
        history.forget(self, str(self))
