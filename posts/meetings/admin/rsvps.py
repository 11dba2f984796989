"""The attendees' admin (RSVPAdmin, with its meeting filter): organisers see
their own meetings' RSVPs, editors every meeting's; CSV export and erasure."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from solidarity.spreadsheets import csv_response

from ...models import RSVP, Event


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
