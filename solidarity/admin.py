"""The mail the site sent or will send, for editors: what failed and why.

Failed tasks themselves are under "Task results" (django-tasks-db's admin);
editors may view both (solidarity/roles.py).
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import OutgoingEmail, SendStatus
from .tasks import deliver_email, enqueue_on_commit


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # The record of what was sent; erasure empties it (solidarity/mail.py).
        return False

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
