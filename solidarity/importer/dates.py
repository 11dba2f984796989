"""Dates and times in scraped text (pure).

Date phrases are found with regular expressions built from dateparser's
month and weekday names in the languages campaign sites are written in
("6 January 2026", "Tuesday, 06 November 2012", "February 10", "zaterdag 28
november 2015", "Dienstag, 6. November 2012", "19 de febrero de 2011",
"08-12-2008", "Mon Sep 2 13:06:25 MDT 1996", "February 2009"), then checked
with the calendar, so an impossible day ("31 February") is told from an
unreadable one. Calling dateparser itself on every phrase would detect the
language each time (0.1 s a call).

A phrase without a year gets one only from evidence: bounds from the page
(its own date, a dated neighbour in a listing) and, where given, the weekday
(`resolve_year`). Nothing here ever falls back on the day of the import.
"""

import calendar
import datetime
import functools
import re
from dataclasses import dataclass

from dateparser.languages.loader import default_loader

# Languages whose month and weekday names are recognised.
LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt", "pl", "tr", "ca", "sv", "da")

DAY = "day"
MONTH = "month"
YEAR = "year"
UNKNOWN = "unknown"

_MONTH_KEYS = [m.lower() for m in calendar.month_name[1:]]
_WEEKDAY_KEYS = [d.lower() for d in calendar.day_name]


@functools.cache
def _names(keys):
    """{lower-case word: index} for the month or weekday names."""
    table = {}
    for code in LANGUAGES:
        info = default_loader.get_locale(code).info
        for index, key in enumerate(keys):
            for word in info.get(key, []):
                word = word.lower().rstrip(".")
                # Other languages' abbreviations ("set", "ago", "sie") are
                # English words too often.
                if len(word) >= (3 if code == "en" else 4) and not word.isdigit():
                    table.setdefault(word, index)
    return table


def month_number(word):
    return _names(tuple(_MONTH_KEYS)).get(word.lower().rstrip("."), -1) + 1 or None


def weekday_number(word):
    return _names(tuple(_WEEKDAY_KEYS)).get(word.lower().rstrip(".,"))


def _alternation(table):
    return "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True))


_YEAR = r"(?P<year>1[89]\d\d|20\d\d)(?!\d)"
_ORDINAL = r"(?:st|nd|rd|th|er|e|º|°)?"

TIME = re.compile(
    r"(?<![\w:.])(?P<h>\d{1,2})(?:[:.](?P<m>[0-5]\d))?\s*(?P<ampm>[ap]\.?\s?m\.?)(?!\w)"
    r"|(?<![\w:.])(?P<h24>[01]?\d|2[0-3])[:.h](?P<m24>[0-5]\d)(?::\d\d)?(?![\w:])"
    r"|(?P<noon>\bnoon\b|\bmidday\b)",
    re.IGNORECASE,
)


@functools.cache
def _patterns():
    months = _alternation(_names(tuple(_MONTH_KEYS)))
    weekdays = _alternation(_names(tuple(_WEEKDAY_KEYS)))
    wd = rf"(?:(?P<weekday>{weekdays})\.?,?\s+(?:(?:den|le|el|the)\s+)?)?"
    day_first = (
        rf"{wd}(?:the\s+)?(?P<day>\d{{1,2}}){_ORDINAL}\.?(?:\s+of|\s+de)?\s+"
        rf"(?P<month>{months})\.?(?:,?(?:\s+de)?\s+{_YEAR})?"
    )
    month_first = (
        rf"{wd}(?P<month>{months})\.?\s+(?P<day>\d{{1,2}}){_ORDINAL}(?![\d:])"
        rf"(?:,?\s+{_YEAR})?"
    )
    asctime = (
        rf"(?P<weekday>{weekdays})\.?,?\s+(?P<month>{months})\.?\s+(?P<day>\d{{1,2}})"
        rf"\s+(?P<clock>\d{{1,2}}:\d\d(?::\d\d)?)\s+(?:[A-Z]{{2,5}}\s+)?{_YEAR}"
    )
    month_year = rf"(?P<month>{months})\.?,?\s+{_YEAR}"
    edge = r"(?<![\w])", r"(?![\w])"
    return [
        re.compile(edge[0] + p + edge[1], re.IGNORECASE)
        for p in (asctime, day_first, month_first, month_year)
    ]


_NUMERIC = re.compile(
    r"(?<![\w./-])(?:(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d)"
    r"|(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d))"
    r"(?![\w/-]|\.\d)"
)


@dataclass(frozen=True)
class Phrase:
    """A date phrase as written. `day` is None for "February 2009", `year`
    None for "February 10"."""

    text: str
    start: int
    end: int
    year: int | None
    month: int
    day: int | None
    weekday: int | None = None
    time: datetime.time | None = None

    @property
    def possible(self):
        """False for a day the month never has (31 February, 31 April)."""
        if self.day is None:
            return True
        if self.year is None:
            return self.day <= (29 if self.month == 2 else _days(2001, self.month))
        return 1 <= self.day <= _days(self.year, self.month)

    @property
    def date(self):
        if self.year is None or self.day is None or not self.possible:
            return None
        return datetime.date(self.year, self.month, self.day)

    @property
    def precision(self):
        return DAY if self.day is not None else MONTH

    @property
    def wrong_weekday(self):
        date = self.date
        return bool(
            date and self.weekday is not None and date.weekday() != self.weekday
        )

    def on(self, year):
        """The phrase's day in `year`, or None if it does not exist."""
        try:
            return datetime.date(year, self.month, self.day or 1)
        except ValueError:
            return None


def _days(year, month):
    return calendar.monthrange(year, month)[1]


def find_dates(text):
    """Every date phrase in `text`, in order, not overlapping."""
    found = []
    taken = []

    def free(start, end):
        return all(end <= s or start >= e for s, e in taken)

    for pattern in _patterns():
        for match in pattern.finditer(text):
            if not free(match.start(), match.end()):
                continue
            month = month_number(match.group("month"))
            groups = match.groupdict()
            year = int(groups["year"]) if groups.get("year") else None
            day = int(groups["day"]) if groups.get("day") else None
            if day is not None and not 1 <= day <= 31:
                continue
            weekday = (
                weekday_number(groups["weekday"]) if groups.get("weekday") else None
            )
            clock = _clock(groups["clock"]) if groups.get("clock") else None
            taken.append((match.start(), match.end()))
            found.append(
                Phrase(
                    match.group(),
                    match.start(),
                    match.end(),
                    year,
                    month,
                    day,
                    weekday,
                    clock,
                )
            )
    for match in _NUMERIC.finditer(text):
        if not free(match.start(), match.end()):
            continue
        if match.group("iy"):
            year, month, day = (int(match.group(g)) for g in ("iy", "im", "id"))
        else:
            a, b, year = (int(match.group(g)) for g in ("a", "b", "y"))
            day, month = (a, b) if b <= 12 else (b, a)  # day first, as in Europe
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        taken.append((match.start(), match.end()))
        found.append(
            Phrase(match.group(), match.start(), match.end(), year, month, day)
        )
    found.sort(key=lambda p: p.start)
    return [_with_time(text, p) for p in found]


_TIME_AFTER = re.compile(
    r"^(?:\s*(?:,|\||-|–|—|at|um|à|alle|a las|às|from|,\s*from)\s*|\s+)"
)


def _with_time(text, phrase):
    if phrase.time is not None:
        return phrase
    rest = text[phrase.end :]
    joint = _TIME_AFTER.match(rest)
    if not joint:
        return phrase
    match = TIME.match(rest, joint.end())
    if not match:
        return phrase
    clock = _time_of(match)
    if clock is None:
        return phrase
    return Phrase(
        phrase.text,
        phrase.start,
        phrase.end,
        phrase.year,
        phrase.month,
        phrase.day,
        phrase.weekday,
        clock,
    )


def _clock(text):
    hour, minute = text.split(":")[:2]
    return datetime.time(int(hour) % 24, int(minute))


def _time_of(match):
    if match.group("noon"):
        return datetime.time(12, 0)
    if match.group("h24") is not None:
        return datetime.time(int(match.group("h24")), int(match.group("m24")))
    hour, minute = int(match.group("h")), int(match.group("m") or 0)
    if not 1 <= hour <= 12:
        return None
    pm = match.group("ampm").lower().startswith("p")
    return datetime.time(hour % 12 + (12 if pm else 0), minute)


def find_time(text):
    """The first clock time in the text as datetime.time, or None."""
    for match in TIME.finditer(text):
        clock = _time_of(match)
        if clock is not None:
            return clock
    return None


def find_time_range(text):
    """(start, end) times of "10am - 5pm", "7.30pm till 9pm", or (start, None)."""
    times = [(m, _time_of(m)) for m in TIME.finditer(text)]
    times = [(m, t) for m, t in times if t is not None]
    if not times:
        return None, None
    first, start = times[0]
    if len(times) > 1:
        second, end = times[1]
        between = text[first.end() : second.start()]
        joined = re.fullmatch(
            r"\s*(?:-|–|—|to|till|until|bis|à|a|al)\s*", between, re.I
        )
        if joined and end > start:
            return start, end
    return start, None


def resolve_year(phrase, low=None, high=None):
    """(year, why) for a phrase without a year, from bounds on when it can be
    (`low`/`high`, dates or None) and its weekday; (None, why) when the
    evidence does not single out one year."""
    if low is None and high is None:
        if phrase.weekday is not None:
            return None, (
                f"{phrase.text!r}: a {calendar.day_name[phrase.weekday]} in many "
                "years, and nothing on the page bounds which"
            )
        return None, f"{phrase.text!r} has no year and nothing on the page gives one"
    if low is not None and high is not None:
        years = range(low.year, high.year + 1)
    elif high is not None:
        years = range(high.year - 1, high.year + 1)
    else:
        years = range(low.year, low.year + 2)
    fits = []
    for year in years:
        day = phrase.on(year)
        if day is None or (low and day < low) or (high and day > high):
            continue
        if phrase.weekday is not None and day.weekday() != phrase.weekday:
            continue
        fits.append(year)
    bounds = _bounds_text(low, high)
    if not fits:
        return None, f"{phrase.text!r} fits no year {bounds}"
    if phrase.weekday is not None:
        if len(fits) == 1:
            name = calendar.day_name[phrase.weekday]
            return fits[0], f"{phrase.text!r}: a {name} only in {fits[0]} {bounds}"
        return None, f"{phrase.text!r}: a fit in {fits} {bounds}"
    if low is not None and high is not None and len(fits) > 1:
        return None, f"{phrase.text!r} fits {fits} {bounds}"
    # One bound: the nearest year to it (a neighbour in a listing is close).
    year = fits[-1] if high is not None else fits[0]
    return year, f"{phrase.text!r}: {year}, the nearest year {bounds}"


def _bounds_text(low, high):
    parts = []
    if low:
        parts.append(f"after {low:%-d %B %Y}")
    if high:
        parts.append(f"before {high:%-d %B %Y}")
    return "(" + " and ".join(parts) + ")"


def show(date, precision):
    """A date as the report shows it at its precision."""
    if date is None or precision == UNKNOWN:
        return "no date"
    if precision == DAY:
        return f"{date:%-d %B %Y}"
    if precision == MONTH:
        return f"{date:%B %Y}"
    return f"{date:%Y}"
