"""The audit log in the admin: editors read it, nobody writes or deletes."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "action", "content_type", "item", "detail")
    list_filter = ("action", "content_type", "at", "username")
    search_fields = ("object_repr", "username", "detail")
    date_hierarchy = "at"
    list_select_related = ("content_type",)

    @admin.display(description=_("item"), ordering="object_repr")
    def item(self, entry):
        """A link to the item's admin page (which says so if it was deleted
        since: the entry keeps its name)."""
        if entry.content_type_id:
            opts = (entry.content_type.app_label, entry.content_type.model)
            try:
                url = reverse(
                    "admin:{}_{}_change".format(*opts), args=[entry.object_id]
                )
            except NoReverseMatch:
                return entry.object_repr
            return format_html('<a href="{}">{}</a>', url, entry.object_repr)
        return entry.object_repr

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
