"""The appeals in the admin: their targets and updates inline, state actions
and the links to hand the approved messages over."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from posts.admin import PostAdmin

from ..models import (
    Appeal,
    AppealTarget,
    AppealUpdate,
)


class AppealTargetInline(admin.StackedInline):
    model = AppealTarget
    extra = 0
    fields = (("name", "role"), "email", "postal_address", "position")


class AppealUpdateInline(admin.TabularInline):
    model = AppealUpdate
    extra = 0
    fields = ("happened_on", "text", "outcome")


@admin.register(Appeal)
class AppealAdmin(PostAdmin):
    list_display = (
        "title",
        "state",
        "deadline",
        "status",
        "published_at",
        "is_published",
        "needs_review",
    )
    list_filter = ("state", *PostAdmin.list_filter)
    fieldsets = (
        (None, {"fields": ("title", "slug", "byline", "summary", "body")}),
        (
            "The campaign",
            {"fields": ("state", "deadline", "target", "action", "contact")},
        ),
        (
            "Publishing",
            {"fields": ("status", "published_at", "expires_at", "needs_review")},
        ),
        ("Topics", {"fields": ("countries", "tags")}),
        (
            "Protest letter and sharing",
            {
                "fields": ("letter_subject", "letter_body", "copy_email", "share_text"),
                "description": "The targets are listed below. Readers get a "
                "button that opens their own email program with the letter.",
            },
        ),
        ("Messages of solidarity", {"fields": ("delivery_links",)}),
        (_("Supporters"), {"fields": ("mailing_link",)}),
    )
    readonly_fields = ("delivery_links", "mailing_link")
    inlines = (AppealTargetInline, AppealUpdateInline)
    actions = (*PostAdmin.actions, "mark_urgent", "mark_won", "mark_closed")

    @admin.display(description="approved messages, to hand over")
    def delivery_links(self, obj):
        if not obj.pk:
            return "Save the appeal first."
        return format_html(
            '<a href="{}">Download as CSV</a> · <a href="{}">Printable page</a>',
            reverse("appeals:messages-csv", args=[obj.slug]),
            reverse("appeals:messages-print", args=[obj.slug]),
        )

    @admin.display(description=_("mail the supporters"))
    def mailing_link(self, obj):
        if not obj.pk:
            return _("Save the appeal first.")
        return format_html(
            '<a href="{}?appeal={}">{}</a>',
            reverse("admin:appeals_mailing_add"),
            obj.pk,
            _("Mail this appeal to the supporters…"),
        )

    def set_state(self, request, queryset, state):
        count = queryset.update(state=state)
        label = Appeal.State(state).label.lower()
        self.message_user(
            request, f"{count} appeal(s) marked {label}.", messages.SUCCESS
        )

    @admin.action(description="Mark selected appeals urgent", permissions=["change"])
    def mark_urgent(self, request, queryset):
        self.set_state(request, queryset, Appeal.State.URGENT)

    @admin.action(description="Mark selected appeals won", permissions=["change"])
    def mark_won(self, request, queryset):
        self.set_state(request, queryset, Appeal.State.WON)

    @admin.action(description="Mark selected appeals closed", permissions=["change"])
    def mark_closed(self, request, queryset):
        self.set_state(request, queryset, Appeal.State.CLOSED)
