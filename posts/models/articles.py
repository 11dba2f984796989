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
        verbose_name=_("featured"),
    )

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
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

    def get_absolute_url(self):
        return reverse("posts:detail", kwargs={"slug": self.slug})
