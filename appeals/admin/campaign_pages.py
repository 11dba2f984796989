"""The join and donate pages' editable text, and the site's identity."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from posts.admin import PostAdmin
from posts.admin.revisions import RevisionsAdmin

from ..models import (
    CampaignPage,
    SiteIdentity,
)


@admin.register(CampaignPage)
class CampaignPageAdmin(RevisionsAdmin):
    list_display = ("key", "title", "updated_at")
    fields = ("key", "title", "body", "link_url", "link_label")
    formfield_overrides = PostAdmin.formfield_overrides

    def view_on_site(self, obj):
        return reverse(obj.key)


@admin.register(SiteIdentity)
class SiteIdentityAdmin(admin.ModelAdmin):
    """One row: editors change it, never add a second or delete it."""

    list_display = ("name", "tagline", "accent", "updated_at")
    fields = (
        "name",
        "tagline",
        "logo",
        "accent",
        "footer_text",
        "social_links",
        "social_image",
    )

    def has_add_permission(self, request):
        return not SiteIdentity.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """Straight to the one row's form."""
        identity = SiteIdentity.objects.first()
        if identity is None:
            return super().changelist_view(request, extra_context)
        return redirect(
            reverse("admin:appeals_siteidentity_change", args=[identity.pk])
        )
