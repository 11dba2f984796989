from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TimeStampedModel(models.Model):
    """When a row was created and last changed, for every content model."""

    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        abstract = True


class SubmissionToken(models.Model):
    """One row per accepted public form submission, keyed by the one-time
    token the form was rendered with (see solidarity/idempotency.py). The
    unique key makes a double submit, or a retry after a lost response,
    create nothing the second time."""

    token = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        get_latest_by = "created_at"
        constraints = [
            models.UniqueConstraint(fields=["token"], name="unique_submission_token")
        ]
        indexes = [models.Index(fields=["created_at"], name="submission_created_idx")]

    def __str__(self):
        return self.token


class AuditEntry(models.Model):
    """One editorial act (publishing, moderation, an erasure, a preview link,
    an import…): who, when, what, on which item. The item is named by its
    content type, key and a copy of its name, not by a foreign key, so the
    entry outlives the item. Written by solidarity.audit; read-only in the
    admin."""

    class Action(models.TextChoices):
        PUBLISH = "publish", _("published")
        UNPUBLISH = "unpublish", _("unpublished")
        SCHEDULE = "schedule", _("scheduled")
        APPROVE = "approve", _("approved")
        REJECT = "reject", _("rejected")
        SPAM = "spam", _("marked spam")
        ERASE = "erase", _("personal data erased")
        PREVIEW_LINK = "preview_link", _("preview link made")
        PREVIEW_REVOKED = "preview_revoked", _("preview links revoked")
        IMPORT = "import", _("imported")
        REVERT = "revert", _("reverted")
        RECOVER = "recover", _("recovered")
        SUBMIT = "submit", _("submitted for review")
        SEND_BACK = "send_back", _("sent back to its organiser")
        TRUST = "trust", _("allowed to publish meetings")
        DISTRUST = "distrust", _("meetings reviewed again")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    # The account's name as it was: kept when the account is deleted.
    username = models.CharField(_("account"), max_length=150, blank=True)
    action = models.CharField(_("what"), max_length=20, choices=Action)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kind"),
    )
    object_id = models.CharField(max_length=64, blank=True, verbose_name=_("object ID"))
    object_repr = models.CharField(_("item"), max_length=300, blank=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ("-at", "-id")
        get_latest_by = "at"
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object_idx")
        ]

    def __str__(self):
        return f"{self.username or '—'} {self.get_action_display()} {self.object_repr}"


class UntoldChange(models.Model):
    """A change to public content the page cache could not be told of (the
    cache was unreachable or refused the write). While any row exists the
    page cache serves nothing and keeps trying to renew its version; the
    row goes once it could (see solidarity/pagecache.py)."""

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at",)
        get_latest_by = "created_at"

    def __str__(self):
        return f"Untold change of {self.created_at:%Y-%m-%d %H:%M:%S}"


class SendStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", pgettext_lazy("mail", "Cancelled")


class QueuedMessage(models.Model):
    """One message to one address, sent by a worker exactly once.

    A worker claims the row (status "sending" and a fresh `claim`), talks to
    the mail server up to the last line of the message, records it as sent,
    and only then sends the final "." that makes the server accept it (see
    solidarity/mail.py). A worker killed before that leaves "sending" and an
    unfinished message the server discards: the row is handed back to the
    queue and sent again, once.
    """

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SendStatus,
        default=SendStatus.QUEUED,
    )
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_by = models.CharField(max_length=64, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        abstract = True


class OutgoingEmail(QueuedMessage):
    """A message the site sends on its own (a confirmation link, an editor's
    notification, an RSVP's confirmation or reminder): one row per
    recipient, kept as the record of what was sent."""

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=40,
        blank=True,
        help_text=_("What the message is for, e.g. supporter-confirmation."),
    )
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")
        get_latest_by = "created_at"
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [
            models.Index(fields=["status", "created_at"], name="outgoing_status_idx"),
            models.Index(fields=["to"], name="outgoing_to_idx"),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"


class PeriodicRun(models.Model):
    """One row per periodic task and time slot: whichever worker inserts it
    first enqueues the task, so several workers run each one once."""

    name = models.CharField(max_length=100)
    slot = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        get_latest_by = "created_at"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "slot"], name="unique_periodic_run_slot"
            )
        ]

    def __str__(self):
        return f"{self.name} #{self.slot}"


class WorkerHeartbeat(models.Model):
    """Each running worker's last sign of life; a task claimed by a worker
    that has gone silent is run again (solidarity/tasks.py)."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True)
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ("-seen_at",)
        get_latest_by = "seen_at"

    def __str__(self):
        return f"{self.worker_id} ({self.host}:{self.pid})"
