# Django's Arabic formats with the weekday where a time is shown.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "l j F Y، H:i"
TIME_FORMAT = "H:i"
