from django.db import models


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
