"""The meetings' feeds: iCalendar (.ics) files of one meeting, the list, a
country's and a tag's, and /events.json for partner sites."""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET
from django_countries import countries

from solidarity.links import absolute_url
from solidarity.pagecache import cache_params
from solidarity.throttle import throttled

from ...listing import CachedCountPaginator
from ...models import Event, public_tags
from .. import calendar
from ..forms import EventFilterForm

JSON_PAGE_SIZE = 100
# A calendar feed holds the next meetings up to this many: calendar apps
# refuse or choke on very large subscriptions. Filters narrow it down.
FEED_LIMIT = 500


def feed_events():
    """Calendars describe a meeting by its summary, or else its text."""
    return Event.objects.published().for_reader(get_language())


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
