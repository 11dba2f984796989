"""For editors, read only: the audit log, and the mail the site sent or will
send (what failed and why; failed tasks are under "Task results",
django-tasks-db's admin)."""

from django.contrib import admin, messages
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import AuditEntry, OutgoingEmail, SendStatus
from .tasks import deliver_email, enqueue_on_commit


class RecordAdmin(admin.ModelAdmin):
    """Records the site writes (the audit log; the mail sent, which erasure
    empties in solidarity/mail.py): read, never added, changed or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(RecordAdmin):
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


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(RecordAdmin):
    list_display = ("subject", "to", "kind", "status", "attempts", "created_at")
    list_filter = ("status", "kind", "created_at")
    search_fields = ("to", "subject")
    date_hierarchy = "created_at"
    readonly_fields = (
        "to",
        "subject",
        "body",
        "kind",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    )
    fields = readonly_fields
    actions = ("send_again",)

    @admin.action(
        description=_("Try the selected failed messages again"),
        permissions=["view"],
    )
    def send_again(self, request, queryset):
        failed = list(
            queryset.filter(status=SendStatus.FAILED).values_list("pk", flat=True)
        )
        OutgoingEmail.objects.filter(pk__in=failed).update(
            status=SendStatus.QUEUED, attempts=0, claim=""
        )
        for pk in failed:
            enqueue_on_commit(deliver_email, pk)
        self.message_user(
            request,
            ngettext(
                "%(count)d message queued again.",
                "%(count)d messages queued again.",
                len(failed),
            )
            % {"count": len(failed)},
            messages.SUCCESS,
        )
