from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .post import Post, parent_link


class Article(Post):
    KIND = Post.Kind.ARTICLE

    post_ptr = parent_link("article")

    featured = models.BooleanField(
        default=False,
        help_text=_("Featured articles are shown first on the home page."),
    )
    image = models.ImageField(upload_to="articles/%Y/", blank=True)
    image_alt = models.CharField(
        "image description",
        max_length=300,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )

    class Meta:
        ordering = ("-published_at", "-id")
        get_latest_by = "published_at"
        indexes = [
            # The home page puts the few featured articles first.
            models.Index(
                fields=["featured"],
                condition=Q(featured=True),
                name="article_featured_idx",
            )
        ]

    def clean(self):
        super().clean()
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": "Describe the image for people who cannot see it."}
            )

    def get_absolute_url(self):
        return reverse("posts:detail", kwargs={"slug": self.slug})
