from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """When a row was created and last changed, for every content model."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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
    object_id = models.CharField(max_length=64, blank=True)
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
