"""
The admin's meeting forms: times entered in the venue's zone, and the series
helper's pattern. (The public forms are in forms.py.)
"""

import datetime

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import ValidationError
from django.utils import timezone

from solidarity.fields import check_date_range

from ..models import Event
from .zones import known_zones, local_to_utc


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
        label="Starts", help_text="Local time at the venue, in the time zone below."
    )
    ends_at = LocalDateTimeField(
        label="Ends", required=False, help_text="Optional. Local time at the venue."
    )

    class Meta:
        model = Event
        # The admin adds the other fields from EventAdmin.fieldsets.
        fields = ("starts_at", "ends_at", "timezone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            zone = self.instance.tzinfo
            for name in self.LOCAL_FIELDS:
                value = getattr(self.instance, name)
                if value:
                    self.initial[name] = value.astimezone(zone).replace(tzinfo=None)

    def clean(self):
        cleaned_data = super().clean()
        zone = cleaned_data.get("timezone")
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
            self.add_error("ends_at", "A meeting cannot end before it starts.")
        return cleaned_data


class SeriesForm(forms.Form):
    """The recurrence helper: copies of one meeting on a regular pattern."""

    ORDINALS = [
        (1, "first"),
        (2, "second"),
        (3, "third"),
        (4, "fourth"),
        (-1, "last"),
    ]
    WEEKDAYS = list(
        enumerate(
            [
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday",
            ]
        )
    )
    FREQUENCIES = [("monthly", "Each month"), ("weekly", "Each week")]

    frequency = forms.ChoiceField(choices=FREQUENCIES, initial="monthly")
    ordinal = forms.TypedChoiceField(
        choices=ORDINALS,
        coerce=int,
        initial=1,
        label="Which week of the month",
        help_text="For monthly meetings.",
    )
    weekday = forms.TypedChoiceField(choices=WEEKDAYS, coerce=int, label="Day")
    count = forms.IntegerField(
        min_value=1,
        max_value=52,
        initial=6,
        label="How many meetings",
        help_text="Up to 52. Each is a separate draft you can edit or publish.",
    )
