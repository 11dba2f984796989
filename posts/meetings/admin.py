"""The meetings' admin: organisers' own meetings, local venue times, and
the "duplicate" and "series" actions."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import dateformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from solidarity.spreadsheets import csv_response

from ..admin.post import CountryPresentFilter, PostAdmin, PostAdminForm
from ..models import RSVP, Event
from . import recurrence
from .admin_forms import SeriesForm, VenueTimesForm
from .zones import timezone_choices

User = get_user_model()


class EventAdminForm(PostAdminForm, VenueTimesForm):
    """Local venue times (admin_forms; times the clocks skip are refused)
    plus the shared tag checks."""

    class Meta(VenueTimesForm.Meta):
        pass


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
        (
            _("Who is coming"),
            {
                "fields": (
                    "takes_rsvps",
                    "capacity",
                    "show_attendance",
                    "attendees_link",
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
            kwargs["widget"] = forms.Select(choices=timezone_choices())
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
            return ("attendees_link",)
        # Organisers cannot browse articles or other users.
        return ("organiser", "report", "attendees_link")

    @admin.display(description=_("attendees"))
    def attendees_link(self, obj):
        if obj is None or not obj.pk:
            return _("Save the meeting first.")
        rsvps = obj.rsvps.all()
        return format_html(
            '<a href="{}?event__id__exact={}">{}</a>',
            reverse("admin:posts_rsvp_changelist"),
            obj.pk,
            _("%(coming)d coming, %(waiting)d waiting: see and download the list")
            % {
                "coming": rsvps.coming().people(),
                "waiting": rsvps.waiting().people(),
            },
        )

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
            form = SeriesForm(request.POST)
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
            form = SeriesForm(
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


class EventFilter(admin.SimpleListFilter):
    """Only the meetings whose attendees this user may see."""

    title = _("meeting")
    parameter_name = "event__id__exact"

    def lookups(self, request, model_admin):
        events = Event.objects.filter(
            pk__in=RSVP.objects.visible_to(request.user).values("event")
        ).order_by("-starts_at")
        return [(event.pk, str(event)) for event in events[:200]]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(event_id=int(self.value()))
        return queryset


@admin.register(RSVP)
class RSVPAdmin(admin.ModelAdmin):
    """Attendees: organisers see only their own meetings' (RSVP.visible_to),
    editors every meeting's. Never shown on the site."""

    list_display = ("name", "organisation", "people", "status", "event", "created_at")
    list_filter = ("status", EventFilter)
    search_fields = ("name", "email", "organisation")
    date_hierarchy = "created_at"
    list_select_related = ("event",)
    readonly_fields = (
        "event",
        "status",
        "created_at",
        "cancelled_at",
        "promoted_at",
        "reminded_at",
        "erased_at",
    )
    fields = ("name", "email", "organisation", "people", *readonly_fields)
    actions = ("export_csv", "erase")

    def get_queryset(self, request):
        return RSVP.objects.visible_to(request.user).select_related("event")

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Download the selected attendees as CSV"))
    def export_csv(self, request, queryset):
        return csv_response(
            "attendees.csv",
            [
                _("Meeting"),
                _("Name"),
                _("Email"),
                _("Organisation"),
                _("People"),
                _("Status"),
                _("Since"),
            ],
            (
                [
                    rsvp.event.title,
                    rsvp.name,
                    rsvp.email,
                    rsvp.organisation,
                    rsvp.people,
                    rsvp.get_status_display(),
                    rsvp.created_at.date().isoformat(),
                ]
                for rsvp in queryset.filter(erased_at__isnull=True)
            ),
        )

    @admin.action(
        description=_("Erase the selected attendees' personal data"),
        permissions=["change"],
    )
    def erase(self, request, queryset):
        for rsvp in queryset:
            rsvp.erase()
        self.message_user(request, _("Personal data erased."), messages.SUCCESS)
