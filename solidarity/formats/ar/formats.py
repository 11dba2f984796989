# Django's Arabic formats with the weekday where a time is shown.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "l j F Y، H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
# The site's own (posts/templatetags/post_dates.py): a meeting's day, and its
# day and time with the venue's zone.
WEEKDAY_DATE_FORMAT = "l j F Y"
MEETING_DATETIME_FORMAT = "l j F Y، H:i T"
