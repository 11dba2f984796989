from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Article
from .post import PostAdmin


@admin.register(Article)
class ArticleAdmin(PostAdmin):
    list_display = (*PostAdmin.list_display[:1], "byline", *PostAdmin.list_display[1:])
    list_filter = (*PostAdmin.list_filter, "featured")
    fieldsets = (
        (None, {"fields": ("title", "slug", "byline", "summary", "body")}),
        (
            _("Publishing"),
            {
                "fields": (
                    "status",
                    "published_at",
                    "date_precision",
                    "expires_at",
                    "featured",
                    "needs_review",
                )
            },
        ),
        (_("Topics"), {"fields": ("countries", "tags")}),
        PostAdmin.picture_fieldset,
    )
