"""An appeal, its dated updates and the people it asks readers to write to."""

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from posts.models import Post, PostQuerySet, parent_link


class AppealQuerySet(PostQuerySet):
    def open(self):
        return self.filter(state__in=[Appeal.State.URGENT, Appeal.State.ONGOING])

    def urgent(self):
        """Urgent appeals whose deadline (if any) has not passed, at query time."""
        now = timezone.now()
        return self.filter(state=Appeal.State.URGENT).filter(
            Q(deadline__isnull=True) | Q(deadline__gte=now)
        )

    def newest_urgent(self, language, count):
        """The `count` newest published urgent appeals for a reader of
        `language` (one version of each, as `for_reader()`).

        The appeals are walked in publication order (post_kind_public_idx)
        asking of each whether it is `urgent()`, so the walk stops after
        `count`. Joined the usual way, PostgreSQL sorts every urgent appeal
        instead: it multiplies the join's estimate by the share of posts that
        are appeals (already implied by the join), so it expects about 20
        rows where the 1.14M-post benchmark has 1,258, and took 8 ms where
        the walk takes 1. A subquery that returns one row is not merged into
        the join, so its estimate stays out of the plan's choice."""
        is_urgent = (
            Appeal.objects.urgent().filter(pk=OuterRef("pk")).order_by().values("pk")
        )
        newest = (
            Post.objects.published()
            .for_reader(language)
            .filter(kind=Post.Kind.APPEAL)
            .alias(urgent=Subquery(is_urgent[:1]))
            .filter(urgent__isnull=False)
            .order_by("-published_at", "-id")
            .values("pk")[:count]
        )
        return self.filter(pk__in=newest)


class Appeal(Post):
    """An urgent call for solidarity: what happened, who to press, what to do."""

    KIND = Post.Kind.APPEAL

    post_ptr = parent_link("appeal")

    class State(models.TextChoices):
        URGENT = "urgent", _("Urgent")
        ONGOING = "ongoing", _("Ongoing")
        WON = "won", _("Won")
        CLOSED = "closed", _("Closed")

    state = models.CharField(
        _("campaign state"),
        max_length=10,
        choices=State,
        default=State.ONGOING,
        help_text=_("Urgent appeals are shown first, until their deadline passes."),
    )
    featured = models.BooleanField(
        _("featured"),
        default=False,
        help_text=_(
            "The home page opens with the newest featured appeal or article, "
            "with its picture, summary and a button to act."
        ),
    )
    action = models.TextField(
        _("what to do"),
        blank=True,
        max_length=4000,
        help_text=_("What readers are asked to do, in plain words."),
    )
    contact = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Where protests go: an email address or a web address."),
        verbose_name=_("where protests go"),
    )
    deadline = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Optional. After it the appeal no longer shows as urgent."),
        verbose_name=_("deadline"),
    )
    letter_subject = models.CharField(
        _("letter subject"),
        max_length=200,
        blank=True,
        help_text=_("The subject line of the model protest letter."),
    )
    letter_body = models.TextField(
        _("model letter"),
        blank=True,
        max_length=6000,
        help_text=_(
            "A protest letter readers can send as it is or adapt. Plain "
            "text: it is put into the reader's email program and printed."
        ),
    )
    copy_email = models.EmailField(
        _("campaign copy address"),
        blank=True,
        help_text=_(
            "Readers are asked to send a copy of their letter here, so "
            "the campaign knows how many protests went out."
        ),
    )
    share_text = models.CharField(
        max_length=280,
        blank=True,
        help_text=_(
            "A short text readers copy to share the appeal (the link is "
            "added). Empty: the title is used."
        ),
        verbose_name=_("share text"),
    )

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ("-published_at", "-id")
        get_latest_by = "published_at"
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["urgent", "ongoing", "won", "closed"]),
                name="appeal_state_valid",
            )
        ]
        indexes = [
            models.Index(fields=["state"], name="appeal_state_idx"),
            # The home page's lead: the few featured appeals.
            models.Index(
                fields=["featured"],
                condition=Q(featured=True),
                name="appeal_featured_idx",
            ),
        ]

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

    def copy_for_translation(self, copy):
        """A translation writes to the same people: copy the targets (the
        editor translates their roles)."""
        AppealTarget.objects.bulk_create(
            AppealTarget(
                appeal=copy,
                name=target.name,
                role=target.role,
                about=target.about,
                email=target.email,
                postal_address=target.postal_address,
                position=target.position,
            )
            for target in self.targets.all()
        )

    def get_absolute_url(self):
        return reverse("appeals:detail", kwargs={"slug": self.slug})

    def get_share_text(self):
        return self.share_text or self.title


class AppealUpdate(models.Model):
    """A dated step in an appeal's story, added by an editor; the last one
    may be its outcome ("Won: the miners were released")."""

    class Outcome(models.TextChoices):
        WON = "won", _("Won")
        CLOSED = "closed", _("Closed without a win")

    appeal = models.ForeignKey(
        Appeal,
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("appeal"),
    )
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(
        max_length=2000,
        help_text=_("What happened, in a sentence or two."),
        verbose_name=_("text"),
    )
    outcome = models.CharField(
        max_length=10,
        choices=Outcome,
        blank=True,
        help_text=_(
            "Only for the update that ends the campaign: it also sets "
            "the appeal's state to won or closed."
        ),
        verbose_name=_("outcome"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("updates")
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

    appeal = models.ForeignKey(
        Appeal,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("appeal"),
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    role = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("e.g. Minister of the Interior."),
        verbose_name=_("role"),
    )
    about = models.TextField(
        blank=True,
        max_length=2000,
        help_text=_("Optional. Why readers should press them, shown under the name."),
        verbose_name=_("about"),
    )
    email = models.EmailField(
        blank=True,
        help_text=_("Readers' letters are addressed to it."),
        verbose_name=_("email"),
    )
    postal_address = models.TextField(
        max_length=1000, blank=True, verbose_name=_("postal address")
    )
    position = models.PositiveSmallIntegerField(
        default=0,
        help_text=_("Targets are listed in this order."),
        verbose_name=_("position"),
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ("position", "id")

    def __str__(self):
        return f"{self.name}, {self.role}" if self.role else self.name
