import zoneinfo

from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from .models import Article, Country, Event, Post


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


class PostAdmin(admin.ModelAdmin):
    """What every kind of post shares in the admin: status, dates, tags."""

    list_display = (
        "title",
        "status",
        "published_at",
        "is_published",
        "needs_review",
        "tag_list",
    )
    list_filter = (
        "status",
        "needs_review",
        "published_at",
        ("countries", admin.RelatedOnlyFieldListFilter),
        "tags",
    )
    search_fields = ("title", "summary", "byline", "slug")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("countries",)
    actions = ("publish", "unpublish")
    list_select_related = True

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description="tags")
    def tag_list(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all())

    @admin.action(description="Publish selected items now", permissions=["change"])
    def publish(self, request, queryset):
        now = timezone.now()
        # Scheduled items keep their future date; drafts dated in the past
        # go out with their own date; nothing is moved backwards.
        count = queryset.update(status=Post.Status.PUBLISHED)
        queryset.filter(published_at__gt=now, needs_review=True).update(
            published_at=now
        )
        self.message_user(request, f"{count} item(s) published.", messages.SUCCESS)

    @admin.action(description="Unpublish selected items", permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.update(status=Post.Status.DRAFT)
        self.message_user(request, f"{count} item(s) unpublished.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Article)
class ArticleAdmin(PostAdmin):
    list_display = (*PostAdmin.list_display[:1], "byline", *PostAdmin.list_display[1:])
    list_filter = (*PostAdmin.list_filter, "featured")
    fieldsets = (
        (None, {"fields": ("title", "slug", "byline", "summary", "body")}),
        (
            "Publishing",
            {
                "fields": (
                    "status",
                    "published_at",
                    "expires_at",
                    "featured",
                    "needs_review",
                )
            },
        ),
        ("Topics", {"fields": ("countries", "tags")}),
        ("Image", {"fields": ("image", "image_alt"), "classes": ("collapse",)}),
    )


@admin.register(Event)
class EventAdmin(PostAdmin):
    """Organisers see and change only the meetings they organise."""

    list_display = (
        "title",
        "starts_at",
        "city",
        "country",
        "organiser",
        "status",
        "is_cancelled",
        "needs_review",
    )
    list_filter = (
        "status",
        "is_cancelled",
        "needs_review",
        "country",
        "starts_at",
        "tags",
    )
    search_fields = ("title", "venue_name", "city", "address")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("countries", "organiser")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body")}),
        ("When", {"fields": ("starts_at", "ends_at", "timezone")}),
        (
            "Where",
            {"fields": ("venue_name", "address", "city", "country", "online_url")},
        ),
        (
            "Publishing",
            {
                "fields": (
                    "status",
                    "published_at",
                    "expires_at",
                    "is_cancelled",
                    "needs_review",
                    "organiser",
                )
            },
        ),
        ("Topics", {"fields": ("countries", "tags")}),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "timezone":
            zones = sorted(zoneinfo.available_timezones())
            kwargs["widget"] = forms.Select(choices=[(tz, tz) for tz in zones])
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def can_manage_all(self, request):
        return request.user.has_perm("posts.change_any_event")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("organiser")
        if self.can_manage_all(request):
            return queryset
        return queryset.filter(organiser=request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or self.can_manage_all(request):
            return allowed
        return allowed and obj.organiser_id == request.user.pk

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or self.can_manage_all(request):
            return allowed
        return allowed and obj.organiser_id == request.user.pk

    def get_readonly_fields(self, request, obj=None):
        if self.can_manage_all(request):
            return ()
        return ("organiser",)

    def save_model(self, request, obj, form, change):
        if not self.can_manage_all(request) or obj.organiser_id is None:
            obj.organiser = obj.organiser or request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.add_venue_country()
