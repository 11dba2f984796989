# British English on the English pages ("10 February 2026", dates typed as
# 14/07/2026 in the admin): Django's en_GB formats; a time comes with its
# weekday ("Tue 10 Feb 2026, 19:30", as on a meeting's page).
from django.conf.locale.en_GB.formats import (
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    DECIMAL_SEPARATOR,
    FIRST_DAY_OF_WEEK,
    NUMBER_GROUPING,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    THOUSAND_SEPARATOR,
)

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "D j M Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
# The site's own (posts/templatetags/post_dates.py): a meeting's day, and its
# day and time with the venue's zone ("Tue 10 Feb 2026, 19:30 GMT").
WEEKDAY_DATE_FORMAT = "D j M Y"
MEETING_DATETIME_FORMAT = "D j M Y, H:i T"

__all__ = [
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "DATE_INPUT_FORMATS",
    "DATETIME_INPUT_FORMATS",
    "DECIMAL_SEPARATOR",
    "MEETING_DATETIME_FORMAT",
    "FIRST_DAY_OF_WEEK",
    "MONTH_DAY_FORMAT",
    "NUMBER_GROUPING",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "THOUSAND_SEPARATOR",
    "TIME_FORMAT",
    "WEEKDAY_DATE_FORMAT",
    "YEAR_MONTH_FORMAT",
]
