"""Meetings, mounted at the site root by solidarity/urls.py (the "events"
namespace): the pages under /events/, the feeds /events.ics and /events.json,
and the calendar feeds of the country and tag hubs."""

from django.urls import path

from solidarity import converters  # noqa: F401 (registers <tag:>)

from .views import feeds, pages, proposals, rsvps

app_name = "events"

urlpatterns = [
    path("events/", pages.EventListView.as_view(), name="index"),
    path("events/past/", pages.EventArchiveView.as_view(), name="past"),
    path("events/propose/", proposals.propose_event, name="propose"),
    path(
        "events/propose/thanks/",
        proposals.ProposalThanksView.as_view(),
        name="propose-thanks",
    ),
    path("events/rsvp/<str:token>/cancel/", rsvps.rsvp_cancel, name="rsvp-cancel"),
    path("events/<slug:slug>/", pages.EventDetailView.as_view(), name="detail"),
    path("events/<slug:slug>/rsvp/", rsvps.rsvp, name="rsvp"),
    path(
        "events/<slug:slug>/rsvp/thanks/",
        rsvps.RSVPThanksView.as_view(),
        name="rsvp-thanks",
    ),
    path("events/<slug:slug>.ics", feeds.event_calendar, name="detail-ics"),
    path("events.ics", feeds.events_calendar, name="calendar"),
    path("events.json", feeds.events_json, name="json"),
    path(
        "countries/<str:code>/events.ics",
        feeds.country_calendar,
        name="country-calendar",
    ),
    path("tags/<tag:slug>/events.ics", feeds.tag_calendar, name="tag-calendar"),
]
