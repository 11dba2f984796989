"""Meetings, mounted at the site root by solidarity/urls.py (the "events"
namespace): the pages under /events/, the feeds /events.ics and /events.json,
and the calendar feeds of the country and tag hubs."""

from django.urls import path

from solidarity import converters  # noqa: F401 (registers <tag:>)

from . import views

app_name = "events"

urlpatterns = [
    path("events/", views.EventListView.as_view(), name="index"),
    path("events/past/", views.EventArchiveView.as_view(), name="past"),
    path("events/propose/", views.propose_event, name="propose"),
    path(
        "events/propose/thanks/",
        views.ProposalThanksView.as_view(),
        name="propose-thanks",
    ),
    path("events/rsvp/<str:token>/cancel/", views.rsvp_cancel, name="rsvp-cancel"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("events/<slug:slug>/rsvp/", views.rsvp, name="rsvp"),
    path(
        "events/<slug:slug>/rsvp/thanks/",
        views.RSVPThanksView.as_view(),
        name="rsvp-thanks",
    ),
    path("events/<slug:slug>.ics", views.event_calendar, name="detail-ics"),
    path("events.ics", views.events_calendar, name="calendar"),
    path("events.json", views.events_json, name="json"),
    path(
        "countries/<str:code>/events.ics",
        views.country_calendar,
        name="country-calendar",
    ),
    path("tags/<tag:slug>/events.ics", views.tag_calendar, name="tag-calendar"),
]
