from django.contrib import admin, messages
from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from posts.admin import CountryPresentFilter, PostAdmin

from .models import Appeal, CampaignPage, SolidarityMessage


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
    )
    actions = (*PostAdmin.actions, "mark_urgent", "mark_won", "mark_closed")

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


@admin.register(SolidarityMessage)
class SolidarityMessageAdmin(admin.ModelAdmin):
    list_display = (
        "author_name",
        "organisation",
        "country",
        "appeal",
        "moderation_badge",
        "received_at",
        "needs_review",
    )
    list_filter = (
        "moderation",
        "needs_review",
        CountryPresentFilter,
        "received_at",
        ("appeal", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("author_name", "organisation", "text", "email")
    date_hierarchy = "received_at"
    autocomplete_fields = ("appeal",)
    list_select_related = ("appeal",)
    readonly_fields = ("moderated_by", "moderated_at")
    fields = (
        "appeal",
        "author_name",
        "organisation",
        "role",
        "city",
        "country",
        "language",
        "email",
        "text",
        "show_name",
        "consent",
        "received_at",
        "moderation",
        "rejection_reason",
        "moderated_by",
        "moderated_at",
        "needs_review",
    )
    actions = ("approve", "reject", "mark_spam")

    class Media:
        css = {"all": ("admin-extra/solidarity-admin.css",)}

    @admin.display(description="moderation", ordering="moderation")
    def moderation_badge(self, obj):
        return format_html(
            '<span class="moderation moderation-{}">{}</span>',
            obj.moderation,
            obj.get_moderation_display(),
        )

    def view_on_site(self, obj):
        # Only approved messages are on the wall.
        if obj.moderation == SolidarityMessage.Moderation.APPROVED:
            return obj.get_absolute_url()
        return None

    def get_ordering(self, request):
        # Pending first: what needs an editor's eye is at the top. (An
        # expression, not an annotation: ModelAdmin.get_queryset orders
        # before any annotation a subclass could add.)
        pending_first = Case(
            When(moderation=SolidarityMessage.Moderation.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return (pending_first.asc(), "-received_at", "-pk")

    def moderate(self, request, queryset, moderation):
        count = queryset.moderate(moderation, request.user)
        label = SolidarityMessage.Moderation(moderation).label.lower()
        self.message_user(request, f"{count} message(s) {label}.", messages.SUCCESS)

    @admin.action(description="Approve selected messages", permissions=["change"])
    def approve(self, request, queryset):
        self.moderate(request, queryset, SolidarityMessage.Moderation.APPROVED)

    @admin.action(description="Reject selected messages", permissions=["change"])
    def reject(self, request, queryset):
        self.moderate(request, queryset, SolidarityMessage.Moderation.REJECTED)

    @admin.action(description="Mark selected messages as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self.moderate(request, queryset, SolidarityMessage.Moderation.SPAM)

    def save_model(self, request, obj, form, change):
        if "moderation" in form.changed_data:
            obj.moderated_by = request.user
            obj.moderated_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(CampaignPage)
class CampaignPageAdmin(admin.ModelAdmin):
    list_display = ("key", "title", "updated_at")
    formfield_overrides = PostAdmin.formfield_overrides

    def view_on_site(self, obj):
        return reverse(obj.key)
