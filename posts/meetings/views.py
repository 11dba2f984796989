"""
The meetings' public pages, calendars and JSON.

Lists, the JSON and the calendar feeds share EventFilterForm, so
`?country=IE&city=Dublin&online=both&from=2026-02-01&to=2026-03-01&tag=…`
means the same everywhere. Each runs a fixed number of queries: a meeting
row carries everything they show (the country's name comes from
django-countries, not the database).
"""

import itertools
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, formats, translation
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView, TemplateView
from django_countries import countries

from solidarity.antispam import (
    ip_hash,
    public_form,
    rate_limited,
    signed_link_page,
    surging,
    too_many_requests,
)
from solidarity.idempotency import (
    ALREADY_SENT,
    StartTokenUsed,
    submit_once,
    token_for_post,
)
from solidarity.links import absolute_url
from solidarity.mail import one_line
from solidarity.notify import notify_editors
from solidarity.pagecache import cache_params, dont_store
from solidarity.throttle import throttled

from .. import tasks as rsvps
from ..listing import CachedCountPaginator
from ..models import RSVP, Event, public_tags
from ..views import PreviewableDetailMixin
from . import calendar
from .forms import CancelRSVPForm, EventFilterForm, EventProposalForm, RSVPForm

# Proposals per client (IP hash) per hour.
PROPOSAL_LIMIT = 5
PROPOSAL_PERIOD = 60 * 60
# Proposals per hour from everyone before new ones are held (no email).
PROPOSAL_CEILING = 30
JSON_PAGE_SIZE = 100
# A calendar feed holds the next meetings up to this many: calendar apps
# refuse or choke on very large subscriptions. Filters narrow it down.
FEED_LIMIT = 500

# What the list pages show: the body (rich text, possibly long) is not needed.
LIST_DEFERRED = ("body",)


def public_events():
    """One version of each meeting: the page's language where published."""
    return Event.objects.published().for_reader(get_language()).defer(*LIST_DEFERRED)


def feed_events():
    """Calendars describe a meeting by its summary, or else its text."""
    return Event.objects.published().for_reader(get_language())


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


def calendar_response(events, name, filename):
    response = HttpResponse(
        calendar.build_calendar(events, name),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def bad_filters_text(filters):
    lines = [f"{name}: {' '.join(errors)}" for name, errors in filters.errors.items()]
    return HttpResponse(
        "Invalid filter.\n" + "\n".join(lines) + "\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


@require_GET
def event_calendar(request, slug):
    """One published meeting as an .ics file (past or cancelled ones too).
    A meeting whose day is not known (an imported text that gave only a
    month, a year or nothing) has no calendar entry: 404, never a made-up
    date."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    if event.date_precision != Event.DatePrecision.DAY:
        raise Http404("This meeting's day is not known, so it has no calendar entry.")
    return calendar_response([event], event.title, f"{event.slug}.ics")


@require_GET
@throttled
@cache_params(*EventFilterForm.PARAMS)
def events_calendar(request):
    """/events.ics: the coming meetings (the next FEED_LIMIT), with the
    list's filters."""
    filters = EventFilterForm(request.GET)
    if not filters.is_valid():
        return bad_filters_text(filters)
    events = filters.filter(feed_events().upcoming()).order_by("starts_at", "pk")
    return calendar_response(
        events[:FEED_LIMIT], gettext("Solidarity meetings"), "meetings.ics"
    )


@require_GET
def country_calendar(request, code):
    """/countries/<code>/events.ics: coming meetings about a country."""
    code = code.upper()
    if code not in countries:
        raise Http404("No such country.")
    events = feed_events().upcoming().filter(countries=code).order_by("starts_at")
    events = events[:FEED_LIMIT]
    name = gettext("Solidarity meetings: %(name)s") % {"name": countries.name(code)}
    return calendar_response(events, name, f"meetings-{code.lower()}.ics")


@require_GET
def tag_calendar(request, slug):
    """/tags/<slug>/events.ics: coming meetings with a tag."""
    tag = get_object_or_404(public_tags(), slug=slug)
    events = feed_events().upcoming().filter(tags=tag).order_by("starts_at")
    events = events[:FEED_LIMIT]
    name = gettext("Solidarity meetings: %(name)s") % {"name": tag.name}
    return calendar_response(events, name, f"meetings-{tag.slug}.ics")


def event_json(event):
    return {
        "id": event.pk,
        "title": event.title,
        "url": absolute_url(event.get_absolute_url()),
        "starts_at": event.local_starts_at.isoformat(),
        "ends_at": event.local_ends_at.isoformat() if event.ends_at else None,
        "timezone": event.timezone,
        "venue": event.venue_name,
        "address": event.address,
        "city": event.city,
        "country": event.country.code or None,
        "online_url": event.online_url or None,
        "cancelled": event.is_cancelled,
        "updated_at": event.updated_at.isoformat(),
    }


def json_error(message, status=400, fields=None):
    body = {"error": message}
    if fields:
        body["fields"] = fields
    return JsonResponse(body, status=status)


@require_GET
@throttled
@cache_params(*EventFilterForm.PARAMS, "page")
def events_json(request):
    """/events.json for partner sites: coming meetings, the list's filters,
    `updated_since` (ISO 8601) to fetch only what changed, 100 a page."""
    filters = EventFilterForm(request.GET)
    if not filters.is_valid():
        fields = {name: list(errors) for name, errors in filters.errors.items()}
        return json_error("Invalid filter.", fields=fields)
    events = (
        filters.filter(Event.objects.published().upcoming())
        # What event_json() reads: half the ORM work of whole meetings.
        .only(*Event.CALENDAR_FIELDS, "updated_at")
        .order_by("starts_at", "pk")
    )
    # The COUNT over thousands of coming meetings is cached as the list's is.
    paginator = CachedCountPaginator(
        events,
        JSON_PAGE_SIZE,
        count_key={"list": "events.json", "filters": filters.query_string()},
    )
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return json_error("page must be a whole number.")
    except EmptyPage:
        return json_error("No such page.", status=404)
    query = filters.query_string()

    def page_url(number):
        params = f"{query}&page={number}" if query else f"page={number}"
        return absolute_url(f"{reverse('events:json')}?{params}")

    response = JsonResponse(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "next": page_url(page.next_page_number()) if page.has_next() else None,
            "previous": page_url(page.previous_page_number())
            if page.has_previous()
            else None,
            "events": [event_json(event) for event in page],
        }
    )
    # Public data, meant for other sites' pages to fetch.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public_form
def propose_event(request):
    """The public "propose a meeting" form (posts/event_propose.html).

    A valid proposal becomes a draft marked for review and the editors are
    emailed; bots get the same thank-you page and nothing is saved.
    """
    if request.method == "POST":
        if rate_limited(request, "propose-event", PROPOSAL_LIMIT, PROPOSAL_PERIOD):
            return too_many_requests(request, PROPOSAL_PERIOD)
        form = EventProposalForm(request.POST)
        if form.is_valid():
            if not form.is_bot:
                # Exactly once: a double click or resent POST saves nothing
                # more; the start token serves one proposal. Beyond the
                # ceiling of everyone's proposals they are held: saved as the
                # drafts they always are, without the editors' email.
                try:
                    with submit_once(
                        token_for_post(request.POST),
                        started=request.POST.get("started"),
                    ) as first:
                        if first:
                            event = form.save()
                            if not surging(
                                "propose-event", PROPOSAL_CEILING, PROPOSAL_PERIOD
                            ):
                                notify_editors(*proposal_notice(event))
                except StartTokenUsed:
                    form.add_error(None, ALREADY_SENT)
                    return render(
                        request, "posts/event_propose.html", {"form": form}, status=409
                    )
            return redirect("events:propose-thanks")
        if form.is_bot:
            return redirect("events:propose-thanks")
    else:
        form = EventProposalForm()
    return render(request, "posts/event_propose.html", {"form": form})


def proposal_notice(event):
    """The editors' email about a proposed meeting, (subject, text), in the
    site's default language whatever the page the proposal came from."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = one_line(
            gettext("Meeting proposed: %(title)s") % {"title": event.title}
        )
        return subject, proposal_message(event)


def proposal_message(event):
    admin_url = reverse("admin:posts_event_change", args=[event.pk])
    return render_to_string(
        "posts/email/meeting_proposed.txt",
        {
            "event": event,
            "when": dateformat.format(event.local_starts_at, "D j M Y, H:i T"),
            "where": calendar.event_location(event) or event.online_url,
            "admin_url": calendar.absolute_url(admin_url),
        },
    )


class ProposalThanksView(TemplateView):
    template_name = "posts/event_propose_thanks.html"


# RSVPs per client (IP hash) per hour.
RSVP_LIMIT = 10


@public_form
def rsvp(request, slug):
    """The "I'm coming" form of a meeting's page (posts/rsvp_form.html with
    `form` and `event` when it has errors). Bots get the thank-you page."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    if request.method != "POST" or not rsvps.accepts_rsvps(event):
        return redirect(event)
    if rate_limited(request, "rsvp", RSVP_LIMIT, PROPOSAL_PERIOD):
        return too_many_requests(request, PROPOSAL_PERIOD)
    form = RSVPForm(request.POST)
    valid = form.is_valid()
    if form.is_bot:
        return redirect("events:rsvp-thanks", slug=event.slug)
    if not valid:
        return render(request, "posts/rsvp_form.html", {"form": form, "event": event})
    # Exactly once: a double click or resent POST books nothing more; the
    # form's start token serves one booking (another needs a fresh form).
    try:
        with submit_once(
            token_for_post(request.POST), started=request.POST.get("started")
        ) as first:
            if first:
                rsvps.book(
                    event,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    organisation=form.cleaned_data["organisation"],
                    people=form.cleaned_data["people"],
                    ip_hash=ip_hash(request),
                    language=get_language(),
                )
    except StartTokenUsed:
        form.add_error(None, ALREADY_SENT)
        return render(
            request,
            "posts/rsvp_form.html",
            {"form": form, "event": event},
            status=409,
        )
    return redirect("events:rsvp-thanks", slug=event.slug)


class RSVPThanksView(TemplateView):
    """The same page for everyone: whether they got a place is in their email."""

    template_name = "posts/rsvp_thanks.html"

    def get_context_data(self, **kwargs):
        event = get_object_or_404(Event.objects.published(), slug=self.kwargs["slug"])
        return super().get_context_data(event=event, **kwargs)


@public_form
def rsvp_cancel(request, token):
    """The emailed cancel link (posts/rsvp_cancel.html): a button, so mail
    scanners that open links cancel nobody; the signed link is the authority."""
    rsvp = RSVP.from_cancel_token(token)
    return signed_link_page(
        request,
        rsvp,
        CancelRSVPForm,
        rsvps.cancel,
        "posts/rsvp_cancel.html",
        {"rsvp": rsvp},
    )
