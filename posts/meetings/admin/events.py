"""The meetings' admin (EventAdmin): organisers' own meetings, local venue
times, and the "duplicate" and "series" actions."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import dateformat
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ...admin.actions import confirm_action
from ...admin.filters import CountryPresentFilter, ScheduledFilter, TranslationFilter
from ...admin.forms import PostAdminForm
from ...admin.post import PostAdmin
from ...models import Article, Event
from .. import recurrence, review, zones
from ..admin_forms import ReportAutocomplete, SendBackForm, SeriesForm, VenueTimesForm

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
        "review",
        "needs_review",
    )
    list_filter = (
        "status",
        "language",
        TranslationFilter,
        ScheduledFilter,
        "review",
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
    actions = (
        *PostAdmin.actions,
        "send_back",
        "duplicate_next_month",
        "create_series",
        "trust_organisers",
        "review_organisers",
    )
    revert_keeps = (*PostAdmin.revert_keeps, "organiser", "review", "review_note")
    fieldsets = (
        (None, {"fields": ("title", "slug", "organised_by", "summary", "body")}),
        (
            _("When"),
            {
                "fields": ("starts_at", "ends_at", "timezone", "confirm_zone"),
                "description": _(
                    "Type the times as they are at the venue. The time zone "
                    "follows the venue unless you choose one."
                ),
            },
        ),
        (
            _("Where"),
            {"fields": ("venue_name", "address", "city", "country", "online_url")},
        ),
        (
            _("Publishing"),
            {
                "fields": (
                    "status",
                    "published_at",
                    "date_precision",
                    "expires_at",
                    "is_cancelled",
                    "review",
                    "review_note",
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
        (_("Topics"), {"fields": ("countries", "tags")}),
        (
            _("Proposed by (not public)"),
            {"fields": ("contact_name", "contact_email"), "classes": ("collapse",)},
        ),
        PostAdmin.picture_fieldset,
    )

    def _formfield_for_dbfield(self, db_field, request, **kwargs):
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("starts (local time)"), ordering="starts_at")
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

    def has_recover_permission(self, request):
        return self.can_manage_all(request) and super().has_recover_permission(request)

    def get_autocomplete_fields(self, request):
        if self.can_manage_all(request):
            return self.autocomplete_fields
        # Organisers may not browse the countries' admin, which an
        # autocomplete asks: a plain menu instead.
        return ()

    def get_readonly_fields(self, request, obj=None):
        # The review changes through its actions (publish, send back).
        fields = [
            *super().get_readonly_fields(request, obj),
            "review",
            "review_note",
            "attendees_link",
        ]
        if self.can_manage_all(request):
            return fields
        # Organisers cannot choose another owner; they publish only when an
        # editor lets them; the report-back article comes after the meeting.
        fields.append("organiser")
        if not review.may_publish(request.user):
            fields.append("status")
        if obj is None or not obj.is_past:
            fields.append("report")
        return fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "report" and not self.can_manage_all(request):
            # Published articles only, through our own search (organisers
            # have no access to the articles' admin, which Django's
            # autocomplete asks).
            kwargs["queryset"] = Article.objects.published()
            kwargs["widget"] = ReportAutocomplete(db_field, self.admin_site)
            return db_field.formfield(**kwargs)
        return self._formfield_for_dbfield(db_field, request, **kwargs)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not review.may_publish(request.user):
            for name in ("publish", "publish_now"):
                actions.pop(name, None)
        if not self.can_manage_all(request):
            for name in ("send_back", "trust_organisers", "review_organisers"):
                actions.pop(name, None)
        return actions

    def get_urls(self):
        return [
            path(
                "report-search/",
                self.admin_site.admin_view(self.report_search),
                name="posts_event_report_search",
            ),
            *super().get_urls(),
        ]

    def report_search(self, request):
        """Published articles matching ?term=, in the JSON Django's
        autocomplete widget reads; for anyone who may change meetings."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        term = request.GET.get("term", "")[:100]
        try:
            page = max(1, int(request.GET.get("page", 1)))
        except ValueError:
            page = 1
        articles = Article.objects.published().order_by("-published_at", "-pk")
        if term:
            articles = articles.filter(title__icontains=term)
        size = 20
        rows = list(
            articles.values_list("pk", "title")[(page - 1) * size : page * size + 1]
        )
        return JsonResponse(
            {
                "results": [
                    {"id": str(pk), "text": title} for pk, title in rows[:size]
                ],
                "pagination": {"more": len(rows) > size},
            }
        )

    def after_publishing(self, request, pks):
        review.published(request, pks)

    @admin.action(
        description=_("Send back to their organisers with a note…"),
        permissions=["change"],
    )
    def send_back(self, request, queryset):
        form = SendBackForm(request.POST if "apply" in request.POST else None)
        page = confirm_action(
            self,
            request,
            queryset,
            "send_back",
            _("Send meetings back"),
            _(
                "These meetings become drafts again and their organisers get "
                "your note by email."
            ),
            form,
        )
        if page:
            return page
        count = review.send_back(
            request,
            queryset.select_related("organiser"),
            form.cleaned_data["review_note"],
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d meeting sent back to its organiser.",
                "%(count)d meetings sent back to their organisers.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
        return None

    def _organisers(self, queryset):
        pks = queryset.exclude(organiser=None).values("organiser")
        return User.objects.filter(pk__in=pks, is_active=True)

    @admin.action(
        description=_("Let the organisers of selected meetings publish without review"),
        permissions=["change"],
    )
    def trust_organisers(self, request, queryset):
        count = review.set_trust(request, self._organisers(queryset), True)
        self.message_user(
            request,
            ngettext(
                "%(count)d organiser may now publish meetings without review.",
                "%(count)d organisers may now publish meetings without review.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Review the meetings of selected meetings' organisers again"),
        permissions=["change"],
    )
    def review_organisers(self, request, queryset):
        count = review.set_trust(request, self._organisers(queryset), False)
        self.message_user(
            request,
            ngettext(
                "%(count)d organiser's meetings will wait for review again.",
                "%(count)d organisers' meetings will wait for review again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

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
        description=_(
            "Duplicate as next month's meeting (same weekday, place and time)"
        ),
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
            ngettext(
                "%(count)d draft meeting created: %(dates)s. Check it and "
                "publish it when ready.",
                "%(count)d draft meetings created: %(dates)s. Check them and "
                "publish them when ready.",
                len(copies),
            )
            % {"count": len(copies), "dates": dates},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Create a series of meetings from the selected one…"),
        permissions=["add"],
    )
    def create_series(self, request, queryset):
        """An intermediate page asks for the pattern ("first Tuesday of each
        month, 6 times"), then creates one draft per date."""
        if queryset.count() != 1:
            self.message_user(
                request,
                _("Select exactly one meeting to make a series from."),
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
                    ngettext(
                        "%(count)d draft meeting created, on %(first)s. Check "
                        "it and publish it when ready.",
                        "%(count)d draft meetings created, from %(first)s to "
                        "%(last)s. Check them and publish them when ready.",
                        len(copies),
                    )
                    % {
                        "count": len(copies),
                        "first": dateformat.format(dates[0], "D j M Y"),
                        "last": dateformat.format(dates[-1], "D j M Y"),
                    },
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
            "title": gettext("Create a series from “%(meeting)s”") % {"meeting": event},
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

    class Media:
        css = PostAdmin.Media.css
        js = ("admin-extra/meeting-times.js",)

    def save_model(self, request, obj, form, change):
        if "starts_at" in form.changed_data or "timezone" in form.changed_data:
            self.message_user(
                request,
                gettext("Starts %(echo)s.")
                % {"echo": zones.echo(obj.starts_at, obj.timezone)},
                messages.INFO,
            )
        if not self.can_manage_all(request) or obj.organiser_id is None:
            obj.organiser = obj.organiser or request.user
        waits = not review.may_publish(request.user)
        if waits:
            # Not public until an editor publishes it.
            obj.status = Event.Status.DRAFT
            obj.review = Event.Review.AWAITING
        super().save_model(request, obj, form, change)
        if waits:
            review.submitted(request, obj)
        elif obj.review and obj.status == Event.Status.PUBLISHED:
            review.published(request, [obj.pk])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.add_venue_country()
