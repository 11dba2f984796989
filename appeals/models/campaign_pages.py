"""The editable text of the join and donate pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from solidarity.models import TimeStampedModel
from solidarity.sanitize import EDITOR_EXTENSIONS, clean_html


class CampaignPage(TimeStampedModel):
    """The editable text of the join and donate pages."""

    class Key(models.TextChoices):
        JOIN = "join", _("Join / affiliate")
        DONATE = "donate", _("Donate")

    key = models.CharField(max_length=10, choices=Key)
    title = models.CharField(max_length=200)
    body = ProseEditorField(
        blank=True, extensions=EDITOR_EXTENSIONS, sanitize=clean_html
    )
    link_url = models.URLField(
        "external link",
        blank=True,
        help_text=_("For the donate page: the campaign's donation page elsewhere."),
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
