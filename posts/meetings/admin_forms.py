"""
The admin's meeting forms: times entered in the venue's zone, and the series
helper's pattern. (The public forms are in forms.py.)
"""

import datetime
import json

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import dates, timezone
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from solidarity.fields import check_date_range

from ..models import Event
from . import zones
from .zones import known_zones, local_to_utc


class ZoneSelect(forms.Select):
    """The zone menu, followed by the live echo ("18:00 in Caracas = 22:00
    UTC") that static/admin-extra/meeting-times.js fills in as the editor
    types; the venue country's zone is in data-country-zones for it."""

    def render(self, name, value, attrs=None, renderer=None):
        single = {
            code: names[0]
            for code, names in zones.country_zones().items()
            if len(names) == 1
        }
        attrs = {**(attrs or {}), "data-country-zones": json.dumps(single)}
        select = super().render(name, value, attrs, renderer)
        return format_html(
            '{}<p class="help zone-echo" id="zone-echo" aria-live="polite" '
            'data-template="{}" data-from-venue="{}" data-several="{}"></p>',
            select,
            gettext("{local} in {place} = {utc} UTC"),
            gettext("Time zone from the venue: {zone}."),
            gettext(
                "The venue's country has several time zones: set from the "
                "city when you save, or choose one."
            ),
        )


class LocalDateTimeField(forms.SplitDateTimeField):
    """A date and a time as the clock reads at the venue: kept naive here and
    converted with the meeting's own zone in VenueTimesForm.clean()."""

    widget = admin_widgets.AdminSplitDateTime

    def compress(self, data_list):
        if data_list:
            if data_list[0] in self.empty_values or data_list[1] in self.empty_values:
                raise ValidationError(self.error_messages["invalid_date"], "invalid")
            moment = datetime.datetime.combine(*data_list)
            check_date_range(moment)
            return moment
        return None


class VenueTimesForm(forms.ModelForm):
    """Starts and ends are entered and shown in the meeting's time zone, not
    the site's (which is what Django's admin would otherwise use)."""

    LOCAL_FIELDS = ("starts_at", "ends_at")

    starts_at = LocalDateTimeField(
        label=_("Starts"),
        help_text=_("Local time at the venue, in the time zone below."),
    )
    ends_at = LocalDateTimeField(
        label=_("Ends"),
        required=False,
        help_text=_("Optional. Local time at the venue."),
    )
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        widget=ZoneSelect,
        help_text=_(
            "Leave “From the venue” and the zone comes from the venue's "
            "country (and city, where the country has several)."
        ),
    )
    confirm_zone = forms.BooleanField(
        label=_("Yes, this time zone is right although the venue is elsewhere"),
        required=False,
    )

    class Meta:
        model = Event
        # The admin adds the other fields from EventAdmin.fieldsets.
        fields = ("starts_at", "ends_at", "timezone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.timezone if self.instance.pk else None
        self.fields["timezone"].choices = [
            ("", gettext("From the venue (country, city)")),
            *zones.grouped_zone_choices(current),
        ]
        if not self.instance.pk:
            self.initial["timezone"] = ""
        if self.instance.pk:
            zone = self.instance.tzinfo
            for name in self.LOCAL_FIELDS:
                value = getattr(self.instance, name)
                if value:
                    self.initial[name] = value.astimezone(zone).replace(tzinfo=None)
            if self.instance.starts_at:
                self.fields["starts_at"].help_text = gettext(
                    "Local time at the venue. Saved as %(echo)s."
                ) % {
                    "echo": zones.echo(self.instance.starts_at, self.instance.timezone)
                }

    def resolve_zone(self, cleaned_data):
        """The zone chosen, or the venue's; errors for a zone that cannot
        be told and for one of another country, until confirmed."""
        zone = cleaned_data.get("timezone") or ""
        country = cleaned_data.get("country") or ""
        city = cleaned_data.get("city") or ""
        if not zone:
            zone = zones.zone_for_venue(country, city)
            if zone is None and not country and cleaned_data.get("online_url"):
                zone = zones.ONLINE_ZONE
            if zone is None:
                self.add_error(
                    "timezone",
                    gettext("Choose the time zone: no venue country is given.")
                    if not country
                    else gettext(
                        "Choose the time zone: %(country)s has several, and the "
                        "city does not tell which."
                    )
                    % {"country": countries.name(country) or country},
                )
                return None
            cleaned_data["timezone"] = zone
            return zone
        changed = {"timezone", "country"} & set(self.changed_data)
        if (
            changed
            and zones.zone_mismatch(zone, country)
            and not cleaned_data.get("confirm_zone")
        ):
            self.add_error(
                "confirm_zone",
                gettext(
                    "%(zone)s is not a time zone of %(country)s, where the venue "
                    "is. Tick the box to keep it, or choose another zone."
                )
                % {"zone": zone, "country": countries.name(country) or country},
            )
        return zone

    def clean(self):
        cleaned_data = super().clean()
        zone = self.resolve_zone(cleaned_data)
        if zone not in known_zones():
            zone = None  # the model's validator reports the unknown zone
        for name in self.LOCAL_FIELDS:
            naive = cleaned_data.get(name)
            if naive is None or timezone.is_aware(naive):
                continue
            if zone not in known_zones():
                # The time zone field reports the unknown zone.
                cleaned_data[name] = None
                continue
            try:
                cleaned_data[name] = local_to_utc(naive, zone)
            except ValidationError as error:
                self.add_error(name, error)
        starts, ends = cleaned_data.get("starts_at"), cleaned_data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("A meeting cannot end before it starts."))
        return cleaned_data


class SeriesForm(forms.Form):
    """The recurrence helper: copies of one meeting on a regular pattern."""

    ORDINALS = [
        (1, pgettext_lazy("week of the month", "first")),
        (2, pgettext_lazy("week of the month", "second")),
        (3, pgettext_lazy("week of the month", "third")),
        (4, pgettext_lazy("week of the month", "fourth")),
        (-1, pgettext_lazy("week of the month", "last")),
    ]
    # Django's own translated names, Monday first (as datetime.weekday()).
    WEEKDAYS = sorted(dates.WEEKDAYS.items())
    FREQUENCIES = [("monthly", _("Each month")), ("weekly", _("Each week"))]

    frequency = forms.ChoiceField(choices=FREQUENCIES, initial="monthly")
    ordinal = forms.TypedChoiceField(
        choices=ORDINALS,
        coerce=int,
        initial=1,
        label=_("Which week of the month"),
        help_text=_("For monthly meetings."),
    )
    weekday = forms.TypedChoiceField(choices=WEEKDAYS, coerce=int, label=_("Day"))
    count = forms.IntegerField(
        min_value=1,
        max_value=52,
        initial=6,
        label=_("How many meetings"),
        help_text=_("Up to 52. Each is a separate draft you can edit or publish."),
    )


class ReportAutocomplete(admin_widgets.AutocompleteSelect):
    """The report-back article for organisers: Django's autocomplete widget
    asking EventAdmin.report_search (published articles only) instead of the
    articles' admin, which organisers cannot see."""

    def get_url(self):
        return reverse("admin:posts_event_report_search")


class SendBackForm(forms.Form):
    review_note = forms.CharField(
        label=_("Note to the organisers (sent by email)"),
        max_length=Event._meta.get_field("review_note").max_length,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("What to change before the meeting can be published."),
    )
