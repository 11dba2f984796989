# "martes, 10 de febrero de 2026, 19:30": Django's Spanish formats with the
# weekday where a time is shown.
DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"l, j \d\e F \d\e Y, H:i"
TIME_FORMAT = "H:i"
# "febrero de 2009", as Django's.
YEAR_MONTH_FORMAT = r"F \d\e Y"
# The site's own (posts/templatetags/post_dates.py): a meeting's day, and its
# day and time with the venue's zone ("martes, 10 de febrero de 2026, 19:30
# GMT").
WEEKDAY_DATE_FORMAT = r"l, j \d\e F \d\e Y"
MEETING_DATETIME_FORMAT = r"l, j \d\e F \d\e Y, H:i T"
