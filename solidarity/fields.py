"""
Form fields for dates that come from outside (query strings, public forms,
the admin), bounded so that no arithmetic on them can overflow: a date near
9999-12-31 plus a day, or moved from Pacific/Honolulu to UTC, is past
Python's last date and raised OverflowError (a 500) before these bounds.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2199, 12, 31)


def check_date_range(value):
    """Refuse a date (or a datetime's date) outside EARLIEST..LATEST."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            _("Choose a date between %(first)s and %(last)s."),
            code="date_out_of_range",
            params={"first": EARLIEST.isoformat(), "last": LATEST.isoformat()},
        )


class BoundedDateField(forms.DateField):
    def to_python(self, value):
        day = super().to_python(value)
        check_date_range(day)
        return day


class BoundedDateTimeField(forms.DateTimeField):
    def to_python(self, value):
        moment = super().to_python(value)
        check_date_range(moment)
        return moment
