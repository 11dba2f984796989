from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.text import Truncator
from django_countries.fields import CountryField
from django_prose_editor.fields import ProseEditorField

from posts.models import Country, Post, PostQuerySet, parent_link
from solidarity.models import TimeStampedModel
from solidarity.sanitize import EDITOR_EXTENSIONS, clean_html


class AppealQuerySet(PostQuerySet):
    def open(self):
        return self.filter(state__in=[Appeal.State.URGENT, Appeal.State.ONGOING])

    def urgent(self):
        """Urgent appeals whose deadline (if any) has not passed, at query time."""
        now = timezone.now()
        return self.filter(state=Appeal.State.URGENT).filter(
            Q(deadline__isnull=True) | Q(deadline__gte=now)
        )


class Appeal(Post):
    """An urgent call for solidarity: what happened, who to press, what to do."""

    KIND = Post.Kind.APPEAL

    post_ptr = parent_link("appeal")

    class State(models.TextChoices):
        URGENT = "urgent", "Urgent"
        ONGOING = "ongoing", "Ongoing"
        WON = "won", "Won"
        CLOSED = "closed", "Closed"

    state = models.CharField(
        "campaign state",
        max_length=10,
        choices=State,
        default=State.ONGOING,
        help_text="Urgent appeals are shown first, until their deadline passes.",
    )
    target = models.TextField(
        blank=True,
        max_length=2000,
        help_text="Who the appeal puts pressure on (a government, an employer…).",
    )
    action = models.TextField(
        "what to do",
        blank=True,
        max_length=4000,
        help_text="What readers are asked to do, in plain words.",
    )
    contact = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where protests go: an email address or a web address.",
    )
    deadline = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Optional. After it the appeal no longer shows as urgent.",
    )
    letter_subject = models.CharField(
        "letter subject",
        max_length=200,
        blank=True,
        help_text="The subject line of the model protest letter.",
    )
    letter_body = models.TextField(
        "model letter",
        blank=True,
        max_length=6000,
        help_text="A protest letter readers can send as it is or adapt. Plain "
        "text: it is put into the reader's email program and printed.",
    )
    copy_email = models.EmailField(
        "campaign copy address",
        blank=True,
        help_text="Readers are asked to send a copy of their letter here, so "
        "the campaign knows how many protests went out.",
    )
    share_text = models.CharField(
        max_length=280,
        blank=True,
        help_text="A short text readers copy to share the appeal (the link is "
        "added). Empty: the title is used.",
    )

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ("-published_at", "-id")
        get_latest_by = "published_at"
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["urgent", "ongoing", "won", "closed"]),
                name="appeal_state_valid",
            )
        ]
        indexes = [models.Index(fields=["state"], name="appeal_state_idx")]

    def is_urgent(self):
        return self.state == self.State.URGENT and (
            self.deadline is None or self.deadline >= timezone.now()
        )

    is_urgent.boolean = True

    @property
    def public_state(self):
        """The state as shown: an urgent appeal past its deadline is ongoing."""
        if self.state == self.State.URGENT and not self.is_urgent():
            return self.State.ONGOING
        return self.State(self.state)

    def deadline_passed(self):
        return self.deadline is not None and self.deadline < timezone.now()

    def is_open(self):
        return self.state in (self.State.URGENT, self.State.ONGOING)

    def get_absolute_url(self):
        return reverse("appeals:detail", kwargs={"slug": self.slug})

    def get_share_text(self):
        return self.share_text or self.title


class AppealUpdate(models.Model):
    """A dated step in an appeal's story, added by an editor; the last one
    may be its outcome ("Won: the miners were released")."""

    class Outcome(models.TextChoices):
        WON = "won", "Won"
        CLOSED = "closed", "Closed without a win"

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="updates")
    happened_on = models.DateField("date", default=timezone.localdate)
    text = models.TextField(
        max_length=2000, help_text="What happened, in a sentence or two."
    )
    outcome = models.CharField(
        max_length=10,
        choices=Outcome,
        blank=True,
        help_text="Only for the update that ends the campaign: it also sets "
        "the appeal's state to won or closed.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-happened_on", "-id")
        get_latest_by = "happened_on"
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["", "won", "closed"]),
                name="appeal_update_outcome_valid",
            )
        ]
        indexes = [
            models.Index(fields=["appeal", "-happened_on"], name="appeal_update_idx")
        ]

    def __str__(self):
        return f"{self.happened_on:%d %b %Y}: {Truncator(self.text).chars(60)}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.outcome:
            Appeal.objects.filter(pk=self.appeal_id).update(state=self.outcome)


class AppealTarget(models.Model):
    """Someone an appeal asks readers to write to: a minister, an employer."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="targets")
    name = models.CharField(max_length=200)
    role = models.CharField(
        max_length=200, blank=True, help_text="e.g. Minister of the Interior."
    )
    email = models.EmailField(blank=True)
    postal_address = models.TextField(max_length=1000, blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Targets are listed in this order."
    )

    class Meta:
        ordering = ("position", "id")
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(postal_address=""),
                name="appeal_target_has_address",
            )
        ]

    def __str__(self):
        return f"{self.name}, {self.role}" if self.role else self.name

    def clean(self):
        super().clean()
        if not self.email and not self.postal_address.strip():
            raise ValidationError(
                "Give an email address, a postal address or both, so readers "
                "can reach this target."
            )


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
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    appeal = models.ForeignKey(
        Appeal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
        help_text="Leave empty for a message to the whole campaign.",
    )
    author_name = models.CharField("name", max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = CountryField(blank=True)
    language = models.CharField(max_length=50, blank=True)
    email = models.EmailField(blank=True, help_text="Private: never shown on the site.")
    text = models.TextField("message", max_length=5000)
    show_name = models.BooleanField(
        "show name publicly",
        default=True,
        help_text='Otherwise shown as "A supporter in <country>".',
    )
    consent = models.BooleanField(
        "consent to publication",
        default=False,
    )
    received_at = models.DateTimeField(default=timezone.now)
    moderation = models.CharField(
        max_length=10, choices=Moderation, default=Moderation.PENDING
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(max_length=300, blank=True)
    # A keyed hash of the sender's address, for rate limits; never the address.
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    erased_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the sender's personal data was erased at their request.",
    )

    objects = SolidarityMessageQuerySet.as_manager()

    class Meta:
        ordering = ("-received_at", "-id")
        get_latest_by = "received_at"
        verbose_name = "solidarity message"
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
        """The sender as the public sees them."""
        if self.show_name:
            return self.organisation or self.author_name
        if self.country:
            return f"A supporter in {self.country.name}"
        return "A supporter"

    def save(self, *args, **kwargs):
        # Only approved messages are published; the shared Post fields are
        # derived from the message so the timeline and search can list it.
        approved = self.moderation == self.Moderation.APPROVED
        self.status = Post.Status.PUBLISHED if approved else Post.Status.DRAFT
        self.published_at = self.received_at
        self.title = Truncator(f"Message from {self.display_name}").chars(300)
        self.byline = self.display_name
        self.summary = Truncator(self.text).chars(300)
        self.body = linebreaks(escape(self.text))
        if not self.slug:
            self.slug = Post.unique_slug(f"message-{self.display_name}")
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
        self.erased_at = self.moderated_at = timezone.now()
        self.moderated_by = user
        if self.moderation == self.Moderation.APPROVED:
            self.moderation = self.Moderation.REJECTED
            self.rejection_reason = ERASED_TEXT
        self.save()


class CampaignPage(TimeStampedModel):
    """The editable text of the join and donate pages."""

    class Key(models.TextChoices):
        JOIN = "join", "Join / affiliate"
        DONATE = "donate", "Donate"

    key = models.CharField(max_length=10, choices=Key)
    title = models.CharField(max_length=200)
    body = ProseEditorField(
        blank=True, extensions=EDITOR_EXTENSIONS, sanitize=clean_html
    )
    link_url = models.URLField(
        "external link",
        blank=True,
        help_text="For the donate page: the campaign's donation page elsewhere.",
    )
    link_label = models.CharField(max_length=100, blank=True)
    source_key = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ("key",)
        constraints = [
            models.UniqueConstraint(fields=["key"], name="unique_campaign_page_key")
        ]

    def __str__(self):
        return self.get_key_display()

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)


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
