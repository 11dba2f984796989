from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import dateformat, timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django_countries import countries
from taggit.models import Tag

from . import event_forms, preview, recurrence
from .models import Article, Country, Event, Post

User = get_user_model()


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    """The ISO 3166 list, loaded by a migration from django-countries: editors
    may correct a name, but not invent or delete countries (and so no "+"
    next to the countries of a post)."""

    list_display = ("name", "code")
    search_fields = ("name", "code")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CountryPresentFilter(admin.SimpleListFilter):
    """Filter on a CountryField listing only the countries in use (among the
    rows this user may see), not all 250."""

    title = "country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = (
            model_admin.get_queryset(request)
            .exclude(country="")
            .order_by()
            .values_list("country", flat=True)
            .distinct()
        )
        return sorted(
            ((code, countries.name(code) or code) for code in codes),
            key=lambda item: item[1],
        )

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value())
        return queryset


TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length


class PostAdminForm(forms.ModelForm):
    def clean_tags(self):
        # The tags table would refuse them at save time (a 500 on PostgreSQL).
        tags = self.cleaned_data["tags"]
        too_long = [tag for tag in tags if len(tag) > TAG_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                "A tag can be at most %(max)d characters long; "
                "separate tags with commas.",
                params={"max": TAG_MAX_LENGTH},
            )
        return tags


class EventAdminForm(PostAdminForm, event_forms.VenueTimesForm):
    """Local venue times (event_forms; times the clocks skip are refused)
    plus the shared tag checks."""

    class Meta(event_forms.VenueTimesForm.Meta):
        pass


PUBLISHING_HELP = (
    "A post is public when its status is Published and its publication date "
    "has come (and its expiry date, if any, has not). Published with a future "
    "date means scheduled: it appears by itself at that moment."
)


class PostAdmin(admin.ModelAdmin):
    """What every kind of post shares in the admin: status, dates, tags,
    bulk publishing and signed preview links."""

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
    actions = ("publish", "publish_now", "unpublish", "revoke_preview_links")
    form = PostAdminForm
    change_form_template = "admin/posts/post_change_form.html"
    # "example.org/meet" means https://, not http:// (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    class Media:
        css = {"all": ("admin-extra/solidarity-admin.css",)}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description="tags")
    def tag_list(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all())

    def _not_public_yet(self, queryset):
        """Split off what the public cannot see after publishing: scheduled
        and expired items (counted for the editor's message)."""
        now = timezone.now()
        scheduled = queryset.filter(published_at__gt=now).count()
        expired = queryset.filter(expires_at__lte=now).count()
        return scheduled, expired

    def _report(self, request, count, queryset, verb):
        scheduled, expired = self._not_public_yet(queryset)
        parts = [f"{count} item(s) {verb}."]
        if scheduled:
            parts.append(
                f"{scheduled} of them have a publication date in the future: "
                "they are scheduled and appear by themselves at that date "
                "(use “Publish now” to publish them today)."
            )
        if expired:
            parts.append(
                f"{expired} of them have passed their expiry date and stay "
                "hidden; clear or change the expiry date to show them."
            )
        level = messages.WARNING if scheduled or expired else messages.SUCCESS
        self.message_user(request, " ".join(parts), level)

    @admin.action(
        description="Publish selected items (keeping their dates)",
        permissions=["change"],
    )
    def publish(self, request, queryset):
        """Drafts dated in the past go public at once under their own date
        (e.g. an imported article); drafts dated in the future become
        scheduled. No date is changed."""
        pks = list(queryset.values_list("pk", flat=True))
        count = queryset.update(status=Post.Status.PUBLISHED)
        self._report(request, count, Post.objects.filter(pk__in=pks), "published")

    @admin.action(
        description="Publish selected items now (dated now)", permissions=["change"]
    )
    def publish_now(self, request, queryset):
        """Publish today: the publication date becomes now, so the items go
        out at once and top the lists. Items already public keep their date
        (re-dating them would reorder the timeline)."""
        now = timezone.now()
        pks = list(queryset.values_list("pk", flat=True))
        public = queryset.model.objects.filter(pk__in=pks).published()
        to_date = queryset.exclude(pk__in=public.values("pk")).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )
        to_date.update(status=Post.Status.PUBLISHED, published_at=now)
        count = queryset.update(status=Post.Status.PUBLISHED)
        self._report(request, count, Post.objects.filter(pk__in=pks), "published")

    @admin.action(description="Unpublish selected items", permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.update(status=Post.Status.DRAFT)
        self.message_user(
            request,
            f"{count} item(s) unpublished: they are drafts again and hidden "
            "from the public.",
            messages.SUCCESS,
        )

    @admin.action(
        description="Revoke the preview links of selected items",
        permissions=["change"],
    )
    def revoke_preview_links(self, request, queryset):
        count = 0
        for post in queryset.only("pk"):
            preview.revoke(post)
            count += 1
        self.message_user(
            request,
            f"Preview links of {count} item(s) revoked: links handed out "
            "before now no longer work.",
            messages.SUCCESS,
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return [
            (
                name,
                {**options, "description": PUBLISHING_HELP}
                if name == "Publishing"
                else options,
            )
            for name, options in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    # Preview links: two buttons on the change form (see the template).

    def get_urls(self):
        opts = self.opts
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/preview-link/",
                self.admin_site.admin_view(self.preview_link_view),
                name=f"{name}_preview_link",
            ),
            path(
                "<path:object_id>/revoke-preview-links/",
                self.admin_site.admin_view(self.revoke_preview_view),
                name=f"{name}_revoke_preview",
            ),
            *super().get_urls(),
        ]

    def _post_for_preview(self, request, object_id):
        if request.method != "POST":
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such item.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _back_to_change_form(self, obj):
        opts = self.opts
        return HttpResponseRedirect(
            reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=[quote(obj.pk)],
                current_app=self.admin_site.name,
            )
        )

    def preview_link_view(self, request, object_id):
        """Create a signed preview link for this post and show it."""
        obj = self._post_for_preview(request, object_id)
        try:
            days = int(request.POST.get("days", preview.DEFAULT_DAYS))
        except ValueError:
            days = preview.DEFAULT_DAYS
        if days not in preview.DAY_CHOICES:
            days = preview.DEFAULT_DAYS
        token = preview.make_token(obj, days)
        url = request.build_absolute_uri(reverse("preview", kwargs={"token": token}))
        expires = timezone.localtime(preview.expiry_of(token))
        self.message_user(
            request,
            format_html(
                "Preview link, valid until {} for anyone who has it (no account "
                'needed): <a href="{}">{}</a> — “Revoke preview links” '
                "stops every link made so far.",
                date_format(expires, "DATETIME_FORMAT"),
                url,
                url,
            ),
            messages.SUCCESS,
        )
        return self._back_to_change_form(obj)

    def revoke_preview_view(self, request, object_id):
        obj = self._post_for_preview(request, object_id)
        preview.revoke(obj)
        self.message_user(
            request,
            "Every preview link made for this item so far has stopped working.",
            messages.SUCCESS,
        )
        return self._back_to_change_form(obj)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["preview_day_choices"] = preview.DAY_CHOICES
        context["preview_default_days"] = preview.DEFAULT_DAYS
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)


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
    """Organisers see and change only the meetings they organise.

    Times are entered and listed in each meeting's own time zone
    (EventAdminForm). "Duplicate" and "Create a series" make separate draft
    meetings at the same venue and local time on new dates.
    """

    form = EventAdminForm
    list_display = (
        "title",
        "local_start",
        "city",
        "country",
        "organiser",
        "status",
        "is_published",
        "is_cancelled",
        "needs_review",
    )
    list_filter = (
        "status",
        "is_cancelled",
        "needs_review",
        CountryPresentFilter,
        "starts_at",
        # Only organisers of meetings this user may see: no list of accounts.
        ("organiser", admin.RelatedOnlyFieldListFilter),
        "tags",
    )
    search_fields = ("title", "venue_name", "city", "address")
    date_hierarchy = "starts_at"
    list_select_related = ("organiser",)
    autocomplete_fields = ("countries", "report")
    actions = (*PostAdmin.actions, "duplicate_next_month", "create_series")
    fieldsets = (
        (None, {"fields": ("title", "slug", "organised_by", "summary", "body")}),
        (
            "When",
            {
                "fields": ("starts_at", "ends_at", "timezone"),
                "description": "Type the times as they are at the venue, and "
                "pick the venue's time zone.",
            },
        ),
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
                    "report",
                )
            },
        ),
        ("Topics", {"fields": ("countries", "tags")}),
        (
            "Proposed by (not public)",
            {"fields": ("contact_name", "contact_email"), "classes": ("collapse",)},
        ),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "timezone":
            kwargs["widget"] = forms.Select(choices=event_forms.timezone_choices())
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="starts (local time)", ordering="starts_at")
    def local_start(self, obj):
        return dateformat.format(obj.local_starts_at, "D j M Y, H:i T")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organiser":
            # A short list of staff accounts rather than an autocomplete on
            # users: editors have no permission on accounts (so autocomplete
            # would fail) and a crafted POST cannot name a non-staff user.
            kwargs["queryset"] = User.objects.filter(
                is_staff=True, is_active=True
            ).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
        # Organisers cannot browse articles or other users.
        return ("organiser", "report")

    @admin.action(
        description="Duplicate as next month's meeting (same weekday, place and time)",
        permissions=["add"],
    )
    def duplicate_next_month(self, request, queryset):
        copies = [
            recurrence.copy_to_dates(
                event,
                [recurrence.next_month_date(event.local_starts_at.date())],
                request.user,
            )[0]
            for event in queryset
        ]
        dates = ", ".join(
            dateformat.format(copy.local_starts_at, "D j M Y") for copy in copies
        )
        self.message_user(
            request,
            f"{len(copies)} draft meeting(s) created: {dates}. Check them and "
            "publish them when ready.",
            messages.SUCCESS,
        )

    @admin.action(
        description="Create a series of meetings from the selected one…",
        permissions=["add"],
    )
    def create_series(self, request, queryset):
        """An intermediate page asks for the pattern ("first Tuesday of each
        month, 6 times"), then creates one draft per date."""
        if queryset.count() != 1:
            self.message_user(
                request,
                "Select exactly one meeting to make a series from.",
                messages.WARNING,
            )
            return None
        event = queryset.get()
        local_start = event.local_starts_at.date()
        if "apply" in request.POST:
            form = event_forms.SeriesForm(request.POST)
            if form.is_valid():
                dates = self.series_dates(local_start, form.cleaned_data)
                copies = recurrence.copy_to_dates(event, dates, request.user)
                self.message_user(
                    request,
                    f"{len(copies)} draft meetings created, from "
                    f"{dateformat.format(dates[0], 'D j M Y')} to "
                    f"{dateformat.format(dates[-1], 'D j M Y')}. Check them and "
                    "publish them when ready.",
                    messages.SUCCESS,
                )
                return None
        else:
            form = event_forms.SeriesForm(
                initial={
                    "weekday": local_start.weekday(),
                    "ordinal": recurrence.ordinal_of(local_start),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Create a series from “{event}”",
            "opts": self.model._meta,
            "event": event,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "local_start": event.local_starts_at,
        }
        return TemplateResponse(request, "admin/posts/event/series.html", context)

    @staticmethod
    def series_dates(after, data):
        if data["frequency"] == "weekly":
            return recurrence.weekly_dates(after, data["weekday"], data["count"])
        return recurrence.monthly_dates(
            after, data["weekday"], data["ordinal"], data["count"]
        )

    def save_model(self, request, obj, form, change):
        if not self.can_manage_all(request) or obj.organiser_id is None:
            obj.organiser = obj.organiser or request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.add_venue_country()
