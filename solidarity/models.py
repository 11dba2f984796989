from django.db import models


class TimeStampedModel(models.Model):
    """When a row was created and last changed, for every content model."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
