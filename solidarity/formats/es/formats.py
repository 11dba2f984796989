# "martes, 10 de febrero de 2026, 19:30": Django's Spanish formats with the
# weekday where a time is shown.
DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"l, j \d\e F \d\e Y, H:i"
TIME_FORMAT = "H:i"
