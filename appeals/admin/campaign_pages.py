"""The join and donate pages' editable text."""

from django.contrib import admin
from django.urls import reverse

from posts.admin import PostAdmin
from posts.admin.revisions import RevisionsAdmin

from ..models import (
    CampaignPage,
)


@admin.register(CampaignPage)
class CampaignPageAdmin(RevisionsAdmin):
    list_display = ("key", "title", "updated_at")
    fields = ("key", "title", "body", "link_url", "link_label")
    formfield_overrides = PostAdmin.formfield_overrides

    def view_on_site(self, obj):
        return reverse(obj.key)
