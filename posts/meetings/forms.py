"""
The public meeting forms: the filters of the lists and feeds, and the
proposal form for groups without an account. (The admin's forms are in
admin_forms.py; time zones in zones.py.)
"""

import datetime
import functools
import re
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from taggit.models import Tag

from posts.listing import cached
from solidarity.antispam import SpamProtectedForm
from solidarity.fields import BoundedDateField, BoundedDateTimeField
from solidarity.widgets import QuickSelect

from ..models import Event, Post, check_meeting_length, web_url_validator
from ..models.rsvps import MAX_PEOPLE
from .zones import local_to_utc, timezone_choices


def country_choices(blank_label):
    """Countries named in the active language: call it per form, not at
    import (when no language is active)."""
    return [("", blank_label), *countries]


def meeting_countries():
    """The codes of the countries that have published meetings, cached under
    the content version."""
    return cached(
        "meeting-countries",
        {},
        lambda: sorted(
            Event.objects.published()
            .exclude(country="")
            .values_list("country", flat=True)
            .distinct()
            .order_by()
        ),
    )


def meeting_country_choices(selected=""):
    """The filter's country menu: only countries that have meetings (not all
    249), by name, and the one chosen. Called when the menu is rendered, so
    the JSON and calendar views, which share the form, never pay for it."""
    codes = set(meeting_countries())
    if selected in countries:
        codes.add(selected)
    names = sorted((countries.name(code), code) for code in codes)
    return [("", gettext("Any country")), *((code, name) for name, code in names)]


class EventFilterForm(forms.Form):
    """The filters of /events/, /events.json and /events.ics, from the query
    string. Every field is optional; bad values are form errors (a 400 with a
    clear message), never a server error."""

    # What the page cache keys these pages by (with "page"): every field.
    PARAMS = ("country", "city", "online", "tag", "updated_since", "from", "to")

    ONLINE_CHOICES = [
        ("", _("In person or online")),
        ("in-person", _("In person")),
        ("online", _("Online")),
        ("both", _("Both in person and online")),
    ]

    country = forms.CharField(
        required=False,
        max_length=2,
        label=_("Country"),
        widget=forms.Select(choices=meeting_country_choices),
    )
    city = forms.CharField(required=False, max_length=100, label=_("City"))
    online = forms.ChoiceField(required=False, choices=ONLINE_CHOICES, label=_("Where"))
    tag = forms.SlugField(required=False, max_length=100)
    updated_since = BoundedDateTimeField(required=False)

    def __init__(self, data=None, ignore_unknown=False, **kwargs):
        """`ignore_unknown`: the pages drop an unknown tag and say so; the
        JSON and calendars keep it (no meetings), so a stale subscription
        never turns into every meeting."""
        self.ignore_unknown = ignore_unknown
        if data is not None:
            data = data.copy()
            # An unencoded "+" in an offset arrives as a space.
            since = data.get("updated_since", "")
            if re.search(r" \d\d:?\d\d$", since):
                data["updated_since"] = since[:-6] + "+" + since[-5:].lstrip()
        super().__init__(data, **kwargs)
        # Values that were dropped rather than refused, to show the visitor.
        self.ignored = []
        # "from" is a Python keyword, so these two are added by name.
        date_input = forms.DateInput(attrs={"type": "date"})
        self.fields["from"] = BoundedDateField(
            required=False, label=_("From"), widget=date_input
        )
        self.fields["to"] = BoundedDateField(
            required=False, label=_("To"), widget=date_input
        )
        selected = str(self.data.get("country", "")).upper()
        self.fields["country"].widget.choices = functools.partial(
            meeting_country_choices, selected
        )

    def clean_country(self):
        code = self.cleaned_data["country"].upper()
        if code and code not in countries:
            raise ValidationError(
                _("Unknown country code %(code)s: use two letters such as IE or GB."),
                params={"code": code},
            )
        return code

    def clean_tag(self):
        """An unknown tag is ignored, and the page says so (`ignored`), as
        the timeline does: a shared link with a stale tag still opens."""
        slug = self.cleaned_data["tag"]
        if self.ignore_unknown and slug and not Tag.objects.filter(slug=slug).exists():
            self.ignored.append(
                gettext("There is no tag “%(tag)s”. It was ignored.") % {"tag": slug}
            )
            return ""
        return slug

    def clean_updated_since(self):
        since = self.cleaned_data["updated_since"]
        if since and timezone.is_naive(since):
            since = timezone.make_aware(since, datetime.UTC)
        return since

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("from"), cleaned_data.get("to")
        if start and end and end < start:
            self.add_error("to", _("The end of the date range is before its start."))
        return cleaned_data

    def day_start(self, day):
        """Midnight at the start of `day` in the site's zone (date filters
        cover the whole world, so they use one zone)."""
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))

    def filter(self, queryset):
        data = self.cleaned_data
        if data["country"]:
            queryset = queryset.filter(country=data["country"])
        if data["city"]:
            queryset = queryset.filter(city__iexact=data["city"].strip())
        in_person = ~Q(venue_name="") | ~Q(address="") | ~Q(city="")
        online = ~Q(online_url="")
        if data["online"] == "in-person":
            queryset = queryset.filter(in_person)
        elif data["online"] == "online":
            queryset = queryset.filter(online)
        elif data["online"] == "both":
            queryset = queryset.filter(in_person, online)
        if data["tag"]:
            queryset = queryset.filter(tags__slug=data["tag"])
        if data.get("from"):
            queryset = queryset.filter(starts_at__gte=self.day_start(data["from"]))
        if data.get("to"):
            next_day = data["to"] + datetime.timedelta(days=1)
            queryset = queryset.filter(starts_at__lt=self.day_start(next_day))
        if data["updated_since"]:
            queryset = queryset.filter(updated_at__gte=data["updated_since"])
        return queryset

    def is_filtered(self):
        return any(self.cleaned_data.get(name) for name in self.fields)

    def query_string(self):
        """The valid filters, for pagination and feed links."""
        params = {}
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            if value:
                params[name] = value
        return urlencode(params)


class EventProposalForm(SpamProtectedForm):
    """A meeting proposed by a group without an account. It becomes a draft
    marked for review; nothing is public until an editor publishes it."""

    form_id = "proposal"

    title = forms.CharField(max_length=300, label=_("Name of the meeting"))
    description = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What it is about, who is speaking, how to take part."),
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date = BoundedDateField(widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_date = BoundedDateField(
        required=False,
        label=_("End date"),
        help_text=_("Only if it ends on a later day."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end_time = forms.TimeField(
        required=False,
        label=_("Ends at"),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=timezone_choices,
        widget=QuickSelect,
        initial="Europe/London",
        help_text=_("The time zone of the venue (for online meetings, yours)."),
    )
    venue_name = forms.CharField(max_length=200, required=False, label=_("Venue"))
    address = forms.CharField(max_length=300, required=False, label=_("Address"))
    city = forms.CharField(max_length=100, required=False, label=_("City"))
    country = forms.ChoiceField(
        required=False,
        label=_("Country"),
        choices=lambda: country_choices(_("(online only)")),
        widget=QuickSelect,
    )
    online_url = forms.URLField(
        max_length=500,
        required=False,
        label=_("Online link"),
        validators=[web_url_validator],
        assume_scheme="https",
        error_messages={"invalid": web_url_validator.message},
        help_text=_("For online or hybrid meetings: the link to join."),
    )
    organised_by = forms.CharField(
        max_length=200, label=_("Organised by"), help_text=_("Your group or union.")
    )
    contact_name = forms.CharField(max_length=200, label=_("Your name"))
    contact_email = forms.EmailField(
        label=_("Your email"),
        help_text=_("Only the editors see it, to ask you about the meeting."),
    )

    def clean(self):
        cleaned_data = super().clean()
        zone = cleaned_data.get("timezone")
        day, start_time = cleaned_data.get("date"), cleaned_data.get("start_time")
        if zone and day and start_time:
            try:
                starts = local_to_utc(datetime.datetime.combine(day, start_time), zone)
            except ValidationError as error:
                self.add_error("start_time", error)
            else:
                cleaned_data["starts_at"] = starts
                if starts < timezone.now():
                    self.add_error("date", _("This date has passed."))
                self._clean_end(cleaned_data, day, zone, starts)
        place = any(cleaned_data.get(name) for name in ("venue_name", "city"))
        if not place and not cleaned_data.get("online_url"):
            raise ValidationError(
                _(
                    "Say where the meeting takes place (at least the city), or give "
                    "the link to join it online."
                )
            )
        return cleaned_data

    def _clean_end(self, cleaned_data, day, zone, starts):
        end_date, end_time = cleaned_data.get("end_date"), cleaned_data.get("end_time")
        if not end_time:
            if end_date:
                self.add_error("end_time", _("Give the time it ends on that day."))
            return
        naive_end = datetime.datetime.combine(end_date or day, end_time)
        try:
            ends = local_to_utc(naive_end, zone)
        except ValidationError as error:
            self.add_error("end_time", error)
            return
        if ends <= starts:
            self.add_error("end_time", _("The meeting cannot end before it starts."))
            return
        try:
            check_meeting_length(starts, ends, "end_date")
        except ValidationError as error:
            self.add_error(None, error)
            return
        cleaned_data["ends_at"] = ends

    @staticmethod
    def slug(title):
        slug = Post.unique_slug(title)
        if slug in Event.RESERVED_SLUGS:
            slug = Post.unique_slug(f"{title} meeting")
        return slug

    def save(self):
        data = self.cleaned_data
        return Event.objects.create(
            title=data["title"],
            slug=self.slug(data["title"]),
            summary=data["description"][:300],
            body=linebreaks(data["description"], autoescape=True),
            starts_at=data["starts_at"],
            ends_at=data.get("ends_at"),
            timezone=data["timezone"],
            venue_name=data["venue_name"],
            address=data["address"],
            city=data["city"],
            country=data["country"],
            online_url=data["online_url"],
            organised_by=data["organised_by"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            status=Post.Status.DRAFT,
            needs_review=True,
        )


class RSVPForm(SpamProtectedForm):
    """ "I'm coming" on a meeting's page: no account, no JavaScript."""

    form_id = "rsvp"

    name = forms.CharField(max_length=200, label=_("Your name"))
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send your confirmation, a reminder and a link to cancel."),
    )
    organisation = forms.CharField(
        max_length=200,
        required=False,
        label=_("Organisation (optional)"),
        help_text=_("Your union, branch or group, if you come for one."),
    )
    people = forms.IntegerField(
        min_value=1,
        max_value=MAX_PEOPLE,
        initial=1,
        label=_("How many people (you included)"),
    )


class CancelRSVPForm(SpamProtectedForm):
    """The button behind the emailed cancel link, which is the authority."""

    form_id = "rsvpcancel"
    min_seconds = 0
