"""The meetings' pages: the coming and past meetings' lists (by month, with
the filters) and a meeting's own page."""

import itertools
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from solidarity.pagecache import dont_store

from ... import tasks as rsvps
from ...listing import CachedCountPaginator
from ...models import Event
from ...views import PreviewableDetailMixin
from .. import calendar
from ..forms import EventFilterForm, RSVPForm

# What the list pages show: the body (rich text, possibly long) is not needed.
LIST_DEFERRED = ("body",)


def public_events():
    """One version of each meeting: the page's language where published."""
    return Event.objects.published().for_reader(get_language()).defer(*LIST_DEFERRED)


def month_groups(events):
    """[(“February 2026”, [events…]), …] by the month at each venue."""
    return [
        (formats.date_format(first_month, "YEAR_MONTH_FORMAT"), list(group))
        for first_month, group in itertools.groupby(
            events, key=lambda event: event.local_starts_at.date().replace(day=1)
        )
    ]


class EventFilterMixin:
    """Reads the filters; an invalid value answers 400 with the errors."""

    cache_params = (*EventFilterForm.PARAMS, "page")
    throttled = True  # when filtered and not cached: solidarity/throttle.py

    def get(self, request, *args, **kwargs):
        self.filters = EventFilterForm(request.GET, ignore_unknown=True)
        if not self.filters.is_valid():
            return self.invalid_filters()
        response = super().get(request, *args, **kwargs)
        # A copy per junk value would flood the page cache.
        return dont_store(response) if self.filters.ignored else response

    def invalid_filters(self):
        self.object_list = Event.objects.none()
        context = self.get_context_data()
        return self.render_to_response(context, status=400)

    def get_queryset(self):
        return self.filters.filter(self.base_queryset())

    def get_paginator(self, queryset, per_page, **kwargs):
        # "Page N of M" needs a COUNT over thousands of meetings: cached per
        # list and filter under the content version, as the timeline's are
        # (posts/listing.py).
        key = {"list": type(self).__name__, "filters": self.filters.query_string()}
        return CachedCountPaginator(queryset, per_page, count_key=key, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        valid = self.filters.is_valid()
        query_string = self.filters.query_string() if valid else ""
        context.update(
            filters=self.filters,
            query_string=query_string,
            ics_url=reverse("events:calendar")
            + (f"?{query_string}" if query_string else ""),
            json_url=reverse("events:json")
            + (f"?{query_string}" if query_string else ""),
            months=month_groups(context["object_list"]),
        )
        return context


class EventListView(EventFilterMixin, ListView):
    """Coming meetings, soonest first, grouped by month."""

    paginate_by = 20
    template_name = "posts/event_list.html"

    def base_queryset(self):
        return public_events().upcoming().order_by("starts_at", "pk")


class EventArchiveView(EventFilterMixin, ListView):
    """Past meetings, newest first, with their report-back articles."""

    paginate_by = 20
    template_name = "posts/event_archive.html"

    def base_queryset(self):
        return (
            public_events()
            .past()
            .select_related("report")
            .defer("report__body")
            .order_by("-starts_at", "-pk")
        )


class EventDetailView(PreviewableDetailMixin, DetailView):
    queryset = Event.objects.select_related("organiser", "report").prefetch_related(
        "tags", "countries"
    )

    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if (
            self.preview_post is None
            and self.can_preview(Event)
            and not user.has_perm("posts.change_any_event")
        ):
            # Organisers preview only their own meetings, as in the admin.
            return queryset.published() | queryset.filter(organiser=user)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        place = calendar.event_location(event)
        context.update(
            google_calendar_url=calendar.google_calendar_url(event),
            outlook_calendar_url=calendar.outlook_calendar_url(event),
            map_url="https://www.openstreetmap.org/search?"
            + urlencode({"query": place})
            if event.is_in_person
            else "",
            report=event.report
            if event.report and event.report.is_published()
            else None,
            rsvp_form=RSVPForm() if rsvps.accepts_rsvps(event) else None,
            # Only a number, and only if the organiser wants it shown.
            coming=event.rsvps.coming().people() if event.show_attendance else None,
        )
        return context
